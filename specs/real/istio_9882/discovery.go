package v2

import "sync"

// DiscoveryServer keeps the push state under mutex and the debounce state
// under updateMutex; config events reach the debouncer on updateChannel.
type DiscoveryServer struct {
	mutex         sync.RWMutex
	updateMutex   sync.Mutex
	updateChannel chan bool

	pushes      int // guarded by mutex
	pendingFull int // guarded by updateMutex (buggy version)
}

func newDiscoveryServer() *DiscoveryServer {
	return &DiscoveryServer{updateChannel: make(chan bool)}
}

// ConfigUpdate queues a config change for the debouncer.
func (s *DiscoveryServer) ConfigUpdate(full bool) {
	s.updateChannel <- full
}

// edsUpdate handles an endpoint change: it holds the push-state lock and,
// still holding it, reports a config update.
func (s *DiscoveryServer) edsUpdate() {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.ConfigUpdate(true)
}

// handleUpdates is the buggy debouncer: it records every event in state
// shared with doPush, under updateMutex.
func (s *DiscoveryServer) handleUpdates(events int) {
	for i := 0; i < events; i++ {
		full := <-s.updateChannel
		s.updateMutex.Lock()
		if full {
			s.pendingFull++
		}
		s.updateMutex.Unlock()
	}
}

// handleUpdatesFixed keeps the debounce state local and takes no lock.
func (s *DiscoveryServer) handleUpdatesFixed(events int) int {
	pending := 0
	for i := 0; i < events; i++ {
		if <-s.updateChannel {
			pending++
		}
	}
	return pending
}

// doPush is fired by the debounce timer: it reads the debounce state under
// updateMutex and then needs the push-state lock.
func (s *DiscoveryServer) doPush() {
	s.updateMutex.Lock()
	defer s.updateMutex.Unlock()
	s.mutex.Lock()
	s.pushes++
	s.mutex.Unlock()
	s.pendingFull = 0
}
