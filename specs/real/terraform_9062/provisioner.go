package terraform

import "sync"

// RawConfig is a provisioner's configuration; Interpolate fills in the
// per-instance variables.
type RawConfig struct {
	lock     sync.Mutex
	template string
	value    string
}

func (c *RawConfig) Interpolate(index string) {
	c.lock.Lock()
	defer c.lock.Unlock()
	c.value = c.template + " " + index
}

// Copy returns an independent config, taking the lock to read the fields.
func (c *RawConfig) Copy() *RawConfig {
	c.lock.Lock()
	defer c.lock.Unlock()
	return &RawConfig{template: c.template, value: c.value}
}

type Provisioner struct {
	Type      string
	RawConfig *RawConfig
}

// provisionBuggy is run for every instance of a counted resource, in
// parallel; all instances share the provisioner's RawConfig.
func provisionBuggy(p *Provisioner, index string) string {
	cfg := p.RawConfig
	cfg.Interpolate(index)
	return cfg.value
}

// provisionFixed interpolates a private copy.
func provisionFixed(p *Provisioner, index string) string {
	cfg := p.RawConfig.Copy()
	cfg.Interpolate(index)
	return cfg.value
}
