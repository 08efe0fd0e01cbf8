package phases

// waiter reports whether the kubelet became healthy ("" = healthy).
type waiter struct {
	kubeletHealthy func() string
}

// waitForKubeletAndFunc runs the kubelet health check and f side by side and
// returns the first error either reports (or f's outcome). Buggy version: two
// goroutines may each send once, but the channel has no buffer and only one
// value is ever received.
func waitForKubeletAndFunc(w *waiter, f func() string) string {
	errC := make(chan string)
	go func() {
		if err := w.kubeletHealthy(); err != "" {
			errC <- err
		}
	}()
	go func() {
		errC <- f()
	}()
	return <-errC
}

// waitForKubeletAndFuncFixed gives the channel room for the value nobody
// reads, so the slower goroutine can always finish.
func waitForKubeletAndFuncFixed(w *waiter, f func() string) string {
	errC := make(chan string, 1)
	go func() {
		if err := w.kubeletHealthy(); err != "" {
			errC <- err
		}
	}()
	go func() {
		errC <- f()
	}()
	return <-errC
}
