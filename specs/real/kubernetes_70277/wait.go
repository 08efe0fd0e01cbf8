package wait

// poller ticks at most `ticks` times (the timeout), then closes the channel.
// It gives up early only when done is closed.
// The returned function starts the ticker goroutine and returns its channel.
func poller(ticks int) func(done chan struct{}) chan struct{} {
	return func(done chan struct{}) chan struct{} {
		ch := make(chan struct{})
		go func() {
			defer close(ch)
			for i := 0; i < ticks; i++ {
				select {
				case ch <- struct{}{}:
				case <-done:
					return
				}
			}
		}()
		return ch
	}
}

// WaitFor is the buggy version: it hands the caller's done channel to the
// poller and returns as soon as the condition holds, without stopping it.
func WaitFor(wait func(done chan struct{}) chan struct{}, condition func() bool, done chan struct{}) bool {
	c := wait(done)
	for {
		select {
		case _, open := <-c:
			if condition() {
				return true
			}
			if !open {
				return false
			}
		case <-done:
			return false
		}
	}
}

// WaitForFixed gives the poller its own stop channel and closes it on return.
func WaitForFixed(wait func(done chan struct{}) chan struct{}, condition func() bool, done chan struct{}) bool {
	stop := make(chan struct{})
	defer close(stop)
	c := wait(stop)
	for {
		select {
		case _, open := <-c:
			if condition() {
				return true
			}
			if !open {
				return false
			}
		case <-done:
			return false
		}
	}
}
