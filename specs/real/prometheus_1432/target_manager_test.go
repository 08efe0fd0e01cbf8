// Project: Prometheus (retrieval target manager)
// fix: https://github.com/prometheus/prometheus/pull/1432
//
// A method that already holds the target manager's RWMutex for reading calls
// another method that read-locks it again. That usually works, but if a writer
// (a config reload taking the write lock) arrives between the two RLocks, the
// second RLock queues behind the waiting writer, which itself waits for the
// first read lock to be released: a deadlock of the status page and the reload.
// The fix avoids the double acquisition by calling a helper that assumes the
// lock is held.
package retrieval

import "testing"

func TestTargetsDuringReload(t *testing.T) {
	tm := NewTargetManager()
	reloaded := make(chan struct{})
	go func() { // SIGHUP: reload the configuration
		tm.ApplyConfig("node", []string{"a:9100", "b:9100"})
		close(reloaded)
	}()
	if n := tm.TargetsBuggy(); n != 1 && n != 2 {
		t.Error("unexpected number of targets")
	}
	<-reloaded
}

func TestTargetsDuringReloadFixed(t *testing.T) {
	tm := NewTargetManager()
	reloaded := make(chan struct{})
	go func() {
		tm.ApplyConfig("node", []string{"a:9100", "b:9100"})
		close(reloaded)
	}()
	if n := tm.TargetsFixed(); n != 1 && n != 2 {
		t.Error("unexpected number of targets")
	}
	<-reloaded
}

// expect TestTargetsDuringReload: may fail
// expect TestTargetsDuringReload: may deadlock
// expect TestTargetsDuringReloadFixed: passes
// expect TestTargetsDuringReloadFixed: no race
