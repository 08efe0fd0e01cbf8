package apiserver

// result is what a storage operation hands back: the object, or an error
// message ("" when the call succeeded).
type result struct {
	obj string
	err string
}

// finishRequest runs fn in its own goroutine so that a slow storage call can
// be abandoned when the request's timeout fires. Buggy version: the channel
// that carries the result has no buffer.
func finishRequest(timeout chan struct{}, fn func() result) result {
	ch := make(chan result)
	go func() {
		ch <- fn()
	}()
	select {
	case r := <-ch:
		return r
	case <-timeout:
		return result{err: "request timed out"}
	}
}

// finishRequestFixed gives the channel one slot, so the worker can always
// deposit its result and exit even when nobody is listening any more.
func finishRequestFixed(timeout chan struct{}, fn func() result) result {
	ch := make(chan result, 1)
	go func() {
		ch <- fn()
	}()
	select {
	case r := <-ch:
		return r
	case <-timeout:
		return result{err: "request timed out"}
	}
}
