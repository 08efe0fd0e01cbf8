// Project: TiDB (store/tikv coprocessor client)
// fix: https://github.com/pingcap/tidb/pull/6140
//
// The coprocessor iterator runs worker goroutines that send one response per
// task on a channel read by Next. A statement that stops early (an error, a
// LIMIT satisfied) calls Close without draining the channel. Close signals by
// closing a finished channel, but the workers only send on the response
// channel and never look at finished, so a worker with responses left blocks
// forever. (In TiDB, Close also waited for the workers and so hung as well;
// here Close only signals, and the stuck worker shows up as a leak.) The fix
// makes every send a select on the response channel and finished.
package tikv

import "testing"

func runEarlyClose(t *testing.T, fixed bool) {
	it := newCopIterator([]string{"region-1", "region-2"})
	if fixed {
		go it.workerFixed()
	} else {
		go it.workerBuggy()
	}
	if r := it.Next(); r != "resp:region-1" {
		t.Errorf("first response %q", r)
	}
	it.Close() // the executor got what it needed
}

func TestCopIteratorEarlyClose(t *testing.T) {
	runEarlyClose(t, false)
}

func TestCopIteratorEarlyCloseFixed(t *testing.T) {
	runEarlyClose(t, true)
}

// expect TestCopIteratorEarlyClose: may fail
// expect TestCopIteratorEarlyClose: may leak
// expect TestCopIteratorEarlyClose: no race
// expect TestCopIteratorEarlyCloseFixed: passes
// expect TestCopIteratorEarlyCloseFixed: no race
