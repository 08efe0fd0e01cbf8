// containerd: race on the docker resolver's registry token.
// issue: https://github.com/containerd/containerd/issues/2273 (fix: https://github.com/containerd/containerd/pull/2276)
//
// The docker remote keeps the bearer token for a registry in a field of the
// base object that every fetch through the resolver shares. A pull fetches
// several layers in parallel; each fetch checks the field, fetches a token when
// it is empty, stores it and then reads it back to sign its request, all with
// no lock. Two parallel fetches thus read and write the same field
// concurrently: a data race on r.token.
package docker

import (
	"sync"
	"testing"
)

func runPull(t *testing.T, authorize func(r *dockerBase) string) {
	r := &dockerBase{host: "registry-1.docker.io"}
	headers := make([]string, 2)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(layer int) {
			defer wg.Done()
			headers[layer] = authorize(r)
		}(i)
	}
	wg.Wait()
	for i, h := range headers {
		if h != "Bearer bearer-registry-1.docker.io" {
			t.Errorf("layer %d sent authorization %q", i, h)
		}
	}
}

func TestResolverTokenRace(t *testing.T) {
	runPull(t, func(r *dockerBase) string { return r.authorize() })
}

func TestResolverTokenRaceFixed(t *testing.T) {
	runPull(t, func(r *dockerBase) string { return r.authorizeFixed() })
}

// expect TestResolverTokenRace: race on r.token
// expect TestResolverTokenRaceFixed: passes
// expect TestResolverTokenRaceFixed: no race
