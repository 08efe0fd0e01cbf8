package auth

import "sync"

// tokenKeeper owns the expiry bookkeeping of simple tokens. Only its run loop
// drains addCh; on every tick it expires tokens through deleteFn, which takes
// the store's lock.
type tokenKeeper struct {
	addCh    chan string
	tickCh   chan struct{}
	stopCh   chan struct{}
	doneCh   chan struct{}
	live     map[string]bool
	deleteFn func(tok string)
}

func newTokenKeeper(deleteFn func(tok string)) *tokenKeeper {
	return &tokenKeeper{
		addCh:    make(chan string, 1),
		tickCh:   make(chan struct{}),
		stopCh:   make(chan struct{}),
		doneCh:   make(chan struct{}),
		live:     make(map[string]bool),
		deleteFn: deleteFn,
	}
}

func (k *tokenKeeper) run() {
	defer close(k.doneCh)
	for {
		select {
		case tok := <-k.addCh:
			k.live[tok] = true
		case <-k.tickCh:
			// every tick expires what is live (a very short TTL)
			for tok := range k.live {
				delete(k.live, tok)
				k.deleteFn(tok)
			}
			k.deleteFn("")
		case <-k.stopCh:
			return
		}
	}
}

type tokenStore struct {
	mu     sync.Mutex
	tokens map[string]string
	keeper *tokenKeeper
}

func newTokenStore() *tokenStore {
	s := &tokenStore{tokens: make(map[string]string)}
	s.keeper = newTokenKeeper(func(tok string) {
		s.mu.Lock()
		if tok != "" {
			delete(s.tokens, tok)
		}
		s.mu.Unlock()
	})
	return s
}

// assignBuggy registers the token with the keeper while still holding s.mu:
// if addCh is full it blocks with the lock held.
func (s *tokenStore) assignBuggy(tok, user string) {
	s.mu.Lock()
	s.tokens[tok] = user
	s.keeper.addCh <- tok
	s.mu.Unlock()
}

// assignFixed hands the token to the keeper after releasing s.mu.
func (s *tokenStore) assignFixed(tok, user string) {
	s.mu.Lock()
	s.tokens[tok] = user
	s.mu.Unlock()
	s.keeper.addCh <- tok
}
