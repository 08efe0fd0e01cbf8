// The model of package testing against Go's documentation (pkg.go.dev/testing, type T):
// "Error is equivalent to Log followed by Fail", and Fail "marks the function as having failed
// but continues execution"; FailNow "stops its execution by calling runtime.Goexit (which then
// runs all deferred calls in the current goroutine)" and, called from another goroutine, stops
// that goroutine only; Cleanup functions "will be called in last added, first called order";
// a skipped test does not fail; "Log in goroutine after Test... has completed" is a panic; a
// test that calls runtime.Goexit itself fails with "test executed panic(nil) or
// runtime.Goexit".
package testingt

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

func TestErrorGoesOn(t *testing.T) {
	t.Error("first", 1)
	if !t.Failed() {
		fmt.Println("not failed")
	}
	t.Logf("then %d", 2)
}

func TestFatalRunsDeferredCalls(t *testing.T) {
	defer fmt.Println("deferred")
	t.Fatalf("stop %s", "here")
	fmt.Println("not reached")
}

func TestCleanupLastFirst(t *testing.T) {
	t.Cleanup(func() { fmt.Println("cleanup 1") })
	t.Cleanup(func() { fmt.Println("cleanup 2") })
	fmt.Println("body")
}

func TestSkipIsNoFailure(t *testing.T) {
	t.Skip("not today")
	t.Error("not reached")
}

func TestFatalInAnotherGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.Fatal("from a helper goroutine")
	}()
	wg.Wait()
	fmt.Println("the test goes on")
}

func TestGoexitFails(t *testing.T) {
	runtime.Goexit()
}

func TestMultilineLog(t *testing.T) {
	t.Error("line one\nline two")
}

// expect TestErrorGoesOn: outputs "--- FAIL: TestErrorGoesOn\n    t_test.go:19: first 1\n    t_test.go:23: then 2\nFAIL\n"
// expect TestFatalRunsDeferredCalls: outputs "deferred\n--- FAIL: TestFatalRunsDeferredCalls\n    t_test.go:28: stop here\nFAIL\n"
// expect TestCleanupLastFirst: outputs "body\ncleanup 2\ncleanup 1\nPASS\n"
// expect TestCleanupLastFirst: passes
// expect TestSkipIsNoFailure: outputs "PASS\n"
// expect TestSkipIsNoFailure: passes
// expect TestFatalInAnotherGoroutine: outputs "the test goes on\n--- FAIL: TestFatalInAnotherGoroutine\n    t_test.go:48: from a helper goroutine\nFAIL\n"
// expect TestGoexitFails: may fail
// expect TestGoexitFails: may panic "test executed panic(nil) or runtime.Goexit"
// expect TestMultilineLog: outputs "--- FAIL: TestMultilineLog\n    t_test.go:59: line one\n        line two\nFAIL\n"
