// The model of package time's timers. mc does not model durations: a timer may fire at any
// scheduling point after it starts and before it is stopped, which is all the specification
// promises (time.Sleep stays a scheduling point of its own). Each timer is a goroutine that
// fires once unless Stop came first; its channel has a buffer of one, as Go's has, and firing
// never blocks (a reset timer whose C still holds a value drops the new one, as Go does).
// Reset starts the timer again: a generation number tells a goroutine started earlier that it
// must not fire. A ticker is a goroutine that offers a tick whenever its one-value buffer is
// empty (a tick Go drops for a slow receiver is a tick not yet sent here: without durations the
// two look the same). Before Go 1.23 timer channels are buffered and Stop leaves a sent value
// in C; mc follows that (the toolchain of the real-Go cross-check is older).
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
	gen   int // which start the pending fire goroutine belongs to
}

// NewTimer starts a timer that sends on C once it fires.
func NewTimer(d int64) *Timer {
	c := make(chan Time, 1)
	t := &Timer{C: c, c: c}
	go t.fire(0)
	return t
}

// After is NewTimer(d).C.
func After(d int64) <-chan Time {
	return NewTimer(d).C
}

// AfterFunc starts a timer that calls f on a goroutine of its own once it fires.
func AfterFunc(d int64, f func()) *Timer {
	t := &Timer{f: f}
	go t.fire(0)
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

// Reset makes the timer fire again after d: true if it was pending, false if it had fired or
// been stopped (then it is started again). A value a fired timer left in C stays there, as in Go
// before 1.23.
func (t *Timer) Reset(d int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == 0 {
		return true
	}
	t.state = 0
	t.gen++
	go t.fire(t.gen)
	return false
}

func (t *Timer) fire(gen int) {
	t.mu.Lock()
	if t.state != 0 || t.gen != gen {
		t.mu.Unlock()
		return
	}
	t.state = 1
	t.mu.Unlock()
	if t.f != nil {
		t.f()
		return
	}
	select {
	case t.c <- Time{}:
	default: // C still holds the value of an earlier firing: Go drops this one
	}
}

// Ticker delivers ticks on C until it is stopped.
type Ticker struct {
	C       <-chan Time
	c       chan Time
	stop    chan bool
	mu      sync.Mutex
	running bool
}

// NewTicker starts a ticker that sends on C, dropping ticks a slow receiver has not taken.
func NewTicker(d int64) *Ticker {
	if d <= 0 {
		panic("non-positive interval for NewTicker")
	}
	c := make(chan Time, 1)
	t := &Ticker{C: c, c: c, stop: make(chan bool), running: true}
	go t.tick()
	return t
}

// Tick is NewTicker(d).C, a ticker never stopped; nil for d <= 0, as in Go.
func Tick(d int64) <-chan Time {
	if d <= 0 {
		return nil
	}
	return NewTicker(d).C
}

// Stop turns the ticker off: once it returns no tick is sent. C is not closed, and a tick
// already in it stays there.
func (t *Ticker) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.running {
		t.running = false
		t.stop <- true
	}
}

// Reset starts a stopped ticker again (the new period is not modelled).
func (t *Ticker) Reset(d int64) {
	if d <= 0 {
		panic("non-positive interval for Ticker.Reset")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.running {
		t.running = true
		go t.tick()
	}
}

// tick offers a tick whenever C has room. An offer that finds C full changes nothing, so the
// loop waits (mc's spin-loop blocking) until the receiver takes the tick or Stop arrives; a
// ticker left running when the program ends is not a blocked goroutine, as in Go.
func (t *Ticker) tick() {
	for {
		select {
		case <-t.stop:
			return
		case t.c <- Time{}:
		default:
		}
	}
}
