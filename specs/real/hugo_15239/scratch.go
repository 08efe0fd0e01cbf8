package maps

import "sync"

// Scratch is a writable store for templates (.Scratch / newScratch).
type Scratch struct {
	mu     sync.RWMutex
	values map[string]map[string]string
}

func NewScratch() *Scratch {
	return &Scratch{values: make(map[string]map[string]string)}
}

// SetInMap stores value under mapKey in the map stored under key.
func (c *Scratch) SetInMap(key, mapKey, value string) {
	c.mu.Lock()
	if c.values[key] == nil {
		c.values[key] = make(map[string]string)
	}
	c.values[key][mapKey] = value
	c.mu.Unlock()
}

func sortStrings(a []string) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func sortedValues(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// GetSortedMapValuesBuggy drops the read lock as soon as it has looked the
// inner map up, then iterates and indexes that map unlocked.
func (c *Scratch) GetSortedMapValuesBuggy(key string) []string {
	c.mu.RLock()
	if c.values[key] == nil {
		c.mu.RUnlock()
		return nil
	}
	unsorted := c.values[key]
	c.mu.RUnlock()
	return sortedValues(unsorted)
}

// GetSortedMapValuesFixed holds the read lock for the whole operation.
func (c *Scratch) GetSortedMapValuesFixed(key string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.values[key] == nil {
		return nil
	}
	return sortedValues(c.values[key])
}
