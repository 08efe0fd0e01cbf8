// Project: CockroachDB (kv, TxnCoordSender)
// Bug report: https://github.com/cockroachdb/cockroach/issues/1823
//
// cleanupTxn stops a transaction's heartbeat goroutine by sending on the
// transaction's txnEnd channel. It is called both from the sender's goroutine
// (after EndTransaction) and from the heartbeat path (after a failed
// heartbeat), with an unsynchronized "txnEnd != nil" check. When both calls
// overlap, both pass the check: the heartbeat goroutine takes one signal and
// exits, and the other caller blocks forever on its send (or on a send to the
// channel after it was set to nil). Symptom: a stuck goroutine (the test hung
// on it), plus a data race on the txnEnd field. The fix makes the cleanup
// idempotent under the coordinator's mutex.
package kv

import "testing"

func runDoubleCleanup(t *testing.T, cleanup func(tc *TxnCoordSender, m *txnMetadata)) {
	tc := newTxnCoordSender()
	m := tc.txn
	hbDone := make(chan struct{})
	go tc.heartbeatLoop(m.txnEnd, hbDone)

	go cleanup(tc, m) // heartbeat failed
	go cleanup(tc, m) // EndTransaction returned
	<-hbDone
}

func TestCleanupTxnTwice(t *testing.T) {
	runDoubleCleanup(t, func(tc *TxnCoordSender, m *txnMetadata) { tc.cleanupTxnBuggy(m) })
}

func TestCleanupTxnTwiceFixed(t *testing.T) {
	runDoubleCleanup(t, func(tc *TxnCoordSender, m *txnMetadata) { tc.cleanupTxnFixed(m) })
}

// expect TestCleanupTxnTwice: may fail
// expect TestCleanupTxnTwice: may leak
// expect TestCleanupTxnTwice: race on m.txnEnd
// expect TestCleanupTxnTwiceFixed: passes
// expect TestCleanupTxnTwiceFixed: no race
