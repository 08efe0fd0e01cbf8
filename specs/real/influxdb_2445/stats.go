package influxdb

import "sync"

// counter is one named statistic with its own lock.
type counter struct {
	mu    sync.RWMutex
	value int64
}

// Stats is a set of counters that the diagnostics endpoint walks while the
// write path keeps incrementing them.
type Stats struct {
	mu sync.RWMutex
	m  map[string]*counter
}

func NewStats() *Stats {
	return &Stats{m: make(map[string]*counter)}
}

func (s *Stats) get(key string) *counter {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.m[key]
	if !ok {
		c = &counter{}
		s.m[key] = c
	}
	return c
}

func (s *Stats) Add(key string, delta int64) {
	c := s.get(key)
	c.mu.Lock()
	c.value += delta
	c.mu.Unlock()
}

// WalkBuggy holds the map lock but reads each counter without its own lock.
func (s *Stats) WalkBuggy(f func(string, int64)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for k, v := range s.m {
		f(k, v.value)
	}
}

// WalkFixed also read-locks each counter while reading it.
func (s *Stats) WalkFixed(f func(string, int64)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for k, v := range s.m {
		v.mu.RLock()
		n := v.value
		v.mu.RUnlock()
		f(k, n)
	}
}
