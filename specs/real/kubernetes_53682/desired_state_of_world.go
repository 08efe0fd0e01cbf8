package cache

import "sync"

type volumeToMount struct {
	podName       string
	reportedInUse bool
}

// desiredStateOfWorld is the kubelet volume manager's cache of the volumes
// that pods on this node need mounted.
type desiredStateOfWorld struct {
	mu             sync.RWMutex
	volumesToMount map[string]volumeToMount
}

func newDesiredStateOfWorld() *desiredStateOfWorld {
	return &desiredStateOfWorld{volumesToMount: map[string]volumeToMount{}}
}

func (dsw *desiredStateOfWorld) AddPodToVolume(volume, pod string) {
	dsw.mu.Lock()
	defer dsw.mu.Unlock()
	dsw.volumesToMount[volume] = volumeToMount{podName: pod}
}

// MarkVolumesReportedInUse is the buggy version: it rewrites map entries while
// holding only the read lock.
func (dsw *desiredStateOfWorld) MarkVolumesReportedInUse(reported []string) {
	dsw.mu.RLock()
	defer dsw.mu.RUnlock()
	dsw.markLocked(reported)
}

// MarkVolumesReportedInUseFixed takes the write lock.
func (dsw *desiredStateOfWorld) MarkVolumesReportedInUseFixed(reported []string) {
	dsw.mu.Lock()
	defer dsw.mu.Unlock()
	dsw.markLocked(reported)
}

func (dsw *desiredStateOfWorld) markLocked(reported []string) {
	for name, v := range dsw.volumesToMount {
		inUse := false
		for _, r := range reported {
			if r == name {
				inUse = true
			}
		}
		v.reportedInUse = inUse
		dsw.volumesToMount[name] = v
	}
}

// GetVolumesToMount returns the volumes already reported in use.
func (dsw *desiredStateOfWorld) GetVolumesToMount() []string {
	dsw.mu.RLock()
	defer dsw.mu.RUnlock()
	var out []string
	for name, v := range dsw.volumesToMount {
		if v.reportedInUse {
			out = append(out, name)
		}
	}
	return out
}
