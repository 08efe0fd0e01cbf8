package ioutils

import "sync"

// BytesPipe is an in-memory pipe; closeErr is guarded by mu.
type BytesPipe struct {
	mu       sync.Mutex
	buf      []string
	closeErr string
}

func (bp *BytesPipe) Write(p string) {
	bp.mu.Lock()
	bp.buf = append(bp.buf, p)
	bp.mu.Unlock()
}

// CloseWithError closes the pipe; an empty err means a plain EOF.
func (bp *BytesPipe) CloseWithError(err string) {
	bp.mu.Lock()
	if err != "" {
		bp.closeErr = err
	} else {
		bp.closeErr = "EOF"
	}
	bp.mu.Unlock()
}

func (bp *BytesPipe) Close() { bp.CloseWithError("") }

// Read is the buggy version: on a closed, drained pipe it unlocks and only
// then reads closeErr. It returns "" (would block) on an open empty pipe.
func (bp *BytesPipe) Read() (string, string) {
	bp.mu.Lock()
	if len(bp.buf) == 0 {
		if bp.closeErr != "" {
			bp.mu.Unlock()
			return "", bp.closeErr
		}
		bp.mu.Unlock()
		return "", ""
	}
	p := bp.buf[0]
	bp.buf = bp.buf[1:]
	bp.mu.Unlock()
	return p, ""
}

// ReadFixed copies closeErr while it still holds the lock.
func (bp *BytesPipe) ReadFixed() (string, string) {
	bp.mu.Lock()
	if len(bp.buf) == 0 {
		if bp.closeErr != "" {
			err := bp.closeErr
			bp.mu.Unlock()
			return "", err
		}
		bp.mu.Unlock()
		return "", ""
	}
	p := bp.buf[0]
	bp.buf = bp.buf[1:]
	bp.mu.Unlock()
	return p, ""
}
