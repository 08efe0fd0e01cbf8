package hugolib

import "sync"

// HugoSites is the site collection the server rebuilds on file changes.
// Every build must hold buildLock.
type HugoSites struct {
	buildLock sync.Mutex
	builds    int
	rendered  []string
}

// Build is the full rebuild triggered by the file watcher.
func (h *HugoSites) Build(changed string) {
	h.buildLock.Lock()
	defer h.buildLock.Unlock()
	h.builds++
	h.rendered = append(h.rendered, "rebuild:"+changed)
}

// renderPartialBuggy is the fast-render path the server runs when the
// browser navigates to a page not rendered yet; it forgot the build lock.
func (h *HugoSites) renderPartialBuggy(path string) {
	h.builds++
	h.rendered = append(h.rendered, "render:"+path)
}

// renderPartialFixed takes the same lock as a full build.
func (h *HugoSites) renderPartialFixed(path string) {
	h.buildLock.Lock()
	defer h.buildLock.Unlock()
	h.builds++
	h.rendered = append(h.rendered, "render:"+path)
}
