package sessions

import "context"

// readyToken is the token Ready looks up: no session has it, so the
// lookup finds nothing, and proves only that the store answers.
const readyToken = "hoop-readiness-probe"

// Ready reports whether the session store answers, within the store
// timeout: a lookup of a token no session has. It is the check for a
// readiness probe (middleware.Check, middleware.Defaults): an instance
// whose store is down should get no traffic that needs sessions.
func (m *Manager) Ready(ctx context.Context) error {
	_, _, err := m.store.FindCtx(ctx, readyToken)
	return err
}

// StoreErrors returns how many calls to the session store have failed
// or timed out since New, for metrics (package metrics exports it as
// hoop_session_store_errors_total). A request whose client went away is
// not counted.
func (m *Manager) StoreErrors() uint64 { return m.store.errors.Load() }
