// Kubernetes: goroutine leak of wait.poller.
// fix: https://github.com/kubernetes/kubernetes/pull/70277
//
// WaitFor starts a poller goroutine that ticks on a channel until the timeout
// or until the caller's done channel is closed. When the condition becomes
// true early, WaitFor returns without telling the poller; callers such as
// WaitForCacheSync pass a stop channel that stays open for the life of the
// controller, so the poller stays blocked on its next tick send forever
// (goroutine leak), once per call.
package wait

import (
	"sync"
	"sync/atomic"
	"testing"
)

func runCacheSync(t *testing.T, waitFor func(func(chan struct{}) chan struct{}, func() bool, chan struct{}) bool) {
	var synced int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		atomic.StoreInt32(&synced, 1) // the informer finishes its initial list
	}()
	// the controller's stop channel: it is only closed at shutdown
	stopCh := make(chan struct{})
	ok := waitFor(poller(2), func() bool { return atomic.LoadInt32(&synced) == 1 }, stopCh)
	wg.Wait()
	if !ok {
		t.Log("cache did not sync before the timeout")
	}
}

func TestPollerLeak(t *testing.T) {
	runCacheSync(t, WaitFor)
}

func TestPollerLeakFixed(t *testing.T) {
	runCacheSync(t, WaitForFixed)
}

// expect TestPollerLeak: may fail
// expect TestPollerLeak: may leak
// expect TestPollerLeak: no race
// expect TestPollerLeakFixed: passes
// expect TestPollerLeakFixed: no race
