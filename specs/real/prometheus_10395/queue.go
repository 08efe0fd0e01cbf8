package remote

import "sync"

// queue collects samples into a partial batch; full batches go to
// batchQueue, which the shard's send loop drains.
type queue struct {
	batchMtx   sync.Mutex
	batch      []int
	batchQueue chan []int
	batchSize  int
}

func newQueue(batchSize, capacity int) *queue {
	return &queue{batchQueue: make(chan []int, capacity), batchSize: batchSize}
}

// AppendBuggy blocks on a full batchQueue while holding batchMtx.
func (q *queue) AppendBuggy(sample int) bool {
	q.batchMtx.Lock()
	defer q.batchMtx.Unlock()
	q.batch = append(q.batch, sample)
	if len(q.batch) == q.batchSize {
		q.batchQueue <- q.batch
		q.batch = nil
	}
	return true
}

// AppendFixed never blocks: if batchQueue is full it takes the sample back
// out of the partial batch and reports failure; the caller retries.
func (q *queue) AppendFixed(sample int) bool {
	q.batchMtx.Lock()
	defer q.batchMtx.Unlock()
	q.batch = append(q.batch, sample)
	if len(q.batch) == q.batchSize {
		select {
		case q.batchQueue <- q.batch:
			q.batch = nil
		default:
			q.batch = q.batch[:len(q.batch)-1]
			return false
		}
	}
	return true
}

// Batch is called by the shard when its send deadline passes: a queued full
// batch if there is one, otherwise whatever partial batch there is.
func (q *queue) Batch() []int {
	q.batchMtx.Lock()
	defer q.batchMtx.Unlock()
	select {
	case b := <-q.batchQueue:
		return b
	default:
		b := q.batch
		q.batch = nil
		return b
	}
}

// runShard sends batches until stop is closed.
func runShard(q *queue, deadline chan struct{}, stop chan struct{}, done chan struct{}) {
	defer close(done)
	sent := 0
	for {
		select {
		case b := <-q.batchQueue:
			sent += len(b)
		case <-deadline:
			sent += len(q.Batch())
		case <-stop:
			return
		}
	}
}
