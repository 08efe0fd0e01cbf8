// The model of package time's timers. mc does not model durations: a timer may fire at any
// scheduling point after it starts and before it is stopped, which is all the specification
// promises (time.Sleep stays a scheduling point of its own). Each timer is a goroutine that
// fires once unless Stop came first; its channel has a buffer of one, as Go's has, so firing
// never blocks.
package time

import "sync"

// Time is a moment. mc does not model clocks: every Time is the same.
type Time struct{}

// Timer fires once, on C, or by calling the function AfterFunc gave it.
type Timer struct {
	C     <-chan Time
	c     chan Time
	f     func()
	mu    sync.Mutex
	state int // 0 pending, 1 fired, 2 stopped
}

// NewTimer starts a timer that sends on C once it fires.
func NewTimer(d int64) *Timer {
	c := make(chan Time, 1)
	t := &Timer{C: c, c: c}
	go t.fire()
	return t
}

// After is NewTimer(d).C.
func After(d int64) <-chan Time {
	return NewTimer(d).C
}

// AfterFunc starts a timer that calls f on a goroutine of its own once it fires.
func AfterFunc(d int64, f func()) *Timer {
	t := &Timer{f: f}
	go t.fire()
	return t
}

// Stop prevents the timer from firing: true if it stopped it, false if it had fired or been
// stopped already.
func (t *Timer) Stop() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == 0 {
		t.state = 2
		return true
	}
	return false
}

func (t *Timer) fire() {
	t.mu.Lock()
	if t.state != 0 {
		t.mu.Unlock()
		return
	}
	t.state = 1
	t.mu.Unlock()
	if t.f != nil {
		t.f()
		return
	}
	t.c <- Time{}
}
