package docker

import "sync"

// dockerBase is shared by every fetch made through one resolved reference.
type dockerBase struct {
	host  string
	token string // buggy version: read and written without a lock

	mu         sync.Mutex
	tokenFixed string // fixed version: guarded by mu
}

func fetchToken(host string) string { return "bearer-" + host }

// authorize is the buggy version of setTokenAuth + request signing.
func (r *dockerBase) authorize() string {
	if r.token == "" {
		r.token = fetchToken(r.host)
	}
	return "Bearer " + r.token
}

func (r *dockerBase) getToken() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tokenFixed
}

func (r *dockerBase) setToken(token string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := r.tokenFixed != token
	r.tokenFixed = token
	return changed
}

// authorizeFixed goes through the locked accessors.
func (r *dockerBase) authorizeFixed() string {
	token := r.getToken()
	if token == "" {
		token = fetchToken(r.host)
		r.setToken(token)
	}
	return "Bearer " + token
}
