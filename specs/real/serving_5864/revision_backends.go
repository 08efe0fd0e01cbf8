package net

import "sync"

type revisionWatcher struct {
	destsCh chan []string
	done    chan struct{} // fixed version: closed when the revision goes away
	exited  chan struct{}
	last    []string
}

// run consumes endpoint updates. Buggy version: until destsCh is closed.
func (rw *revisionWatcher) run() {
	defer close(rw.exited)
	for dests := range rw.destsCh {
		rw.last = dests
	}
}

// runFixed stops when done is closed; destsCh is never closed.
func (rw *revisionWatcher) runFixed() {
	defer close(rw.exited)
	for {
		select {
		case <-rw.done:
			return
		case dests := <-rw.destsCh:
			rw.last = dests
		}
	}
}

type revisionBackendsManager struct {
	mu       sync.RWMutex
	watchers map[string]*revisionWatcher
	fixed    bool
}

func newManager(fixed bool) *revisionBackendsManager {
	return &revisionBackendsManager{watchers: map[string]*revisionWatcher{}, fixed: fixed}
}

func (m *revisionBackendsManager) getOrCreate(rev string) *revisionWatcher {
	m.mu.Lock()
	defer m.mu.Unlock()
	rw, ok := m.watchers[rev]
	if !ok {
		rw = &revisionWatcher{destsCh: make(chan []string), done: make(chan struct{}), exited: make(chan struct{})}
		m.watchers[rev] = rw
		if m.fixed {
			go rw.runFixed()
		} else {
			go rw.run()
		}
	}
	return rw
}

// endpointsUpdated is the Endpoints informer's update handler: it looks the
// watcher up under the lock and hands it the new destinations after
// releasing it.
func (m *revisionBackendsManager) endpointsUpdated(rev string, dests []string) {
	rw := m.getOrCreate(rev)
	if !m.fixed {
		rw.destsCh <- dests
		return
	}
	select {
	case <-rw.done:
	case rw.destsCh <- dests:
	}
}

// revisionDeleted tears the watcher down. Buggy version: closes destsCh,
// which a concurrent endpointsUpdated may be about to send on.
func (m *revisionBackendsManager) revisionDeleted(rev string) *revisionWatcher {
	m.mu.Lock()
	defer m.mu.Unlock()
	rw, ok := m.watchers[rev]
	if !ok {
		return nil
	}
	delete(m.watchers, rev)
	if m.fixed {
		close(rw.done)
	} else {
		close(rw.destsCh)
	}
	return rw
}
