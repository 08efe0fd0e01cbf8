package agent

import "sync"

// sink is the real log output (safe for concurrent use).
type sink struct {
	mu    sync.Mutex
	lines []string
}

func (s *sink) Write(p string) {
	s.mu.Lock()
	s.lines = append(s.lines, p)
	s.mu.Unlock()
}

// GatedWriter holds log lines back until Flush is called (the agent is fully
// configured), then passes everything through.
type GatedWriter struct {
	Writer *sink
	lock   sync.RWMutex
	flush  bool
	buf    []string
}

func (w *GatedWriter) Flush() {
	w.lock.Lock()
	w.flush = true
	pending := w.buf
	w.buf = nil
	w.lock.Unlock()
	for _, p := range pending {
		w.Writer.Write(p)
	}
}

// WriteBuggy only takes the read lock, yet appends to buf.
func (w *GatedWriter) WriteBuggy(p string) {
	w.lock.RLock()
	defer w.lock.RUnlock()
	if w.flush {
		w.Writer.Write(p)
		return
	}
	w.buf = append(w.buf, p)
}

// WriteFixed keeps the cheap read-locked path for the flushed case and takes
// the write lock (re-checking flush) when it has to buffer.
func (w *GatedWriter) WriteFixed(p string) {
	w.lock.RLock()
	if w.flush {
		w.lock.RUnlock()
		w.Writer.Write(p)
		return
	}
	w.lock.RUnlock()

	w.lock.Lock()
	defer w.lock.Unlock()
	if w.flush {
		w.Writer.Write(p)
		return
	}
	w.buf = append(w.buf, p)
}
