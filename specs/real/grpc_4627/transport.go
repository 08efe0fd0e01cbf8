package transport

import "sync/atomic"

// Stream is the client side of one RPC. The reader goroutine fills in the
// header fields and then closes headerChan; whoever wins headerChanClosed
// closes headerChan.
type Stream struct {
	ctxDone          chan struct{} // closed when the RPC's context is canceled
	headerChan       chan struct{}
	headerChanClosed int32
	recvCompress     string
}

func newStream() *Stream {
	return &Stream{ctxDone: make(chan struct{}), headerChan: make(chan struct{})}
}

// operateHeaders runs on the transport's reader goroutine when the response
// headers arrive.
func (s *Stream) operateHeaders(encoding string) {
	if atomic.CompareAndSwapInt32(&s.headerChanClosed, 0, 1) {
		s.recvCompress = encoding
		close(s.headerChan)
	}
}

// closeStream is what the client does to a canceled stream: headers that
// arrive later are ignored.
func (s *Stream) closeStream() {
	if atomic.CompareAndSwapInt32(&s.headerChanClosed, 0, 1) {
		close(s.headerChan)
	}
}

func (s *Stream) waitOnHeaderBuggy() {
	select {
	case <-s.ctxDone:
	case <-s.headerChan:
	}
}

func (s *Stream) waitOnHeaderFixed() {
	select {
	case <-s.ctxDone:
		// stop the headers from changing, then wait for whoever closes
		// headerChan (this goroutine, or operateHeaders if it got there first)
		s.closeStream()
		<-s.headerChan
	case <-s.headerChan:
	}
}

func (s *Stream) RecvCompressBuggy() string {
	s.waitOnHeaderBuggy()
	return s.recvCompress
}

func (s *Stream) RecvCompressFixed() string {
	s.waitOnHeaderFixed()
	return s.recvCompress
}
