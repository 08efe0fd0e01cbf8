package grpc

import "sync"

// childBalancer stands for the xDS (EDS) balancer: its run goroutine handles
// resource updates and creates SubConns through the ClientConn.
type childBalancer struct {
	cc      *ClientConn
	updates chan string
	closeCh chan struct{}
	done    chan struct{}
}

func newChildBalancer(cc *ClientConn) *childBalancer {
	return &childBalancer{
		cc:      cc,
		updates: make(chan string),
		closeCh: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

func (b *childBalancer) run() {
	defer close(b.done)
	for {
		select {
		case addr := <-b.updates:
			b.cc.newSubConn(addr)
		case <-b.closeCh:
			return
		}
	}
}

// close returns only once run has exited.
func (b *childBalancer) close() {
	close(b.closeCh)
	<-b.done
}

type ClientConn struct {
	mu       sync.Mutex
	balancer *childBalancer
	subConns map[string]bool
}

func newClientConn() *ClientConn {
	cc := &ClientConn{subConns: make(map[string]bool)}
	cc.balancer = newChildBalancer(cc)
	return cc
}

func (cc *ClientConn) newSubConn(addr string) {
	cc.mu.Lock()
	cc.subConns[addr] = true
	cc.mu.Unlock()
}

// switchToPickFirstBuggy closes the old balancer with cc.mu held.
func (cc *ClientConn) switchToPickFirstBuggy() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.balancer.close()
	cc.balancer = nil
}

// switchToPickFirstFixed swaps the balancer under cc.mu, closes it after.
func (cc *ClientConn) switchToPickFirstFixed() {
	cc.mu.Lock()
	old := cc.balancer
	cc.balancer = nil
	cc.mu.Unlock()
	old.close()
}
