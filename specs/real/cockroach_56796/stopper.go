package stop

import "sync"

// registry tracks live stoppers so tests can check that none leaked.
type registry struct {
	mu       sync.Mutex
	stoppers map[*Stopper]bool
}

func newRegistry() *registry {
	return &registry{stoppers: make(map[*Stopper]bool)}
}

func (r *registry) register(s *Stopper) {
	r.mu.Lock()
	r.stoppers[s] = true
	r.mu.Unlock()
}

func (r *registry) unregister(s *Stopper) {
	r.mu.Lock()
	delete(r.stoppers, s)
	r.mu.Unlock()
}

func (r *registry) live() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.stoppers)
}

type Stopper struct {
	stopped chan struct{}
	reg     *registry
}

func NewStopper(r *registry) *Stopper {
	s := &Stopper{stopped: make(chan struct{}), reg: r}
	r.register(s)
	return s
}

// IsStopped returns a channel that is closed once the stopper has stopped.
func (s *Stopper) IsStopped() chan struct{} { return s.stopped }

// StopBuggy announces that it has stopped before it unregisters itself.
func (s *Stopper) StopBuggy() {
	close(s.stopped)
	s.reg.unregister(s)
}

// StopFixed unregisters first, so "stopped" implies "unregistered".
func (s *Stopper) StopFixed() {
	s.reg.unregister(s)
	close(s.stopped)
}
