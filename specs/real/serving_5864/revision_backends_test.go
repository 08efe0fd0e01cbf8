// Knative Serving: send on a closed channel in the activator's revision watcher.
// issue: https://github.com/knative/serving/issues/5864 (proposed fix: https://github.com/knative/serving/pull/5870)
//
// The activator keeps one watcher goroutine per revision, fed through the
// watcher's destsCh. The Endpoints informer handler looks the watcher up under
// the manager's lock but sends the new destinations after releasing it; when
// the revision is deleted concurrently, the delete path closes destsCh under
// the lock. A send that loses this race hits a closed channel: the race
// detector reports the send/close pair, and the activator panics with
// "send on closed channel".
package net

import (
	"sync"
	"testing"
)

func runRevision(t *testing.T, fixed bool) {
	m := newManager(fixed)
	first := m.getOrCreate("default/hello-00001")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		m.endpointsUpdated("default/hello-00001", []string{"10.0.0.1:8012"})
	}()
	var deleted *revisionWatcher
	go func() {
		defer wg.Done()
		deleted = m.revisionDeleted("default/hello-00001")
	}()
	wg.Wait()
	// the update may have re-created a watcher after the delete: remove it too
	if again := m.revisionDeleted("default/hello-00001"); again != nil {
		<-again.exited
	}
	if deleted != first {
		t.Errorf("the delete did not find the revision's watcher")
	}
	<-first.exited
}

func TestRevisionWatcherSendOnClosed(t *testing.T) {
	runRevision(t, false)
}

func TestRevisionWatcherSendOnClosedFixed(t *testing.T) {
	runRevision(t, true)
}

// expect TestRevisionWatcherSendOnClosed: may fail
// expect TestRevisionWatcherSendOnClosed: may panic "send on closed channel"
// expect TestRevisionWatcherSendOnClosedFixed: passes
// expect TestRevisionWatcherSendOnClosedFixed: no race
