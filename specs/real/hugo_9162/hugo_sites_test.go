// Project: Hugo (server fast render mode)
// Bug report: https://github.com/gohugoio/hugo/issues/9162
//
// Hugo 0.89 replaced the in-process mutex around Build with a file lock that
// external commands can take too. The partial rebuilds that the server runs in
// fast render mode, when the browser navigates to a page that has not been
// rendered yet, did not go through that lock, so such a render could run at
// the same time as a full rebuild started by the file watcher, both updating
// the same site state: data races and the odd panic in server mode. The fix
// takes the build lock for partial renders as well.
package hugolib

import (
	"sync"
	"testing"
)

func runRebuildAndNavigate(t *testing.T, renderPartial func(h *HugoSites, path string)) {
	h := &HugoSites{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // file watcher: content/posts/a.md changed
		defer wg.Done()
		h.Build("posts/a.md")
	}()
	go func() { // browser opens a page not rendered yet
		defer wg.Done()
		renderPartial(h, "/about/")
	}()
	wg.Wait()
	if h.builds != 2 || len(h.rendered) != 2 {
		t.Errorf("builds=%d rendered=%d, want 2 and 2", h.builds, len(h.rendered))
	}
}

func TestFastRenderDuringRebuild(t *testing.T) {
	runRebuildAndNavigate(t, func(h *HugoSites, p string) { h.renderPartialBuggy(p) })
}

func TestFastRenderDuringRebuildFixed(t *testing.T) {
	runRebuildAndNavigate(t, func(h *HugoSites, p string) { h.renderPartialFixed(p) })
}

// expect TestFastRenderDuringRebuild: may fail
// expect TestFastRenderDuringRebuild: race on h.rendered
// expect TestFastRenderDuringRebuildFixed: passes
// expect TestFastRenderDuringRebuildFixed: no race
