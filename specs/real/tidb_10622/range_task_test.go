// Project: TiDB (store/tikv range task runner, used by the GC worker)
// fix: https://github.com/pingcap/tidb/pull/10622
//
// RunOnRange starts workers and feeds them range tasks over a channel. A
// worker that hits an error reports it and returns, but the dispatch loop
// does not notice and keeps sending the remaining tasks; once every worker has
// quit, the send blocks forever. The GC worker runs this in a goroutine per GC
// job, so each failed resolve-locks phase leaked a goroutine stuck in
// "chan send" for hours. In the kernel's fixed version the failing worker
// signals the dispatcher, which stops sending.
package tikv

import "testing"

func runFailingJob(t *testing.T, fixed bool) {
	r := &RangeTaskRunner{handler: func(task string) string {
		if task == "region-1" {
			return "region unavailable"
		}
		return ""
	}}
	errCh := make(chan string, 1)
	jobDone := make(chan struct{})
	tasks := []string{"region-1", "region-2"}
	go func() { // the GC job goroutine
		defer close(jobDone)
		if fixed {
			r.RunOnRangeFixed(tasks, errCh)
		} else {
			r.RunOnRangeBuggy(tasks, errCh)
		}
	}()
	if err := <-errCh; err != "region unavailable" {
		t.Errorf("unexpected error %q", err)
	}
	if fixed {
		// the fixed runner must also return; the buggy one never does, so
		// its test only waits for the error report
		<-jobDone
	}
}

func TestRunOnRangeError(t *testing.T) {
	runFailingJob(t, false)
}

func TestRunOnRangeErrorFixed(t *testing.T) {
	runFailingJob(t, true)
}

// expect TestRunOnRangeError: may fail
// expect TestRunOnRangeError: may leak
// expect TestRunOnRangeError: no race
// expect TestRunOnRangeErrorFixed: passes
// expect TestRunOnRangeErrorFixed: no race
