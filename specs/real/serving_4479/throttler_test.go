// Knative Serving: race on the activator count in the activator's throttler.
// fix: https://github.com/knative/serving/pull/4479
//
// The activator-endpoints informer updates the throttler's activator count
// while the revision-endpoints handler reads it to compute this activator's
// share of a revision's capacity. The count is written and read with no
// synchronization (data race on t.activatorCount), and the handler reads it
// more than once, so a concurrent update between the reads leaves a capacity
// computed for one activator count recorded against another.
package activator

import (
	"sync"
	"testing"
)

func runThrottler(t *testing.T, fixed bool) {
	th := &Throttler{activatorCount: 1}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a second activator replica comes up
		defer wg.Done()
		if fixed {
			th.activatorsUpdatedFixed(2)
		} else {
			th.activatorsUpdated(2)
		}
	}()
	if fixed { // the revision scales to 4 pods
		th.revisionUpdatedFixed(4)
	} else {
		th.revisionUpdated(4)
	}
	wg.Wait()
	capacity, n := th.share()
	if capacity != 4*containerConcurrency/n {
		t.Errorf("capacity %d was not computed for %d activators", capacity, n)
	}
}

func TestActivatorCountRace(t *testing.T) {
	runThrottler(t, false)
}

func TestActivatorCountRaceFixed(t *testing.T) {
	runThrottler(t, true)
}

// expect TestActivatorCountRace: may fail
// expect TestActivatorCountRace: race on th.activatorCount
// expect TestActivatorCountRaceFixed: passes
// expect TestActivatorCountRaceFixed: no race
