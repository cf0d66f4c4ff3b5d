package sessions

import (
	"context"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// UserKey is the session key under which Login stores the user's ID
// (Django's _auth_user_id).
const UserKey = "_auth_user_id"

// from returns the request's session state and the context that holds
// its data, loading it on first use. A store failure panics with a 503
// *views.HTTPError, which the middleware answers.
func from(r *http.Request) (*state, context.Context) {
	st, ok := r.Context().Value(stateKey{}).(*state)
	if !ok {
		panic("sessions: the request has no session: add the Manager's Middleware to dispatcher.Options.Middleware")
	}
	ctx, err := st.session()
	if err != nil {
		panic(st.fail(r, err))
	}
	return st, ctx
}

// fail logs a store failure and returns the 503 an accessor panics with.
// The dispatcher answers it inside the middleware chain, so it carries
// its own Retry-After.
func (st *state) fail(r *http.Request, err error) *views.HTTPError {
	st.m.log.Warn("sessions: store unavailable", "store", st.m.kind, "method", r.Method, "path", r.URL.Path, "error", err)
	he := unavailable(err)
	he.Header = http.Header{"Retry-After": {st.m.retryAfter}}
	return he
}

// Load loads the request's session now, if it is not loaded yet, and
// returns the store's error instead of panicking: a view that can do
// without the session checks it first. The error wraps ErrUnavailable.
// The other accessors call Load themselves.
func Load(r *http.Request) error {
	st, ok := r.Context().Value(stateKey{}).(*state)
	if !ok {
		panic("sessions: the request has no session: add the Manager's Middleware to dispatcher.Options.Middleware")
	}
	_, err := st.session()
	return err
}

// Get returns the session's value for key, or nil.
func Get(r *http.Request, key string) any {
	st, ctx := from(r)
	return st.m.scs.Get(ctx, key)
}

// GetString returns the session's string for key, or "" if there is
// none or it is not a string.
func GetString(r *http.Request, key string) string {
	st, ctx := from(r)
	return st.m.scs.GetString(ctx, key)
}

// GetInt returns the session's int for key, or 0 if there is none or it
// is not an int.
func GetInt(r *http.Request, key string) int {
	st, ctx := from(r)
	return st.m.scs.GetInt(ctx, key)
}

// GetBool returns the session's bool for key, or false if there is none
// or it is not a bool.
func GetBool(r *http.Request, key string) bool {
	st, ctx := from(r)
	return st.m.scs.GetBool(ctx, key)
}

// Exists reports whether the session has a value for key.
func Exists(r *http.Request, key string) bool {
	st, ctx := from(r)
	return st.m.scs.Exists(ctx, key)
}

// Put sets the session's value for key; the session is saved before the
// response starts. Values other than basic types must be registered
// with encoding/gob.
func Put(r *http.Request, key string, value any) {
	st, ctx := from(r)
	st.m.scs.Put(ctx, key, value)
	st.changed()
}

// Pop returns the session's value for key and removes it: a one-time
// message (Django's messages, Flask's flash).
func Pop(r *http.Request, key string) any {
	st, ctx := from(r)
	v := st.m.scs.Pop(ctx, key)
	if v != nil {
		st.changed()
	}
	return v
}

// PopString is Pop for a string: "" if there is none or it is not a
// string (and then it is left in place).
func PopString(r *http.Request, key string) string {
	st, ctx := from(r)
	if _, ok := st.m.scs.Get(ctx, key).(string); !ok {
		return ""
	}
	s, _ := Pop(r, key).(string)
	return s
}

// Remove removes the session's value for key.
func Remove(r *http.Request, key string) {
	st, ctx := from(r)
	st.m.scs.Remove(ctx, key)
	st.changed()
}

// Destroy deletes the session from the store now and, when the response
// starts, expires its cookie. Values put afterwards go into a new
// session, with a new token.
func Destroy(r *http.Request) {
	st, ctx := from(r)
	if err := st.m.scs.Destroy(ctx); err != nil {
		panic(st.fail(r, err))
	}
	st.changed()
}

// RenewToken gives the session a new token, keeping its values, and
// deletes the old one from the store; its lifetime starts again. Call it
// whenever the user's privileges change: Login does.
func RenewToken(r *http.Request) {
	st, ctx := from(r)
	if err := st.m.scs.RenewToken(ctx); err != nil {
		panic(st.fail(r, err))
	}
	st.changed()
}

// Login records userID as the session's user, with a new token (so that
// a token planted before the login, session fixation, is worthless).
// Logging in as another user than the session's first empties the
// session, as Django's login does.
func Login(r *http.Request, userID string) {
	st, ctx := from(r)
	if prev := st.m.scs.GetString(ctx, UserKey); prev != "" && prev != userID {
		if err := st.m.scs.Clear(ctx); err != nil {
			panic(st.fail(r, err))
		}
	}
	RenewToken(r)
	Put(r, UserKey, userID)
}

// Logout destroys the session: its data is deleted from the store and
// its cookie expired.
func Logout(r *http.Request) { Destroy(r) }

// UserID returns the ID that Login recorded, or "" for an anonymous
// session.
func UserID(r *http.Request) string { return GetString(r, UserKey) }

// LoggedIn reports whether Login recorded a user in the session.
func LoggedIn(r *http.Request) bool { return UserID(r) != "" }
