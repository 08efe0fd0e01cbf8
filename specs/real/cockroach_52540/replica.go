package kvserver

import "sync"

// Replica keeps its mutable state under an RWMutex (r.mu in CockroachDB is
// a struct embedding the mutex; here the fields sit next to it).
type Replica struct {
	mu          sync.RWMutex
	freezeStart int // guarded by mu
	leaseValid  bool
}

// getFreezeStart is the locking accessor used from outside the replica.
func (r *Replica) getFreezeStart() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.freezeStart
}

func (r *Replica) getFreezeStartRLocked() int {
	return r.freezeStart
}

// checkExecutionCanProceedBuggy read-locks r.mu and then calls the locking
// accessor, acquiring the read lock a second time.
func (r *Replica) checkExecutionCanProceedBuggy() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if !r.leaseValid {
		return false
	}
	return r.getFreezeStart() == 0
}

// checkExecutionCanProceedFixed reads the field under the lock it already
// holds.
func (r *Replica) checkExecutionCanProceedFixed() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if !r.leaseValid {
		return false
	}
	return r.getFreezeStartRLocked() == 0
}

// freeze is a writer: a concurrent merge freezes the range.
func (r *Replica) freeze(ts int) {
	r.mu.Lock()
	r.freezeStart = ts
	r.mu.Unlock()
}
