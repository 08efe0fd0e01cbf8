// Project: Hugo (common/hstore Scratch, formerly common/maps)
// fix: https://github.com/gohugoio/hugo/pull/15239
// (fixes https://github.com/gohugoio/hugo/issues/15237)
//
// Scratch.GetSortedMapValues took the read lock only to fetch the inner map
// stored under a key, released it, and then ranged over and indexed that map
// with no lock held. A template on another goroutine calling SetInMap on the
// same key writes into that inner map under the write lock, concurrently with
// the unlocked reads: a data race (with real maps, "fatal error: concurrent
// map read and map write"). The fix keeps the read lock for the whole call.
package maps

import (
	"sync"
	"testing"
)

func runSortedDuringSet(t *testing.T, get func(c *Scratch, key string) []string) {
	c := NewScratch()
	c.SetInMap("weights", "b", "second")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // another page rendering in parallel
		defer wg.Done()
		c.SetInMap("weights", "a", "first")
	}()
	vals := get(c, "weights")
	if len(vals) == 0 || vals[len(vals)-1] != "second" {
		t.Error("sorted values lost the existing entry")
	}
	wg.Wait()
}

func TestGetSortedMapValuesConcurrentSet(t *testing.T) {
	runSortedDuringSet(t, func(c *Scratch, key string) []string { return c.GetSortedMapValuesBuggy(key) })
}

func TestGetSortedMapValuesConcurrentSetFixed(t *testing.T) {
	runSortedDuringSet(t, func(c *Scratch, key string) []string { return c.GetSortedMapValuesFixed(key) })
}

// expect TestGetSortedMapValuesConcurrentSet: may fail
// expect TestGetSortedMapValuesConcurrentSet: race on c.values
// expect TestGetSortedMapValuesConcurrentSetFixed: passes
// expect TestGetSortedMapValuesConcurrentSetFixed: no race
