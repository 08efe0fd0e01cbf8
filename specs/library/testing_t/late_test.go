// The testing model against Go: logging after a test has returned, and the log of a passing test.
package testingt

import "testing"

// A goroutine that logs after its test has returned: Go panics, naming the test; before that
// the log is simply dropped (the test passed).
func TestLogAfterTheTest(t *testing.T) {
	go func() {
		t.Log("late")
	}()
}

// Go prints a failing test's log, not a passing one's.
func TestLogOfAPassingTest(t *testing.T) {
	t.Log("quiet")
}

// expect TestLogAfterTheTest: may panic "Log in goroutine after TestLogAfterTheTest has completed: late"
// expect TestLogAfterTheTest: may output "PASS\n"
// expect TestLogOfAPassingTest: outputs "PASS\n"
// expect TestLogOfAPassingTest: passes
