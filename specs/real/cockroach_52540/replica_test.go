// Project: CockroachDB (kvserver replica)
// Bug report: https://github.com/cockroachdb/cockroach/issues/52514
// fix: https://github.com/cockroachdb/cockroach/pull/52540
//
// checkExecutionCanProceed took the replica's read lock and, while holding
// it, called getFreezeStart, which takes the same read lock again. A Go
// RWMutex is not reentrant for readers: once a writer is waiting in Lock, new
// RLock calls block until that writer is done. If a writer arrives between the
// two RLocks, the writer waits for the first reader and the second RLock waits
// for the writer: a deadlock. The fix reads the field under the lock already
// held.
package kvserver

import (
	"sync"
	"testing"
)

func runCheckWithWriter(t *testing.T, check func(r *Replica) bool) {
	r := &Replica{}
	r.leaseValid = true
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a concurrent merge freezes the range
		defer wg.Done()
		r.freeze(7)
	}()
	check(r)
	wg.Wait()
	if r.getFreezeStart() != 7 {
		t.Error("freeze lost")
	}
}

func TestCheckExecutionCanProceed(t *testing.T) {
	runCheckWithWriter(t, func(r *Replica) bool { return r.checkExecutionCanProceedBuggy() })
}

func TestCheckExecutionCanProceedFixed(t *testing.T) {
	runCheckWithWriter(t, func(r *Replica) bool { return r.checkExecutionCanProceedFixed() })
}

// expect TestCheckExecutionCanProceed: may deadlock
// expect TestCheckExecutionCanProceed: no race
// expect TestCheckExecutionCanProceedFixed: passes
// expect TestCheckExecutionCanProceedFixed: no race
