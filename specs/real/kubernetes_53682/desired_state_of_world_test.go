// Kubernetes: kubelet volume manager writes its desired state under a read lock.
// fix: https://github.com/kubernetes/kubernetes/pull/53682 (issue https://github.com/kubernetes/kubernetes/issues/53590)
//
// The node status updater calls MarkVolumesReportedInUse, which rewrites the
// entries of the desired-state map while holding only RLock. The volume
// reconciler concurrently reads the same map under RLock. Two read locks do not
// exclude each other, so the map write and the map read are unsynchronized:
// a data race (in production, "concurrent map read and map write").
package cache

import (
	"sync"
	"testing"
)

func runVolumeManager(t *testing.T, mark func(dsw *desiredStateOfWorld, reported []string)) {
	dsw := newDesiredStateOfWorld()
	dsw.AddPodToVolume("vol-a", "pod-1")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // node status updater
		defer wg.Done()
		mark(dsw, []string{"vol-a"})
	}()
	mounted := 0
	go func() { // reconciler
		defer wg.Done()
		mounted = len(dsw.GetVolumesToMount())
	}()
	wg.Wait()
	if mounted > 1 {
		t.Errorf("reconciler saw %d volumes, want at most 1", mounted)
	}
}

func TestDesiredStateRLockWrite(t *testing.T) {
	runVolumeManager(t, func(dsw *desiredStateOfWorld, r []string) { dsw.MarkVolumesReportedInUse(r) })
}

func TestDesiredStateRLockWriteFixed(t *testing.T) {
	runVolumeManager(t, func(dsw *desiredStateOfWorld, r []string) { dsw.MarkVolumesReportedInUseFixed(r) })
}

// expect TestDesiredStateRLockWrite: race on dsw.volumesToMount
// expect TestDesiredStateRLockWriteFixed: passes
// expect TestDesiredStateRLockWriteFixed: no race
