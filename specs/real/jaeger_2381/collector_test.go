// Project: Jaeger (collector shutdown)
// Bug report: https://github.com/jaegertracing/jaeger/issues/2379
// fix: https://github.com/jaegertracing/jaeger/pull/2381
//
// On shutdown the collector closed its span storage writers before stopping
// the queue processors, which drain the spans still queued. The draining
// consumer goroutine then hands spans to a writer that is already closed; with
// a channel-backed writer that is a "send on closed channel" panic, crashing
// the collector and losing the queued spans. The fix reorders shutdown:
// servers, then queue processors (with drain), then writers.
package collector

import "testing"

func runShutdown(t *testing.T, shutdown func(*spanProcessor, *spanWriter)) {
	w := newSpanWriter()
	p := newSpanProcessor(w)
	p.queue <- "span-1" // accepted just before the SIGTERM
	shutdown(p, w)
	n := 0
	for range w.batch {
		n++
	}
	if n != 1 {
		t.Errorf("%d spans reached storage, want 1", n)
	}
}

func TestCollectorShutdown(t *testing.T) {
	runShutdown(t, shutdownBuggy)
}

func TestCollectorShutdownFixed(t *testing.T) {
	runShutdown(t, shutdownFixed)
}

// expect TestCollectorShutdown: may fail
// expect TestCollectorShutdown: may panic "send on closed channel"
// expect TestCollectorShutdownFixed: passes
// expect TestCollectorShutdownFixed: no race
