// Project: Go standard library (net/http Transport), found by etcd's leak check
// Bug report: https://github.com/golang/go/issues/10457
//
// A persistent connection's readLoop goroutine peeks for a response, checks
// under the connection lock that a response is expected (roundTrip increments
// numExpectedResponses before handing over its request), and then receives the
// request from reqch. If the request is canceled after roundTrip announced it
// but before it was handed over, roundTrip returns and the connection is
// closed, yet readLoop already decided a request is coming and blocks on
// reqch forever: a leaked goroutine after the test finished. The fixed read
// loop also watches for the connection closing while it waits.
package http

import "testing"

func runCanceledRoundTrip(t *testing.T, waitRequest func(pc *persistConn) (requestAndChan, bool)) {
	pc := newPersistConn()
	go pc.readLoop(waitRequest)

	cancel := make(chan struct{})
	go func() { pc.wire <- "HTTP/1.1 200 OK" }() // the server answers
	go func() { close(cancel) }()                // the client gives up (CancelRequest)

	resp := pc.roundTrip("GET /v2/keys", cancel)
	if resp != "HTTP/1.1 200 OK" && resp != "canceled" && resp != "connection closed" {
		t.Error("unexpected response " + resp)
	}
	pc.close() // CloseIdleConnections at the end of the test
}

func TestCanceledRequestReadLoop(t *testing.T) {
	runCanceledRoundTrip(t, waitRequestBuggy)
}

func TestCanceledRequestReadLoopFixed(t *testing.T) {
	runCanceledRoundTrip(t, waitRequestFixed)
}

// expect TestCanceledRequestReadLoop: may fail
// expect TestCanceledRequestReadLoop: may leak
// expect TestCanceledRequestReadLoopFixed: passes
// expect TestCanceledRequestReadLoopFixed: no race
