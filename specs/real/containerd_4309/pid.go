package linux

import "sync"

type process struct {
	mu  sync.Mutex
	pid int
}

func (p *process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pid
}

type pidResult struct {
	pid int
	err string
}

// waitForPid is the buggy version: the result channel is unbuffered, so the
// goroutine that fetched the pid can only finish if waitForPid is still
// listening.
func waitForPid(p *process, deadline chan struct{}) (int, string) {
	pidc := make(chan pidResult)
	go func() {
		pidc <- pidResult{pid: p.Pid()}
	}()
	select {
	case <-deadline:
		return -1, "timeout waiting for pid"
	case r := <-pidc:
		return r.pid, r.err
	}
}

// waitForPidFixed buffers the one result.
func waitForPidFixed(p *process, deadline chan struct{}) (int, string) {
	pidc := make(chan pidResult, 1)
	go func() {
		pidc <- pidResult{pid: p.Pid()}
	}()
	select {
	case <-deadline:
		return -1, "timeout waiting for pid"
	case r := <-pidc:
		return r.pid, r.err
	}
}
