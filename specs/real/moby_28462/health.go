package daemon

import "sync"

type health struct {
	status string
	stop   chan struct{}
}

type container struct {
	mu     sync.Mutex
	health *health
}

// handleProbeResult records a probe result; it needs the container lock.
// In the fixed version it first checks whether the monitor was cancelled
// while it waited for the lock.
func handleProbeResult(c *container, stop chan struct{}, result string, checkStop bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if checkStop {
		select {
		case <-stop:
			return
		default:
		}
	}
	c.health.status = result
}

// monitor runs the probes until it is told to stop; each tick is one probe.
func monitor(c *container, stop chan struct{}, ticks chan struct{}, checkStop bool) {
	for {
		select {
		case <-stop:
			return
		case <-ticks:
			handleProbeResult(c, stop, "healthy", checkStop)
		}
	}
}

// stopHealthcheck is called with the container lock held (state change to
// "exited"). Buggy version: a blocking send that waits for the monitor to
// pick it up.
func stopHealthcheck(c *container) {
	c.health.stop <- struct{}{}
}

// stopHealthcheckFixed closes the channel instead of waiting for the monitor.
func stopHealthcheckFixed(c *container) {
	close(c.health.stop)
}
