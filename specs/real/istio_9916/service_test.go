// Istio: Pilot crash "concurrent map read and map write" on Service.ClusterVIPs.
// issue: https://github.com/istio/istio/issues/9916 (fix: https://github.com/istio/istio/pull/9952)
//
// A push goroutine building a proxy's routes reads Service.ClusterVIPs in
// GetServiceAddressForProxy, while the aggregate registry controller, asked
// for the service list again, writes the address of another cluster into the
// same map of the same shared Service object. Nothing orders the two: a data
// race on the map, which the Go runtime turns into a fatal
// "concurrent map read and map write" under load.
package model

import (
	"sync"
	"testing"
)

func runPush(t *testing.T, get func(s *Service, c string) string, merge func(s *Service, c, a string)) {
	s := &Service{
		Hostname:    "reviews.default.svc.cluster.local",
		Address:     "10.0.0.1",
		ClusterVIPs: map[string]string{"cluster-1": "10.0.0.1"},
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // aggregate controller: cluster-2 also has this service
		defer wg.Done()
		merge(s, "cluster-2", "10.1.0.1")
	}()
	addr := get(s, "cluster-1") // LDS push for a proxy in cluster-1
	wg.Wait()
	if addr != "10.0.0.1" {
		t.Errorf("proxy in cluster-1 got address %q", addr)
	}
}

func TestClusterVIPsRace(t *testing.T) {
	runPush(t, func(s *Service, c string) string { return s.GetServiceAddressForProxy(c) }, mergeClusterVIP)
}

func TestClusterVIPsRaceFixed(t *testing.T) {
	runPush(t, func(s *Service, c string) string { return s.GetServiceAddressForProxyFixed(c) }, mergeClusterVIPFixed)
}

// expect TestClusterVIPsRace: race on s.ClusterVIPs
// expect TestClusterVIPsRaceFixed: passes
// expect TestClusterVIPsRaceFixed: no race
