// Project: NATS Streaming Server (clustering RAFT transport)
// Bug report: https://github.com/nats-io/nats-streaming-server/issues/1183
// fix: https://github.com/nats-io/nats-streaming-server/pull/1184
//
// The RAFT transport turns a NATS subscription into a connection: the
// subscription callback pushes each incoming payload onto a channel that the
// RAFT side reads, and closing the connection closes that channel. The
// callback runs on the NATS library's own goroutine, so a message that arrives
// while the connection is being shut down can be pushed after the close:
// "send on closed channel", which takes the whole server down. In this kernel
// the callback checks the closed flag but releases the lock before sending;
// the fixed version sends while still holding it.
package server

import (
	"sync"
	"testing"
)

func runShutdownWhileReceiving(t *testing.T, onMsg func(n *natsConn, data string)) {
	n := newNatsConn()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // NATS delivery goroutine
		defer wg.Done()
		onMsg(n, "append-entries")
	}()
	n.Close() // RAFT shuts the transport down
	wg.Wait()
	for m := range n.inbox {
		if m != "append-entries" {
			t.Errorf("unexpected payload %q", m)
		}
	}
}

func TestRaftTransportClose(t *testing.T) {
	runShutdownWhileReceiving(t, func(n *natsConn, d string) { n.onMsgBuggy(d) })
}

func TestRaftTransportCloseFixed(t *testing.T) {
	runShutdownWhileReceiving(t, func(n *natsConn, d string) { n.onMsgFixed(d) })
}

// expect TestRaftTransportClose: may fail
// expect TestRaftTransportClose: may panic "send on closed channel"
// expect TestRaftTransportCloseFixed: passes
// expect TestRaftTransportCloseFixed: no race
