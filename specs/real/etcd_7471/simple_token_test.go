// Project: etcd (auth, simple token TTL keeper)
// Bug report: https://github.com/etcd-io/etcd/issues/7471
//
// The token-assigning path takes the store mutex and, still holding it, sends
// the new token on the keeper's buffered channel. The keeper goroutine is the
// only reader of that channel, but when its ticker fires it calls the delete
// callback, which needs the same mutex. With the channel full, the assigner
// waits for the keeper while holding the lock and the keeper waits for the
// lock: a deadlock (the cluster stopped answering under benchmark load).
package auth

import (
	"sync"
	"testing"
)

func runKeeperScenario(t *testing.T, assign func(s *tokenStore, tok, user string)) {
	s := newTokenStore()
	go s.keeper.run()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the ticker
		defer wg.Done()
		select {
		case s.keeper.tickCh <- struct{}{}:
		case <-s.keeper.stopCh:
		}
	}()

	assign(s, "t1", "alice")
	assign(s, "t2", "bob")

	close(s.keeper.stopCh)
	<-s.keeper.doneCh
	wg.Wait()
	s.mu.Lock()
	n := len(s.tokens)
	s.mu.Unlock()
	if n > 2 {
		t.Error("more tokens than were assigned")
	}
}

func TestSimpleTokenKeeper(t *testing.T) {
	runKeeperScenario(t, func(s *tokenStore, tok, user string) { s.assignBuggy(tok, user) })
}

func TestSimpleTokenKeeperFixed(t *testing.T) {
	runKeeperScenario(t, func(s *tokenStore, tok, user string) { s.assignFixed(tok, user) })
}

// expect TestSimpleTokenKeeper: may fail
// expect TestSimpleTokenKeeper: may deadlock
// expect TestSimpleTokenKeeperFixed: passes
// expect TestSimpleTokenKeeperFixed: no race
