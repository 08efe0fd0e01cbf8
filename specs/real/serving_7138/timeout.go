package queue

// responseRecorder stands in for the http.ResponseWriter.
type responseRecorder struct {
	status int
}

type timeoutHandler struct {
	handler func(w *responseRecorder)
}

// ServeHTTP is the buggy version. The panic channel is closed by ServeHTTP
// (deferred) although the handler goroutine is the one that sends on it.
func (h *timeoutHandler) ServeHTTP(w *responseRecorder, timeout chan struct{}) {
	done := make(chan struct{})
	panicChan := make(chan string, 1)
	defer close(panicChan)
	go func() {
		defer func() {
			if recover() != nil {
				panicChan <- "handler panicked"
			}
		}()
		h.handler(w)
		close(done)
	}()
	select {
	case p := <-panicChan:
		panic(p)
	case <-done:
		return
	case <-timeout:
		w.status = 503
		return
	}
}

// ServeHTTPFixed uses one result channel that only the handler goroutine
// writes to; it is buffered, so a late result does not block either.
func (h *timeoutHandler) ServeHTTPFixed(w *responseRecorder, timeout chan struct{}) {
	resultCh := make(chan string, 1)
	go func() {
		panicked := true
		defer func() {
			if panicked && recover() != nil {
				resultCh <- "handler panicked"
				return
			}
			resultCh <- ""
		}()
		h.handler(w)
		panicked = false
	}()
	select {
	case p := <-resultCh:
		if p != "" {
			panic(p)
		}
		return
	case <-timeout:
		w.status = 503
		return
	}
}
