// Project: gRPC-Go (server)
// Bug report: https://github.com/grpc/grpc-go/issues/1737
// fix: https://github.com/grpc/grpc-go/pull/1745
//
// GracefulStop closes the listeners and then waits for the connections the
// server is tracking to finish. A connection that Serve's accept loop has
// already accepted, but whose handler has not yet registered it, is missed:
// GracefulStop marks the server stopped, and the handler then sees the stopped
// server and closes the connection unserved. A client whose connection was
// accepted before the stop gets an error (wrong result). The fix makes
// GracefulStop wait for the Serve loops to return before draining.
package grpc

import "testing"

func runGracefulStop(t *testing.T, stop func(s *Server)) {
	s := newServer()
	c := &rawConn{done: make(chan struct{})}
	s.lis <- c // the client's connection is waiting in the listener's backlog
	go s.Serve()

	stop(s)
	<-s.serveDone
	if c.accepted {
		<-c.done
		if !c.served {
			t.Error("connection accepted before GracefulStop was closed unserved")
		}
	}
}

func TestGracefulStopRacesAccept(t *testing.T) {
	runGracefulStop(t, func(s *Server) { s.GracefulStopBuggy() })
}

func TestGracefulStopRacesAcceptFixed(t *testing.T) {
	runGracefulStop(t, func(s *Server) { s.GracefulStopFixed() })
}

// expect TestGracefulStopRacesAccept: may fail
// expect TestGracefulStopRacesAccept: no race
// expect TestGracefulStopRacesAcceptFixed: passes
// expect TestGracefulStopRacesAcceptFixed: no race
