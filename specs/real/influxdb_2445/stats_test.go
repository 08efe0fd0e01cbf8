// Project: InfluxDB (server statistics)
// fix: https://github.com/influxdata/influxdb/pull/2445
//
// Each statistic in a Stats set carries its own mutex, which the increment
// path takes. Walk, used to report all statistics, only held the set's lock
// while iterating and read every counter's value without taking that
// counter's lock, so a concurrent increment and a diagnostics walk race on the
// counter. The fix read-locks each counter inside the walk.
package influxdb

import (
	"sync"
	"testing"
)

func runWalkWhileWriting(t *testing.T, walk func(s *Stats, f func(string, int64))) {
	s := NewStats()
	s.Add("pointsWritten", 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the write path
		defer wg.Done()
		s.Add("pointsWritten", 1)
	}()
	walk(s, func(k string, n int64) {
		if n != 1 && n != 2 {
			t.Errorf("%s = %d", k, n)
		}
	})
	wg.Wait()
}

func TestStatsWalk(t *testing.T) {
	runWalkWhileWriting(t, func(s *Stats, f func(string, int64)) { s.WalkBuggy(f) })
}

func TestStatsWalkFixed(t *testing.T) {
	runWalkWhileWriting(t, func(s *Stats, f func(string, int64)) { s.WalkFixed(f) })
}

// expect TestStatsWalk: race on v.value
// expect TestStatsWalkFixed: passes
// expect TestStatsWalkFixed: no race
