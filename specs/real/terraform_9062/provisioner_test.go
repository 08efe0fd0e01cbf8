// Project: Terraform (core apply walk, provisioners)
// Bug report: https://github.com/hashicorp/terraform/issues/8890
// fix: https://github.com/hashicorp/terraform/pull/9062
//
// The instances of a counted resource are applied in parallel, and each runs
// the resource's provisioners. The provisioner's RawConfig was shared by all
// of them: every instance interpolated its own variables into the same config
// and then read the result back, unsynchronised with the other instances'
// interpolation. Besides the data race, an instance could run its provisioner
// with another instance's values. The fix gives each evaluation its own copy
// (RawConfig.Copy, which takes the config's lock).
package terraform

import (
	"sync"
	"testing"
)

func runTwoInstances(t *testing.T, provision func(*Provisioner, string) string) {
	p := &Provisioner{Type: "local-exec", RawConfig: &RawConfig{template: "echo"}}
	var wg sync.WaitGroup
	var out0, out1 string
	wg.Add(2)
	go func() {
		defer wg.Done()
		out0 = provision(p, "web.0")
	}()
	go func() {
		defer wg.Done()
		out1 = provision(p, "web.1")
	}()
	wg.Wait()
	if out0 != "echo web.0" || out1 != "echo web.1" {
		t.Errorf("provisioners ran %q and %q", out0, out1)
	}
}

func TestProvisionerConfig(t *testing.T) {
	runTwoInstances(t, provisionBuggy)
}

func TestProvisionerConfigFixed(t *testing.T) {
	runTwoInstances(t, provisionFixed)
}

// expect TestProvisionerConfig: may fail
// expect TestProvisionerConfig: race on cfg.value
// expect TestProvisionerConfigFixed: passes
// expect TestProvisionerConfigFixed: no race
