// Project: Prometheus (storage/remote queue manager)
// fix: https://github.com/prometheus/prometheus/pull/10395
// (fixes https://github.com/prometheus/prometheus/issues/10264)
//
// Appending a sample takes the queue's batch mutex and, when the partial batch
// is full, sends it on the batch channel while still holding the mutex. The
// shard goroutine is the only reader of that channel, but when its send
// deadline fires it calls Batch(), which takes the same mutex to flush the
// partial batch. With the channel full, the appender waits for the shard and
// the shard waits for the mutex: remote write deadlocks. The fix makes the
// append non-blocking: on a full channel it pops the sample and returns false
// so the caller backs off and retries.
package remote

import (
	"sync"
	"testing"
)

func runAppendWithDeadline(t *testing.T, appendSample func(q *queue, s int) bool) {
	q := newQueue(1, 1)
	deadline := make(chan struct{})
	stop := make(chan struct{})
	shardDone := make(chan struct{})
	go runShard(q, deadline, stop, shardDone)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // batch_send_deadline timer
		defer wg.Done()
		select {
		case deadline <- struct{}{}:
		case <-stop:
		}
	}()

	for s := 1; s <= 2; s++ {
		for attempt := 0; attempt < 2; attempt++ {
			if appendSample(q, s) {
				break
			}
		}
	}
	close(stop)
	<-shardDone
	wg.Wait()
}

func TestAppendWhileShardFlushes(t *testing.T) {
	runAppendWithDeadline(t, func(q *queue, s int) bool { return q.AppendBuggy(s) })
}

func TestAppendWhileShardFlushesFixed(t *testing.T) {
	runAppendWithDeadline(t, func(q *queue, s int) bool { return q.AppendFixed(s) })
}

// expect TestAppendWhileShardFlushes: may fail
// expect TestAppendWhileShardFlushes: may deadlock
// expect TestAppendWhileShardFlushesFixed: passes
// expect TestAppendWhileShardFlushesFixed: no race
