package collector

import "sync"

// spanWriter stands in for a storage writer with an internal channel that a
// background flusher drains; Close closes that channel.
type spanWriter struct {
	batch chan string
}

func newSpanWriter() *spanWriter {
	return &spanWriter{batch: make(chan string, 4)}
}

func (w *spanWriter) WriteSpan(span string) {
	w.batch <- span
}

func (w *spanWriter) Close() {
	close(w.batch)
}

// spanProcessor is the collector's bounded queue: one consumer goroutine
// takes spans off the queue and writes them to storage.
type spanProcessor struct {
	queue  chan string
	writer *spanWriter
	wg     sync.WaitGroup
}

func newSpanProcessor(w *spanWriter) *spanProcessor {
	p := &spanProcessor{queue: make(chan string, 4), writer: w}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for span := range p.queue {
			p.writer.WriteSpan(span)
		}
	}()
	return p
}

// Close stops accepting spans and waits until the queue is drained.
func (p *spanProcessor) Close() {
	close(p.queue)
	p.wg.Wait()
}

// shutdownBuggy closes the storage writer first and drains the queue after.
func shutdownBuggy(p *spanProcessor, w *spanWriter) {
	w.Close()
	p.Close()
}

// shutdownFixed drains the queue before closing the writer.
func shutdownFixed(p *spanProcessor, w *spanWriter) {
	p.Close()
	w.Close()
}
