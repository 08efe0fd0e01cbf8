package clientv3

import "sync"

// simpleBalancer pins client requests to endpoints that are up. upc is closed
// once some endpoint is up, so that blocked get() calls can proceed; close()
// also closes it (when nothing is up) to release those waiters.
type simpleBalancer struct {
	mu     sync.Mutex
	upc    chan struct{}
	upEps  int
	closed bool
}

func newSimpleBalancer() *simpleBalancer {
	return &simpleBalancer{upc: make(chan struct{})}
}

// get waits until an endpoint is up or the balancer is closed.
func (b *simpleBalancer) get() bool {
	b.mu.Lock()
	ch := b.upc
	b.mu.Unlock()
	<-ch
	b.mu.Lock()
	ok := !b.closed
	b.mu.Unlock()
	return ok
}

// upBuggy is called by the connection goroutine when a transport comes up;
// nothing stops it from running after closeBuggy.
func (b *simpleBalancer) upBuggy(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.upEps++
	if b.upEps == 1 {
		close(b.upc)
	}
}

func (b *simpleBalancer) closeBuggy() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.upEps == 0 {
		close(b.upc) // release waiting get()s
	}
}

// upFixed ignores endpoints that come up after the balancer was closed.
func (b *simpleBalancer) upFixed(addr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.upEps++
	if b.upEps == 1 {
		close(b.upc)
	}
}

func (b *simpleBalancer) closeFixed() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	if b.upEps == 0 {
		close(b.upc)
	}
}
