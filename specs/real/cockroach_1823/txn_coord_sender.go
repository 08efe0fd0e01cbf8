package kv

import "sync"

// txnMetadata is the coordinator's state for one transaction. txnEnd tells
// the transaction's heartbeat goroutine to stop; it is set to nil once the
// transaction has been cleaned up.
type txnMetadata struct {
	txnEnd chan struct{}
}

type TxnCoordSender struct {
	mu  sync.Mutex
	txn *txnMetadata
}

func newTxnCoordSender() *TxnCoordSender {
	return &TxnCoordSender{txn: &txnMetadata{txnEnd: make(chan struct{})}}
}

// heartbeatLoop keeps the transaction alive until it is told to stop on
// txnEnd (taken from the metadata when the loop was started).
func (tc *TxnCoordSender) heartbeatLoop(txnEnd chan struct{}, done chan struct{}) {
	defer close(done)
	<-txnEnd
}

// cleanupTxnBuggy is called from the sender's goroutine after
// EndTransaction, and from the heartbeat path when a heartbeat fails.
func (tc *TxnCoordSender) cleanupTxnBuggy(m *txnMetadata) {
	if m.txnEnd != nil {
		m.txnEnd <- struct{}{}
		m.txnEnd = nil
	}
}

// cleanupTxnFixed is idempotent: the first caller takes the channel.
func (tc *TxnCoordSender) cleanupTxnFixed(m *txnMetadata) {
	tc.mu.Lock()
	ch := m.txnEnd
	m.txnEnd = nil
	tc.mu.Unlock()
	if ch != nil {
		ch <- struct{}{}
	}
}
