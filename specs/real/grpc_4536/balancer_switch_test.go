// Project: gRPC-Go (client balancer switching)
// fix: https://github.com/grpc/grpc-go/pull/4536
//
// An empty resolver update makes the ClientConn switch from the xDS balancer
// tree to pick_first while holding cc.mu; closing the old balancer waits for
// its run goroutine to exit. Concurrently an EDS response reaches that run
// goroutine, which calls NewSubConn and needs cc.mu. The switcher holds cc.mu
// waiting for the goroutine, the goroutine waits for cc.mu: a deadlock. The
// fix releases cc.mu before closing the old balancer.
package grpc

import "testing"

func TestSwitchBalancerDuringUpdate(t *testing.T) {
	cc := newClientConn()
	b := cc.balancer
	go b.run()

	edsDone := make(chan struct{})
	go func() { // an EDS response arriving
		defer close(edsDone)
		select {
		case b.updates <- "10.0.0.1:443":
		case <-b.closeCh:
		}
	}()

	cc.switchToPickFirstBuggy()
	<-edsDone
}

func TestSwitchBalancerDuringUpdateFixed(t *testing.T) {
	cc := newClientConn()
	b := cc.balancer
	go b.run()

	edsDone := make(chan struct{})
	go func() {
		defer close(edsDone)
		select {
		case b.updates <- "10.0.0.1:443":
		case <-b.closeCh:
		}
	}()

	cc.switchToPickFirstFixed()
	<-edsDone
	cc.mu.Lock()
	if cc.balancer != nil {
		t.Error("balancer not switched")
	}
	cc.mu.Unlock()
}

// expect TestSwitchBalancerDuringUpdate: may fail
// expect TestSwitchBalancerDuringUpdate: may deadlock
// expect TestSwitchBalancerDuringUpdateFixed: passes
// expect TestSwitchBalancerDuringUpdateFixed: no race
