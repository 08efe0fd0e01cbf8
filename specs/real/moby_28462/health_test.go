// Moby (Docker): healthcheck deadlock on the container lock.
// fix: https://github.com/moby/moby/pull/28462 (issue https://github.com/moby/moby/issues/28405)
//
// When a container exits, the daemon takes the container lock and stops the
// health monitor by a blocking send on the monitor's stop channel. If the
// monitor goroutine has just finished a probe, it is inside handleProbeResult
// waiting for that same container lock, so it never gets back to receive from
// stop: the state-change goroutine and the monitor deadlock, and every later
// API call on the container hangs on its lock.
package daemon

import "testing"

func runHealthcheck(t *testing.T, stopFn func(c *container), checkStop bool) {
	c := &container{health: &health{status: "starting", stop: make(chan struct{})}}
	ticks := make(chan struct{}, 1)
	ticks <- struct{}{} // one probe is due
	done := make(chan struct{})
	stop := c.health.stop
	go func() {
		monitor(c, stop, ticks, checkStop)
		close(done)
	}()
	// the container exits: StateChanged runs with the container locked
	c.mu.Lock()
	stopFn(c)
	c.health.status = "none"
	c.mu.Unlock()
	<-done
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.health.status != "none" {
		t.Errorf("health status %q written after the monitor was stopped", c.health.status)
	}
}

func TestHealthcheckDeadlock(t *testing.T) {
	runHealthcheck(t, stopHealthcheck, false)
}

func TestHealthcheckDeadlockFixed(t *testing.T) {
	runHealthcheck(t, stopHealthcheckFixed, true)
}

// expect TestHealthcheckDeadlock: may fail
// expect TestHealthcheckDeadlock: may deadlock
// expect TestHealthcheckDeadlock: no race
// expect TestHealthcheckDeadlockFixed: passes
// expect TestHealthcheckDeadlockFixed: no race
