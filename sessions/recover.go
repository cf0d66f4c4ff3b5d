package sessions

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// Two ways a session can end up in a state its user cannot see, and
// what this package does about each.
//
// Data that no longer decodes (written by an older version of the site,
// or with a type no longer registered with gob) is not worth keeping,
// and neither is its token: whoever held the token held that data. The
// codec marks such a session, and the first use of it gives it a new
// token and deletes the old one from the store, as Django's
// SessionBase.cycle_key does for a session it cannot read.
//
// A commit that times out has an unknown outcome: the store may have
// saved the session and failed to say so. The 503 says that, rather than
// that nothing was saved.

// undecodableKey marks, in a session's values, data the codec could not
// decode. It never reaches a view.
const undecodableKey = "__hoop_undecodable"

// errTimedOut is wrapped by the error of a store call that got no answer
// within the store timeout.
var errTimedOut = errors.New("no answer within the store timeout")

// renewIfUndecodable gives a session the codec marked a new token,
// deleting the old one from the store.
func (m *Manager) renewIfUndecodable(ctx context.Context) error {
	if !m.scs.Exists(ctx, undecodableKey) {
		return nil
	}
	m.scs.Remove(ctx, undecodableKey)
	if err := m.scs.RenewToken(ctx); err != nil {
		return unavailable(err)
	}
	return nil
}

// commitFailed is the error of a failed commit: for a timeout, one that
// says the outcome is unknown.
func commitFailed(err error) error {
	if !errors.Is(err, errTimedOut) {
		return unavailable(err)
	}
	return &views.HTTPError{
		Status: http.StatusServiceUnavailable,
		Detail: "The site could not confirm that this request's changes were saved: its session store did not answer in time. " +
			"They may have been saved or not; reload the page to see where things stand before trying again.",
		Err: fmt.Errorf("%w: the commit's outcome is unknown: %w", ErrUnavailable, err),
	}
}
