// Project: etcd (clientv3 simple balancer)
// Bug report: https://github.com/etcd-io/etcd/issues/6395
// fix: https://github.com/etcd-io/etcd/pull/6429
//
// gRPC's connection goroutine may report an endpoint "up" concurrently with,
// or after, the client closing the balancer. Close closes the "an endpoint is
// up" channel when no endpoint is up, to wake blocked callers; Up closes the
// same channel when the first endpoint comes up. If Close runs first, the late
// Up closes the channel a second time: panic "close of closed channel". The
// fix adds a closed flag that makes Up a no-op after Close.
package clientv3

import (
	"sync"
	"testing"
)

func TestBalancerUpAfterClose(t *testing.T) {
	b := newSimpleBalancer()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // a caller blocked in get()
		defer wg.Done()
		b.get()
	}()
	go func() { // gRPC's transport goroutine
		defer wg.Done()
		b.upBuggy("127.0.0.1:2379")
	}()
	b.closeBuggy()
	wg.Wait()
}

func TestBalancerUpAfterCloseFixed(t *testing.T) {
	b := newSimpleBalancer()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		b.get()
	}()
	go func() {
		defer wg.Done()
		b.upFixed("127.0.0.1:2379")
	}()
	b.closeFixed()
	wg.Wait()
}

// expect TestBalancerUpAfterClose: may fail
// expect TestBalancerUpAfterClose: may panic "close of closed channel"
// expect TestBalancerUpAfterCloseFixed: passes
// expect TestBalancerUpAfterCloseFixed: no race
