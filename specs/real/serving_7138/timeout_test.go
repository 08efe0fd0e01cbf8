// Knative Serving: panic in the queue-proxy timeout handler.
// fix: https://github.com/knative/serving/pull/7138
//
// timeoutHandler.ServeHTTP runs the wrapped handler in a goroutine that, on a
// panic, recovers and forwards the value on panicChan; ServeHTTP itself closes
// panicChan with a defer. When the request times out, ServeHTTP writes the 503
// and returns, closing the channel. If the handler panics after that, its
// goroutine sends on the closed channel and the whole process crashes with
// "send on closed channel", a panic nobody can recover.
package queue

import "testing"

func serve(t *testing.T, useFixed bool) (status int) {
	// a panic re-raised by ServeHTTP is handled by the server (HTTP 500)
	defer func() {
		if recover() != nil {
			status = 500
		}
	}()
	h := &timeoutHandler{handler: func(w *responseRecorder) {
		panic("boom")
	}}
	w := &responseRecorder{status: 200}
	timeout := make(chan struct{})
	go func() {
		close(timeout) // the request's deadline passes
	}()
	if useFixed {
		h.ServeHTTPFixed(w, timeout)
	} else {
		h.ServeHTTP(w, timeout)
	}
	return w.status
}

func TestTimeoutHandlerPanic(t *testing.T) {
	if s := serve(t, false); s != 503 && s != 500 {
		t.Errorf("status %d", s)
	}
}

func TestTimeoutHandlerPanicFixed(t *testing.T) {
	if s := serve(t, true); s != 503 && s != 500 {
		t.Errorf("status %d", s)
	}
}

// expect TestTimeoutHandlerPanic: may fail
// expect TestTimeoutHandlerPanic: may panic "send on closed channel"
// expect TestTimeoutHandlerPanicFixed: passes
// expect TestTimeoutHandlerPanicFixed: no race
