package retrieval

import "sync"

// TargetManager holds the scrape targets of every job; mtx guards the map.
type TargetManager struct {
	mtx     sync.RWMutex
	targets map[string][]string
}

func NewTargetManager() *TargetManager {
	return &TargetManager{targets: map[string][]string{"node": {"a:9100"}}}
}

// Jobs takes the read lock itself.
func (tm *TargetManager) Jobs() []string {
	tm.mtx.RLock()
	defer tm.mtx.RUnlock()
	return tm.jobsLocked()
}

func (tm *TargetManager) jobsLocked() []string {
	var jobs []string
	for job := range tm.targets {
		jobs = append(jobs, job)
	}
	return jobs
}

// TargetsBuggy holds the read lock and calls Jobs, which read-locks again.
func (tm *TargetManager) TargetsBuggy() int {
	tm.mtx.RLock()
	defer tm.mtx.RUnlock()
	n := 0
	for _, job := range tm.Jobs() {
		n += len(tm.targets[job])
	}
	return n
}

// TargetsFixed uses the helper that expects the lock to be held.
func (tm *TargetManager) TargetsFixed() int {
	tm.mtx.RLock()
	defer tm.mtx.RUnlock()
	n := 0
	for _, job := range tm.jobsLocked() {
		n += len(tm.targets[job])
	}
	return n
}

// ApplyConfig replaces the targets of a job under the write lock.
func (tm *TargetManager) ApplyConfig(job string, targets []string) {
	tm.mtx.Lock()
	tm.targets[job] = targets
	tm.mtx.Unlock()
}
