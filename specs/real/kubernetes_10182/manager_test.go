// Kubernetes: kubelet status manager deadlock.
// fix: https://github.com/kubernetes/kubernetes/pull/10182
//
// SetPodStatus (called by the pod sync loop) takes podStatusesLock and, still
// holding it, pushes the pod onto the bounded update queue. The syncer
// goroutine pops an update and, when the API server rejects it (the pod was
// already deleted), calls DeletePodStatus, which needs the same lock. If the
// queue is full at that moment the producer waits for the syncer while holding
// the lock the syncer waits for: both goroutines block forever (deadlock).
package status

import "testing"

func runSync(t *testing.T, set func(m *manager, pod, status string)) {
	// pod "a" is gone from the API server, "b" and "c" still exist
	m := newManager([]string{"b", "c"}, 1)
	done := make(chan struct{})
	go func() {
		m.syncBatch(2)
		close(done)
	}()
	set(m, "a", "Terminated")
	set(m, "b", "Running")
	set(m, "c", "Running")
	<-done
	if m.cached("a") {
		t.Errorf("status of deleted pod a is still cached")
	}
}

func TestStatusManagerDeadlock(t *testing.T) {
	runSync(t, func(m *manager, pod, status string) { m.SetPodStatus(pod, status) })
}

func TestStatusManagerDeadlockFixed(t *testing.T) {
	runSync(t, func(m *manager, pod, status string) { m.SetPodStatusFixed(pod, status) })
}

// expect TestStatusManagerDeadlock: may fail
// expect TestStatusManagerDeadlock: may deadlock
// expect TestStatusManagerDeadlock: no race
// expect TestStatusManagerDeadlockFixed: passes
// expect TestStatusManagerDeadlockFixed: no race
