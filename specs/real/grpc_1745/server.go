package grpc

import "sync"

type rawConn struct {
	accepted bool
	served   bool
	rejected bool
	done     chan struct{}
}

// Server accepts connections from lis until quit is closed.
type Server struct {
	mu        sync.Mutex
	lis       chan *rawConn
	quit      chan struct{}
	serveDone chan struct{}
	conns     map[*rawConn]bool // nil once the server has stopped
}

func newServer() *Server {
	return &Server{
		lis:       make(chan *rawConn, 1),
		quit:      make(chan struct{}),
		serveDone: make(chan struct{}),
		conns:     make(map[*rawConn]bool),
	}
}

func (s *Server) accept() *rawConn {
	select {
	case c := <-s.lis:
		return c
	case <-s.quit:
		return nil
	}
}

func (s *Server) Serve() {
	defer close(s.serveDone)
	for {
		c := s.accept()
		if c == nil {
			return
		}
		c.accepted = true
		s.handleRawConn(c)
	}
}

func (s *Server) handleRawConn(c *rawConn) {
	s.mu.Lock()
	if s.conns == nil { // already stopped: drop the connection
		s.mu.Unlock()
		c.rejected = true
		close(c.done)
		return
	}
	s.conns[c] = true
	s.mu.Unlock()

	c.served = true // serve the client's RPCs

	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	close(c.done)
}

func (s *Server) drain() {
	s.mu.Lock()
	var open []*rawConn
	for c := range s.conns {
		open = append(open, c)
	}
	s.mu.Unlock()
	for _, c := range open {
		<-c.done
	}
	s.mu.Lock()
	s.conns = nil
	s.mu.Unlock()
}

// GracefulStopBuggy stops accepting and drains the connections it knows of,
// without waiting for a connection that Serve has accepted but not registered.
func (s *Server) GracefulStopBuggy() {
	close(s.quit)
	s.drain()
}

// GracefulStopFixed waits for Serve to return (so every accepted connection
// is registered) before draining.
func (s *Server) GracefulStopFixed() {
	close(s.quit)
	<-s.serveDone
	s.drain()
}
