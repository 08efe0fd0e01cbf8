package containerd

import "sync"

type Container struct {
	ID      string
	ImageID string
}

// memoryStore mirrors the daemon's container store: ApplyAll calls the
// reducer on every container, each in its own goroutine.
type memoryStore struct {
	mu sync.RWMutex
	s  map[string]*Container
}

func (c *memoryStore) all() []*Container {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*Container
	for _, cont := range c.s {
		out = append(out, cont)
	}
	return out
}

func (c *memoryStore) ApplyAll(apply func(*Container)) {
	var wg sync.WaitGroup
	for _, cont := range c.all() {
		wg.Add(1)
		go func(container *Container) {
			apply(container)
			wg.Done()
		}(cont)
	}
	wg.Wait()
}

type imageSummary struct {
	Containers int
	LastUser   string
}

// summarize is the buggy version: the reducer updates the summary that the
// caller shares between all the reducer calls.
func summarize(store *memoryStore, imageID string) imageSummary {
	var summary imageSummary
	store.ApplyAll(func(c *Container) {
		if c.ImageID == imageID {
			summary.Containers++
			summary.LastUser = c.ID
		}
	})
	return summary
}

// summarizeFixed serializes the reducer's updates with a mutex.
func summarizeFixed(store *memoryStore, imageID string) imageSummary {
	var summary imageSummary
	var mu sync.Mutex
	store.ApplyAll(func(c *Container) {
		if c.ImageID == imageID {
			mu.Lock()
			summary.Containers++
			summary.LastUser = c.ID
			mu.Unlock()
		}
	})
	return summary
}
