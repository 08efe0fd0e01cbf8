// Istio: three-way deadlock in Pilot's discovery server (pushes stop forever).
// issue: https://github.com/istio/istio/issues/9882 (fix: https://github.com/istio/istio/pull/9883)
//
// Three goroutines close a cycle through two mutexes and one unbuffered
// channel. The debouncer (handleUpdates) receives an event from updateChannel
// and wants updateMutex; the debounce timer's doPush holds updateMutex and
// wants the server's mutex; an endpoint update holds mutex and sends the next
// event on updateChannel, which only the blocked debouncer would receive.
// Pilot keeps its connections open but never pushes again (deadlock).
package v2

import "testing"

func TestPushDeadlock(t *testing.T) {
	s := newDiscoveryServer()
	debounced := make(chan struct{})
	go func() {
		s.handleUpdates(2)
		close(debounced)
	}()
	pushed := make(chan struct{})
	go func() {
		s.doPush()
		close(pushed)
	}()
	s.edsUpdate()
	s.edsUpdate()
	<-debounced
	<-pushed
	s.mutex.RLock()
	defer s.mutex.RUnlock()
	if s.pushes != 1 {
		t.Errorf("pushes = %d, want 1", s.pushes)
	}
}

func TestPushDeadlockFixed(t *testing.T) {
	s := newDiscoveryServer()
	pending := make(chan int, 1)
	go func() {
		pending <- s.handleUpdatesFixed(2)
	}()
	pushed := make(chan struct{})
	go func() {
		s.doPush()
		close(pushed)
	}()
	s.edsUpdate()
	s.edsUpdate()
	if n := <-pending; n != 2 {
		t.Errorf("debouncer saw %d full updates, want 2", n)
	}
	<-pushed
	s.mutex.RLock()
	defer s.mutex.RUnlock()
	if s.pushes != 1 {
		t.Errorf("pushes = %d, want 1", s.pushes)
	}
}

// expect TestPushDeadlock: may fail
// expect TestPushDeadlock: may deadlock
// expect TestPushDeadlock: no race
// expect TestPushDeadlockFixed: passes
// expect TestPushDeadlockFixed: no race
