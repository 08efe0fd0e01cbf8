// Project: gRPC-Go (internal/transport)
// Bug report: https://github.com/grpc/grpc-go/issues/4626
// fix: https://github.com/grpc/grpc-go/pull/4627
//
// Stream.RecvCompress waits for the response headers before reading the
// recvCompress field, but the wait also returns when the RPC's context is
// canceled. If cancellation and the arrival of the headers race, the
// application goroutine reads recvCompress while the transport's reader
// goroutine (operateHeaders) is writing it: a data race seen by CockroachDB's
// tests. The fix closes the stream on cancellation and then still waits for
// headerChan to be closed, so the read is ordered after any write.
package transport

import (
	"sync"
	"testing"
)

func runRecvCompress(t *testing.T, recv func(s *Stream) string) {
	s := newStream()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // transport reader goroutine
		defer wg.Done()
		s.operateHeaders("gzip")
	}()
	go func() { // the caller cancels the RPC
		defer wg.Done()
		close(s.ctxDone)
	}()
	c := recv(s)
	if c != "" && c != "gzip" {
		t.Error("unexpected compressor " + c)
	}
	wg.Wait()
}

func TestRecvCompressCancel(t *testing.T) {
	runRecvCompress(t, func(s *Stream) string { return s.RecvCompressBuggy() })
}

func TestRecvCompressCancelFixed(t *testing.T) {
	runRecvCompress(t, func(s *Stream) string { return s.RecvCompressFixed() })
}

// expect TestRecvCompressCancel: may fail
// expect TestRecvCompressCancel: race on s.recvCompress
// expect TestRecvCompressCancelFixed: passes
// expect TestRecvCompressCancelFixed: no race
