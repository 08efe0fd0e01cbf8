// Project: Consul (agent log GatedWriter)
// fix: https://github.com/hashicorp/consul/pull/2262
//
// The agent's GatedWriter buffers log output until startup is complete and
// then flushes it. Write held only the read side of the RWMutex, on the theory
// that after the flush no synchronisation is needed, but before the flush it
// appends to the shared buffer slice: two goroutines logging at the same time
// both "read-lock" and append concurrently, a data race on the buffer that can
// lose log lines. The fix takes the write lock (re-checking the flag) on the
// buffering path.
package agent

import (
	"sync"
	"testing"
)

func runConcurrentLogging(t *testing.T, write func(w *GatedWriter, p string)) {
	w := &GatedWriter{Writer: &sink{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		write(w, "raft: starting")
	}()
	go func() {
		defer wg.Done()
		write(w, "serf: joined")
	}()
	wg.Wait()
	w.Flush()
	if n := len(w.Writer.lines); n != 2 {
		t.Errorf("got %d log lines, want 2", n)
	}
}

func TestGatedWriterRace(t *testing.T) {
	runConcurrentLogging(t, func(w *GatedWriter, p string) { w.WriteBuggy(p) })
}

func TestGatedWriterRaceFixed(t *testing.T) {
	runConcurrentLogging(t, func(w *GatedWriter, p string) { w.WriteFixed(p) })
}

// expect TestGatedWriterRace: race on w.buf
// expect TestGatedWriterRaceFixed: passes
// expect TestGatedWriterRaceFixed: no race
