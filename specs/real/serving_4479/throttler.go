package activator

import "sync"

const containerConcurrency = 10

func minOneOrValue(num int) int {
	if num > 1 {
		return num
	}
	return 1
}

// Throttler bounds the requests the activator sends to a revision; its share
// of the revision's capacity depends on how many activator replicas exist.
type Throttler struct {
	mu             sync.Mutex
	activatorCount int

	capacity       int // this activator's share
	computedForNum int // activator count the share was computed for
}

// activatorsUpdated is the activator-endpoints informer handler.
// Buggy version: unsynchronized write.
func (th *Throttler) activatorsUpdated(n int) {
	th.activatorCount = n
}

// revisionUpdated recomputes the share for a new backend count.
// Buggy version: unsynchronized reads, and two of them.
func (th *Throttler) revisionUpdated(backends int) {
	capacity := backends * containerConcurrency / minOneOrValue(th.activatorCount)
	th.mu.Lock()
	th.capacity = capacity
	th.computedForNum = minOneOrValue(th.activatorCount)
	th.mu.Unlock()
}

func (th *Throttler) activatorsUpdatedFixed(n int) {
	th.mu.Lock()
	th.activatorCount = n
	th.mu.Unlock()
}

// revisionUpdatedFixed reads the activator count once, under the lock.
func (th *Throttler) revisionUpdatedFixed(backends int) {
	th.mu.Lock()
	defer th.mu.Unlock()
	n := minOneOrValue(th.activatorCount)
	th.capacity = backends * containerConcurrency / n
	th.computedForNum = n
}

func (th *Throttler) share() (int, int) {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.capacity, th.computedForNum
}
