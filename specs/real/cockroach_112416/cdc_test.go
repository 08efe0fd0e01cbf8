// Project: CockroachDB (roachtest cdc)
// fix: https://github.com/cockroachdb/cockroach/pull/112416
// (fixes https://github.com/cockroachdb/cockroach/issues/112374)
//
// To fix a race at test termination, the cdc roachtest's workload goroutine
// was made to signal "finished" by sending on a new unbuffered channel. Not
// every caller receives from it: a caller that stops waiting (here, because
// the test's own stop signal wins the select) or ignores the returned channel
// leaves the workload goroutine blocked on that send forever, so the test's
// monitor never sees it exit (the roachtest timed out). The fix signals
// termination by closing the channel.
package tests

import "testing"

func runWorkloadUntilStop(t *testing.T, start func(ct *cdcTester, rows int) chan struct{}) {
	ct := &cdcTester{}
	stop := make(chan struct{})
	go func() { close(stop) }() // the test's duration elapses

	finished := start(ct, 2)
	select {
	case <-finished:
		if ct.rows.Load() != 2 {
			t.Error("workload reported finished before writing its rows")
		}
	case <-stop:
	}
}

func TestWorkloadFinishedSignal(t *testing.T) {
	runWorkloadUntilStop(t, func(ct *cdcTester, rows int) chan struct{} { return ct.startWorkloadBuggy(rows) })
}

func TestWorkloadFinishedSignalFixed(t *testing.T) {
	runWorkloadUntilStop(t, func(ct *cdcTester, rows int) chan struct{} { return ct.startWorkloadFixed(rows) })
}

// expect TestWorkloadFinishedSignal: may fail
// expect TestWorkloadFinishedSignal: may leak
// expect TestWorkloadFinishedSignalFixed: passes
// expect TestWorkloadFinishedSignalFixed: no race
