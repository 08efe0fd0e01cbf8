// Project: CockroachDB (pkg/util/stop)
// fix: https://github.com/cockroachdb/cockroach/pull/56796
// (fixes https://github.com/cockroachdb/cockroach/issues/56795)
//
// Stop closed the stopper's "stopped" channel and only afterwards removed the
// stopper from the global registry of live stoppers. The leak checker waits
// for IsStopped() and then looks at the registry; between the close and the
// unregister it finds a stopper that has stopped but is still registered and
// reports a leaked stopper (flaky test failures, wrong result). The fix
// unregisters before closing the channel.
package stop

import "testing"

func runStopThenLeakCheck(t *testing.T, stop func(s *Stopper)) {
	r := newRegistry()
	s := NewStopper(r)
	go stop(s) // server shutdown on its own goroutine

	<-s.IsStopped()
	if r.live() != 0 {
		t.Error("leaked stopper: stopped but still registered")
	}
}

func TestStopperLeakCheck(t *testing.T) {
	runStopThenLeakCheck(t, func(s *Stopper) { s.StopBuggy() })
}

func TestStopperLeakCheckFixed(t *testing.T) {
	runStopThenLeakCheck(t, func(s *Stopper) { s.StopFixed() })
}

// expect TestStopperLeakCheck: may fail
// expect TestStopperLeakCheck: no race
// expect TestStopperLeakCheckFixed: passes
// expect TestStopperLeakCheckFixed: no race
