package utils

// Go runs f in a goroutine and returns a channel that delivers its error
// ("" for success). Buggy version: the channel is unbuffered, so the goroutine
// can only finish if somebody receives.
func Go(f func() string) chan string {
	ch := make(chan string)
	go func() {
		ch <- f()
	}()
	return ch
}

// GoFixed gives the channel room for the one result.
func GoFixed(f func() string) chan string {
	ch := make(chan string, 1)
	go func() {
		ch <- f()
	}()
	return ch
}

// attach streams a container's stdout and stderr and returns the first copy
// error; like the attach code of the time, it stops listening on the first
// failure.
func attach(start func(f func() string) chan string, copyStdout, copyStderr func() string) string {
	cOut := start(copyStdout)
	cErr := start(copyStderr)
	for i := 0; i < 2; i++ {
		select {
		case err := <-cOut:
			if err != "" {
				return err
			}
			cOut = nil
		case err := <-cErr:
			if err != "" {
				return err
			}
			cErr = nil
		}
	}
	return ""
}
