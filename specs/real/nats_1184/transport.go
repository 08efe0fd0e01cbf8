package server

import "sync"

// natsConn makes a NATS subscription look like a stream connection for the
// RAFT transport: the subscription's message callback queues the payloads,
// the RAFT side reads them from inbox.
type natsConn struct {
	mu     sync.Mutex
	closed bool
	inbox  chan string
}

func newNatsConn() *natsConn {
	return &natsConn{inbox: make(chan string, 4)}
}

// onMsgBuggy runs on the NATS client's delivery goroutine. It looks at the
// closed flag, lets go of the lock, and only then queues the payload.
func (n *natsConn) onMsgBuggy(data string) {
	n.mu.Lock()
	closed := n.closed
	n.mu.Unlock()
	if closed {
		return
	}
	n.inbox <- data
}

// onMsgFixed keeps the lock across the check and the (non-blocking) send,
// so Close cannot slip in between.
func (n *natsConn) onMsgFixed(data string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	select {
	case n.inbox <- data:
	default: // reader is far behind; drop, RAFT will retransmit
	}
}

func (n *natsConn) Close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	n.closed = true
	close(n.inbox)
}
