// Kubernetes: kubelet CPU manager deadlock from a recursive read lock.
// fix: https://github.com/kubernetes/kubernetes/pull/62464
//
// GetCPUSetOrDefault takes the state's RWMutex for reading and, while holding
// it, calls GetCPUSet / GetDefaultCPUSet, which read-lock it again. The static
// policy concurrently calls SetDefaultCPUSet (a writer). If the writer's Lock
// arrives between the outer and the inner RLock, the writer waits for the
// outer reader, and the inner RLock waits behind the pending writer: the pod
// sync goroutine and the policy goroutine deadlock.
package state

import "testing"

func runCPUManager(t *testing.T, get func(s *stateMemory, id string) string) {
	s := newStateMemory()
	done := make(chan struct{})
	go func() {
		// the static policy shrinks the shared pool while a pod is removed
		s.SetDefaultCPUSet("0-3")
		close(done)
	}()
	got := get(s, "container-1")
	<-done
	if got != "0-7" && got != "0-3" {
		t.Errorf("unexpected cpuset %q", got)
	}
}

func TestCPUManagerDoubleRLock(t *testing.T) {
	runCPUManager(t, func(s *stateMemory, id string) string { return s.GetCPUSetOrDefault(id) })
}

func TestCPUManagerDoubleRLockFixed(t *testing.T) {
	runCPUManager(t, func(s *stateMemory, id string) string { return s.GetCPUSetOrDefaultFixed(id) })
}

// expect TestCPUManagerDoubleRLock: may fail
// expect TestCPUManagerDoubleRLock: may deadlock
// expect TestCPUManagerDoubleRLock: no race
// expect TestCPUManagerDoubleRLockFixed: passes
// expect TestCPUManagerDoubleRLockFixed: no race
