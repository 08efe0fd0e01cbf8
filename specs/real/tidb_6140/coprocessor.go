package tikv

// copIterator fans coprocessor tasks out to a worker that streams one
// response per task back to the reader of the query result.
type copIterator struct {
	tasks    []string
	respCh   chan string
	finished chan struct{} // closed by Close
}

func newCopIterator(tasks []string) *copIterator {
	return &copIterator{
		tasks:    tasks,
		respCh:   make(chan string),
		finished: make(chan struct{}),
	}
}

// workerBuggy only ever sends; it has no way to notice that the iterator was
// closed while it is blocked.
func (it *copIterator) workerBuggy() {
	for _, task := range it.tasks {
		it.respCh <- "resp:" + task
	}
}

// workerFixed waits for either a reader or the close.
func (it *copIterator) workerFixed() {
	for _, task := range it.tasks {
		select {
		case it.respCh <- "resp:" + task:
		case <-it.finished:
			return
		}
	}
}

func (it *copIterator) Next() string {
	return <-it.respCh
}

func (it *copIterator) Close() {
	close(it.finished)
}
