// Project: CockroachDB (pkg/util/stop)
// Bug report: https://github.com/cockroachdb/cockroach/issues/59368
// fix: https://github.com/cockroachdb/cockroach/pull/59381
//
// Stopper.AddCloser registers a closer to run on Stop, or runs it at once if
// the stopper has already stopped. Stop took the list of closers and set its
// "stopped" state in separate steps, so an AddCloser running concurrently
// could land in between: too late to be in Stop's snapshot, too early to see
// the stopper as stopped. That closer is never called (wrong result: a
// resource is never released). The fix makes both steps one critical section.
package stop

import (
	"sync"
	"sync/atomic"
	"testing"
)

func runAddCloserDuringStop(t *testing.T, stop func(s *Stopper)) {
	s := &Stopper{}
	var calls atomic.Int32
	s.AddCloser(func() { calls.Add(1) })

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a component registering its cleanup while the server stops
		defer wg.Done()
		s.AddCloser(func() { calls.Add(1) })
	}()
	stop(s)
	wg.Wait()
	if calls.Load() != 2 {
		t.Error("a closer was not called")
	}
}

func TestAddCloserDuringStop(t *testing.T) {
	runAddCloserDuringStop(t, func(s *Stopper) { s.StopBuggy() })
}

func TestAddCloserDuringStopFixed(t *testing.T) {
	runAddCloserDuringStop(t, func(s *Stopper) { s.StopFixed() })
}

// expect TestAddCloserDuringStop: may fail
// expect TestAddCloserDuringStop: no race
// expect TestAddCloserDuringStopFixed: passes
// expect TestAddCloserDuringStopFixed: no race
