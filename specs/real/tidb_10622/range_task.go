package tikv

import "sync"

// RangeTaskRunner splits a key range into tasks and hands them to workers.
// handler returns "" on success or an error message.
type RangeTaskRunner struct {
	handler func(task string) string
}

// RunOnRangeBuggy: a worker quits on its first error, but the dispatch loop
// keeps sending on the unbuffered task channel with nobody left to receive.
func (r *RangeTaskRunner) RunOnRangeBuggy(tasks []string, errCh chan string) {
	taskCh := make(chan string)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for t := range taskCh {
			if err := r.handler(t); err != "" {
				errCh <- err
				return
			}
		}
	}()
	for _, t := range tasks {
		taskCh <- t
	}
	close(taskCh)
	wg.Wait()
}

// RunOnRangeFixed: the failing worker closes failed, and the dispatch loop
// stops handing out tasks once it sees that.
func (r *RangeTaskRunner) RunOnRangeFixed(tasks []string, errCh chan string) {
	taskCh := make(chan string)
	failed := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for t := range taskCh {
			if err := r.handler(t); err != "" {
				errCh <- err
				close(failed)
				return
			}
		}
	}()
dispatch:
	for _, t := range tasks {
		select {
		case taskCh <- t:
		case <-failed:
			break dispatch
		}
	}
	close(taskCh)
	wg.Wait()
}
