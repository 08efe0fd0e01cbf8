// Moby (Docker): data race on BytesPipe.closeErr.
// fix: https://github.com/moby/moby/pull/23317
//
// BytesPipe.Read, on a drained pipe that has been closed, releases the pipe
// mutex and only afterwards reads bp.closeErr to return it. Closing the pipe a
// second time (the container's stream closes it with an error, then the
// attach code closes it again with a plain Close) writes closeErr under the
// mutex at the same moment: the reader's unlocked read races with that write
// (data race on bp.closeErr).
package ioutils

import (
	"sync"
	"testing"
)

func runPipe(t *testing.T, read func(bp *BytesPipe) (string, string)) {
	bp := &BytesPipe{}
	bp.Write("out")
	bp.CloseWithError("container exited")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		bp.Close()
	}()
	p, err := read(bp)
	if p != "out" || err != "" {
		t.Errorf("first read got %q, %q", p, err)
	}
	p, err = read(bp)
	if p != "" || err == "" {
		t.Errorf("read on a closed, drained pipe got %q, %q", p, err)
	}
	wg.Wait()
}

func TestBytesPipeCloseErrRace(t *testing.T) {
	runPipe(t, func(bp *BytesPipe) (string, string) { return bp.Read() })
}

func TestBytesPipeCloseErrRaceFixed(t *testing.T) {
	runPipe(t, func(bp *BytesPipe) (string, string) { return bp.ReadFixed() })
}

// expect TestBytesPipeCloseErrRace: race on bp.closeErr
// expect TestBytesPipeCloseErrRaceFixed: passes
// expect TestBytesPipeCloseErrRaceFixed: no race
