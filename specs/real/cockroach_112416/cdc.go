package tests

import "sync/atomic"

// cdcTester drives a changefeed roachtest: it starts workloads on monitored
// goroutines and hands back a channel that reports when each one finished.
type cdcTester struct {
	rows atomic.Int64
}

// startWorkloadBuggy reports termination by sending on an unbuffered channel:
// the send blocks until somebody receives.
func (ct *cdcTester) startWorkloadBuggy(rows int) chan struct{} {
	finished := make(chan struct{})
	go func() {
		defer func() { finished <- struct{}{} }()
		for i := 0; i < rows; i++ {
			ct.rows.Add(1)
		}
	}()
	return finished
}

// startWorkloadFixed reports termination by closing the channel, which never
// blocks and is seen by any number of receivers, or by none.
func (ct *cdcTester) startWorkloadFixed(rows int) chan struct{} {
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for i := 0; i < rows; i++ {
			ct.rows.Add(1)
		}
	}()
	return finished
}
