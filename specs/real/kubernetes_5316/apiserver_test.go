// Project: Kubernetes (apiserver resthandler)
// fix: https://github.com/kubernetes/kubernetes/pull/5316
//
// finishRequest starts a goroutine for the storage call and then waits for
// either its result or the request timeout. The result travels over an
// unbuffered channel, so when the timeout wins the select nobody will ever
// receive, and the worker goroutine stays parked on its send forever. A busy
// apiserver accumulated well over a thousand such goroutines before crashing.
// Giving the channel a buffer of one lets the late worker finish.
package apiserver

import "testing"

func runTimedOut(t *testing.T, finish func(chan struct{}, func() result) result) {
	timeout := make(chan struct{})
	go func() {
		close(timeout) // the request deadline passes
	}()
	r := finish(timeout, func() result { return result{obj: "pod-a"} })
	if r.err != "" && r.err != "request timed out" {
		t.Errorf("unexpected error %q", r.err)
	}
	if r.err == "" && r.obj != "pod-a" {
		t.Errorf("unexpected object %q", r.obj)
	}
}

func TestFinishRequestTimeout(t *testing.T) {
	runTimedOut(t, finishRequest)
}

func TestFinishRequestTimeoutFixed(t *testing.T) {
	runTimedOut(t, finishRequestFixed)
}

// expect TestFinishRequestTimeout: may fail
// expect TestFinishRequestTimeout: may leak
// expect TestFinishRequestTimeout: no race
// expect TestFinishRequestTimeoutFixed: passes
// expect TestFinishRequestTimeoutFixed: no race
