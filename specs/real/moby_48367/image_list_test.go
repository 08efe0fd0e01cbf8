// Moby (Docker): race while traversing containers for the image list.
// fix: https://github.com/moby/moby/pull/48367
//
// The containerd image service builds an image summary by passing a closure to
// the container store's ApplyAll, which runs the closure for every container
// in a separate goroutine. The closure updates variables of the enclosing
// function (the per-image container count and related fields) without any
// lock, so two containers using the same image update them concurrently: a
// data race, and a lost update makes the count wrong.
package containerd

import "testing"

func newStore() *memoryStore {
	return &memoryStore{s: map[string]*Container{
		"c1": &Container{ID: "c1", ImageID: "sha256:busybox"},
		"c2": &Container{ID: "c2", ImageID: "sha256:busybox"},
	}}
}

func TestImageListContainersRace(t *testing.T) {
	s := summarize(newStore(), "sha256:busybox")
	if s.Containers != 2 {
		t.Errorf("image used by %d containers, want 2", s.Containers)
	}
}

func TestImageListContainersRaceFixed(t *testing.T) {
	s := summarizeFixed(newStore(), "sha256:busybox")
	if s.Containers != 2 {
		t.Errorf("image used by %d containers, want 2", s.Containers)
	}
}

// expect TestImageListContainersRace: may fail
// expect TestImageListContainersRace: race on summary.Containers
// expect TestImageListContainersRace: race on summary.LastUser
// expect TestImageListContainersRaceFixed: passes
// expect TestImageListContainersRaceFixed: no race
