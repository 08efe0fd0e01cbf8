// Moby (Docker): goroutine leak in utils.Go.
// fix: https://github.com/moby/moby/pull/4395
//
// utils.Go runs a function in a new goroutine and hands back an unbuffered
// channel for its error. Callers that stop receiving early (attach returns on
// the first copy error, without waiting for the other stream) leave the other
// goroutine blocked forever on its send: one leaked goroutine per attach whose
// stdout copy fails before the stderr copy has reported.
package utils

import "testing"

func runAttach(t *testing.T, start func(f func() string) chan string) {
	copyStdout := func() string { return "broken pipe" }
	copyStderr := func() string { return "" }
	if err := attach(start, copyStdout, copyStderr); err != "broken pipe" {
		t.Errorf("attach returned %q, want the stdout error", err)
	}
}

func TestGoLeak(t *testing.T) {
	runAttach(t, Go)
}

func TestGoLeakFixed(t *testing.T) {
	runAttach(t, GoFixed)
}

// expect TestGoLeak: may fail
// expect TestGoLeak: may leak
// expect TestGoLeak: no race
// expect TestGoLeakFixed: passes
// expect TestGoLeakFixed: no race
