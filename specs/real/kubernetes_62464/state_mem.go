package state

import "sync"

// stateMemory is the in-memory CPU assignment store of the CPU manager.
type stateMemory struct {
	mu            sync.RWMutex
	assignments   map[string]string
	defaultCPUSet string
}

func newStateMemory() *stateMemory {
	return &stateMemory{assignments: map[string]string{}, defaultCPUSet: "0-7"}
}

func (s *stateMemory) GetCPUSet(containerID string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	res, ok := s.assignments[containerID]
	return res, ok
}

func (s *stateMemory) GetDefaultCPUSet() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.defaultCPUSet
}

// GetCPUSetOrDefault is the buggy version: it read-locks and then calls
// helpers that read-lock the same RWMutex again.
func (s *stateMemory) GetCPUSetOrDefault(containerID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if res, ok := s.GetCPUSet(containerID); ok {
		return res
	}
	return s.GetDefaultCPUSet()
}

// GetCPUSetOrDefaultFixed takes each read lock only once, through the helpers.
func (s *stateMemory) GetCPUSetOrDefaultFixed(containerID string) string {
	if res, ok := s.GetCPUSet(containerID); ok {
		return res
	}
	return s.GetDefaultCPUSet()
}

func (s *stateMemory) SetDefaultCPUSet(cset string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.defaultCPUSet = cset
}
