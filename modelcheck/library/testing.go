// The model of Go's testing package, as mc runs one test: Main__ starts the test on a goroutine
// of its own (as go test's tRunner does), waits for it and its cleanups, and prints what go test
// prints: "--- FAIL: TestName" with the test's log, then FAIL, or PASS. The state of a test is
// guarded by a mutex, as in Go, so tests that log from several goroutines do not race in here.
package testing

import (
	"fmt"
	"runtime"
	"sync"
)

// T is the state of one test.
type T struct {
	mu       sync.Mutex
	name     string
	output   string // the log, lines decorated as go test prints them
	failed   bool
	skipped  bool
	finished bool // the test function returned, or FailNow/SkipNow ended it
	done     bool // the test and its cleanups are over: logging now is a panic
	cleanups []func()
}

// Name is the test's name.
func (t *T) Name() string {
	return t.name
}

// Fail marks the test failed; it goes on.
func (t *T) Fail() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		panic("Fail in goroutine after " + t.name + " has completed")
	}
	t.failed = true
}

// Failed reports whether the test has failed.
func (t *T) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}

// FailNow marks the test failed and stops the goroutine that calls it (runtime.Goexit: its
// deferred calls run). Called from a goroutine other than the test's, it stops that one only.
func (t *T) FailNow() {
	t.Fail()
	t.mu.Lock()
	t.finished = true
	t.mu.Unlock()
	runtime.Goexit()
}

// SkipNow marks the test skipped and stops the calling goroutine, as FailNow does.
func (t *T) SkipNow() {
	t.mu.Lock()
	t.skipped = true
	t.finished = true
	t.mu.Unlock()
	runtime.Goexit()
}

// Skipped reports whether the test was skipped.
func (t *T) Skipped() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.skipped
}

// Helper marks the caller as a helper; mc reports the position of the call itself.
func (t *T) Helper() {}

// Cleanup registers f to run after the test and its other cleanups registered later.
func (t *T) Cleanup(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, f)
}

// Log__ is Log and Logf: the message joins the test's log.
func (t *T) Log__(at string, message string) {
	t.log(at, message)
}

// Error__ is Error and Errorf: Log, then Fail.
func (t *T) Error__(at string, message string) {
	t.log(at, message)
	t.Fail()
}

// Fatal__ is Fatal and Fatalf: Log, then FailNow.
func (t *T) Fatal__(at string, message string) {
	t.log(at, message)
	t.FailNow()
}

// Skip__ is Skip and Skipf: Log, then SkipNow.
func (t *T) Skip__(at string, message string) {
	t.log(at, message)
	t.SkipNow()
}

// log adds a message as go test prints it, after the caller's position (mc has decorated the
// message already: one trailing newline dropped, the lines after the first indented).
func (t *T) log(at string, message string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		panic("Log in goroutine after " + t.name + " has completed: " + message)
	}
	t.output += "    " + at + ": " + message + "\n"
}

// Short reports whether -short was given: never, under mc.
func Short() bool {
	return false
}

// Verbose reports whether -v was given: never, under mc.
func Verbose() bool {
	return false
}

// Main__ runs one test as go test does, and prints its verdict.
func Main__(name string, test func(*T)) {
	t := &T{name: name}
	over := make(chan bool)
	go tRunner(t, test, over)
	<-over
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed {
		fmt.Print("--- FAIL: " + name + "\n" + t.output + "FAIL\n")
	} else {
		fmt.Print("PASS\n")
	}
}

// tRunner runs the test function; when it is over, the cleanups, last registered first.
// A panic in the test crashes the program, as it crashes the test binary in Go.
func tRunner(t *T, test func(*T), over chan bool) {
	defer func() {
		recovered := recover()
		t.mu.Lock()
		finished := t.finished
		t.mu.Unlock()
		runCleanups(t)
		if recovered != nil {
			panic(recovered)
		}
		if !finished {
			panic("test executed panic(nil) or runtime.Goexit")
		}
		t.mu.Lock()
		t.done = true
		t.mu.Unlock()
		over <- true
	}()
	test(t)
	t.mu.Lock()
	t.finished = true
	t.mu.Unlock()
}

func runCleanups(t *T) {
	for {
		t.mu.Lock()
		n := len(t.cleanups)
		if n == 0 {
			t.mu.Unlock()
			return
		}
		f := t.cleanups[n-1]
		t.cleanups = t.cleanups[:n-1]
		t.mu.Unlock()
		f()
	}
}
