// Project: Kubernetes (kubeadm init, wait-control-plane phase)
// fix: https://github.com/kubernetes/kubernetes/pull/85017
//
// WaitForKubeletAndFunc waits for two things at once: a kubelet health check
// that sends on the shared channel only when it fails, and a caller-supplied
// function that always sends its outcome. The function returns after the
// first receive. When both goroutines have something to say, the channel is
// unbuffered and nobody takes the second value, so whichever goroutine loses
// stays blocked on its send for good. A one-slot buffer fixes it.
package phases

import "testing"

func runBothFail(t *testing.T, wait func(*waiter, func() string) string) {
	w := &waiter{kubeletHealthy: func() string { return "kubelet not healthy" }}
	err := wait(w, func() string { return "control plane timed out" })
	if err == "" {
		t.Error("expected an error")
	}
}

func TestWaitForKubeletAndFunc(t *testing.T) {
	runBothFail(t, waitForKubeletAndFunc)
}

func TestWaitForKubeletAndFuncFixed(t *testing.T) {
	runBothFail(t, waitForKubeletAndFuncFixed)
}

// expect TestWaitForKubeletAndFunc: may fail
// expect TestWaitForKubeletAndFunc: may leak
// expect TestWaitForKubeletAndFunc: no race
// expect TestWaitForKubeletAndFuncFixed: passes
// expect TestWaitForKubeletAndFuncFixed: no race
