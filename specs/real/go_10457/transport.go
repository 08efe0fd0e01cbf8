package http

import "sync"

type requestAndChan struct {
	req string
	ch  chan string // buffered: the read loop never blocks delivering
}

// persistConn is one client connection with its read loop.
type persistConn struct {
	lk                   sync.Mutex
	numExpectedResponses int
	closed               bool
	reqch                chan requestAndChan
	closech              chan struct{}
	wire                 chan string // bytes arriving from the server
}

func newPersistConn() *persistConn {
	return &persistConn{
		reqch:   make(chan requestAndChan),
		closech: make(chan struct{}),
		wire:    make(chan string, 1),
	}
}

func (pc *persistConn) close() {
	pc.lk.Lock()
	if !pc.closed {
		pc.closed = true
		close(pc.closech)
	}
	pc.lk.Unlock()
}

// peek waits for the first byte of a response, or for the conn to close.
func (pc *persistConn) peek() (string, bool) {
	select {
	case data := <-pc.wire:
		return data, true
	case <-pc.closech:
		return "", false
	}
}

func (pc *persistConn) readLoop(waitRequest func(pc *persistConn) (requestAndChan, bool)) {
	for alive := 0; alive < 2; alive++ {
		data, ok := pc.peek()
		pc.lk.Lock()
		if pc.numExpectedResponses == 0 {
			pc.lk.Unlock()
			pc.close()
			return
		}
		pc.lk.Unlock()

		rc, got := waitRequest(pc)
		if !got {
			return
		}
		if !ok {
			rc.ch <- "connection closed"
			pc.close()
			return
		}
		rc.ch <- data
		pc.lk.Lock()
		pc.numExpectedResponses--
		pc.lk.Unlock()
	}
}

// waitRequestBuggy: a response is expected, so a request must be coming.
func waitRequestBuggy(pc *persistConn) (requestAndChan, bool) {
	rc := <-pc.reqch
	return rc, true
}

// waitRequestFixed gives up when the connection is closed.
func waitRequestFixed(pc *persistConn) (requestAndChan, bool) {
	select {
	case rc := <-pc.reqch:
		return rc, true
	case <-pc.closech:
		return requestAndChan{}, false
	}
}

// roundTrip announces the response it expects, hands the request to the read
// loop, and waits; canceling closes the connection.
func (pc *persistConn) roundTrip(req string, cancel chan struct{}) string {
	pc.lk.Lock()
	pc.numExpectedResponses++
	pc.lk.Unlock()

	rc := requestAndChan{req: req, ch: make(chan string, 1)}
	select {
	case pc.reqch <- rc:
	case <-cancel:
		pc.close()
		return "canceled"
	case <-pc.closech:
		return "connection closed"
	}
	select {
	case resp := <-rc.ch:
		return resp
	case <-cancel:
		pc.close()
		return "canceled"
	}
}
