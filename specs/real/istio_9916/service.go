package model

import "sync"

// Service is shared between the service registries and the push goroutines.
type Service struct {
	Hostname string
	Address  string
	// ClusterVIPs maps a cluster ID to the service's address in that cluster.
	ClusterVIPs map[string]string
	// mu guards ClusterVIPs in the fixed version.
	mu sync.RWMutex
}

// GetServiceAddressForProxy is the buggy reader used while building routes.
func (s *Service) GetServiceAddressForProxy(clusterID string) string {
	if addr, ok := s.ClusterVIPs[clusterID]; ok {
		return addr
	}
	return s.Address
}

func (s *Service) GetServiceAddressForProxyFixed(clusterID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if addr, ok := s.ClusterVIPs[clusterID]; ok {
		return addr
	}
	return s.Address
}

// mergeClusterVIP is what the aggregate controller's Services() does to a
// service that several clusters expose: buggy version, no lock.
func mergeClusterVIP(s *Service, clusterID, addr string) {
	s.ClusterVIPs[clusterID] = addr
}

func mergeClusterVIPFixed(s *Service, clusterID, addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ClusterVIPs[clusterID] = addr
}
