package stop

import "sync"

// Stopper runs registered closers when it stops; a closer added after the
// stopper has stopped is run right away.
type Stopper struct {
	mu      sync.Mutex
	stopped bool
	closers []func()
}

func (s *Stopper) AddCloser(c func()) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		c()
		return
	}
	s.closers = append(s.closers, c)
	s.mu.Unlock()
}

// StopBuggy snapshots the closers, runs them, and only then marks the stopper
// stopped, in a second critical section.
func (s *Stopper) StopBuggy() {
	s.mu.Lock()
	closers := s.closers
	s.mu.Unlock()
	for _, c := range closers {
		c()
	}
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

// StopFixed marks the stopper stopped in the same critical section that takes
// the closers, so a concurrent AddCloser either is in the snapshot or sees
// stopped.
func (s *Stopper) StopFixed() {
	s.mu.Lock()
	s.stopped = true
	closers := s.closers
	s.closers = nil
	s.mu.Unlock()
	for _, c := range closers {
		c()
	}
}
