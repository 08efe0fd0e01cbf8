package status

import "sync"

// manager caches pod statuses and forwards changed ones to a syncer goroutine
// through a bounded queue.
type manager struct {
	podStatusesLock sync.RWMutex
	podStatuses     map[string]string
	updates         chan string
	// pods the API server still knows; an update for any other pod fails
	apiServer map[string]bool
}

func newManager(known []string, queueLen int) *manager {
	m := &manager{
		podStatuses: map[string]string{},
		updates:     make(chan string, queueLen),
		apiServer:   map[string]bool{},
	}
	for _, p := range known {
		m.apiServer[p] = true
	}
	return m
}

// SetPodStatus is the buggy version: it enqueues while still holding the lock.
func (m *manager) SetPodStatus(pod, status string) {
	m.podStatusesLock.Lock()
	defer m.podStatusesLock.Unlock()
	m.podStatuses[pod] = status
	m.updates <- pod
}

// SetPodStatusFixed releases the lock before it may block on the queue.
func (m *manager) SetPodStatusFixed(pod, status string) {
	m.podStatusesLock.Lock()
	m.podStatuses[pod] = status
	m.podStatusesLock.Unlock()
	m.updates <- pod
}

func (m *manager) DeletePodStatus(pod string) {
	m.podStatusesLock.Lock()
	delete(m.podStatuses, pod)
	m.podStatusesLock.Unlock()
}

// syncBatch handles n queued updates; a failed update drops the cached
// status so that it is recomputed later.
func (m *manager) syncBatch(n int) {
	for i := 0; i < n; i++ {
		pod := <-m.updates
		if !m.apiServer[pod] {
			m.DeletePodStatus(pod)
		}
	}
}

func (m *manager) cached(pod string) bool {
	m.podStatusesLock.RLock()
	defer m.podStatusesLock.RUnlock()
	_, ok := m.podStatuses[pod]
	return ok
}
