// containerd: goroutine leak in waitForPid.
// fix: https://github.com/containerd/containerd/pull/4309
//
// waitForPid starts a goroutine that fetches the process's pid and sends it on
// an unbuffered channel, and then waits for either that result or the
// context's deadline. When the deadline wins, waitForPid returns and nobody
// ever receives from the channel: the pid goroutine stays blocked on its send
// forever (goroutine leak).
package linux

import "testing"

func runWaitForPid(t *testing.T, wait func(p *process, deadline chan struct{}) (int, string)) {
	p := &process{pid: 4242}
	deadline := make(chan struct{})
	go func() {
		close(deadline) // the context's timeout expires
	}()
	pid, err := wait(p, deadline)
	if err == "" && pid != 4242 {
		t.Errorf("got pid %d, want 4242", pid)
	}
}

func TestWaitForPidLeak(t *testing.T) {
	runWaitForPid(t, waitForPid)
}

func TestWaitForPidLeakFixed(t *testing.T) {
	runWaitForPid(t, waitForPidFixed)
}

// expect TestWaitForPidLeak: may fail
// expect TestWaitForPidLeak: may leak
// expect TestWaitForPidLeak: no race
// expect TestWaitForPidLeakFixed: passes
// expect TestWaitForPidLeakFixed: no race
