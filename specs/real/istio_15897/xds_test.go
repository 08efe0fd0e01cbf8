// Project: Istio (pilot xDS server)
// Bug report: https://github.com/istio/istio/issues/15876
// fix: https://github.com/istio/istio/pull/15897
//
// Pushing a config update to an Envoy proxy runs Send in a goroutine and waits
// for its outcome or for the send timeout. The outcome is reported on an
// unbuffered channel; once the timeout has won, the caller has stopped
// listening, so when the slow proxy finally reads the message the goroutine
// blocks on that report forever. Every timed-out push leaked a goroutine. The
// fix buffers the channel.
package xds

import (
	"sync"
	"testing"
)

func runSlowProxy(t *testing.T, fixed bool) {
	c := &connection{stream: &stream{toProxy: make(chan string)}}
	timeout := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the send timer fires
		defer wg.Done()
		close(timeout)
	}()
	go func() { // a slow Envoy eventually reads the push
		defer wg.Done()
		if m := <-c.stream.toProxy; m != "cds" {
			t.Errorf("proxy got %q", m)
		}
	}()
	var err string
	if fixed {
		err = c.sendFixed("cds", timeout)
	} else {
		err = c.sendBuggy("cds", timeout)
	}
	if err != "" && err != "timeout sending" {
		t.Errorf("unexpected send error %q", err)
	}
	wg.Wait()
}

func TestPushTimeout(t *testing.T) {
	runSlowProxy(t, false)
}

func TestPushTimeoutFixed(t *testing.T) {
	runSlowProxy(t, true)
}

// expect TestPushTimeout: may fail
// expect TestPushTimeout: may leak
// expect TestPushTimeout: no race
// expect TestPushTimeoutFixed: passes
// expect TestPushTimeoutFixed: no race
