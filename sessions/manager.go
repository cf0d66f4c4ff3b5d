package sessions

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/views"
)

// Options are what a site may set beyond the settings.
type Options struct {
	// Logger receives store failures and misuses of the session. Nil
	// means slog.Default().
	Logger *slog.Logger

	// Store, when not nil, replaces the store the settings name
	// (session_store and session_url are then not used): any scs.Store,
	// preferably an scs.CtxStore, whose calls can then be cancelled at
	// the store timeout. Tests use it for stores that fail on purpose.
	Store scs.Store

	// RetryAfter is the Retry-After of the 503 that a store failure
	// gives, rounded up to whole seconds. Zero means 5 seconds.
	RetryAfter time.Duration

	// StartupTimeout bounds connecting to the store and checking it, in
	// New. Zero means 10 seconds, or the store timeout if longer.
	StartupTimeout time.Duration
}

// A Manager is a site's session configuration and its open store. Its
// Middleware gives requests their session. It is safe for concurrent use.
type Manager struct {
	scs        *scs.SessionManager
	store      *boundedStore
	log        *slog.Logger
	retryAfter string
	closers    []func() error
	kind       string // the store's name, for logs: "redis", "memory", ...
}

// ErrUnavailable is wrapped by the errors of a session store that failed
// or timed out.
var ErrUnavailable = errors.New("session store unavailable")

// New returns the session manager that the settings describe, with its
// store opened and checked: an unreachable store, or a postgres store
// without its table, is an error here, at start-up. Call Close when the
// site stops.
func New(s settings.Settings, opts Options) (*Manager, error) {
	if err := s.ValidateSessions(); err != nil {
		return nil, err
	}
	m := &Manager{log: opts.Logger}
	if m.log == nil {
		m.log = slog.Default()
	}
	retry := opts.RetryAfter
	if retry <= 0 {
		retry = 5 * time.Second
	}
	m.retryAfter = strconv.Itoa(int((retry + time.Second - 1) / time.Second))
	startup := opts.StartupTimeout
	if startup <= 0 {
		startup = max(10*time.Second, s.SessionStoreTimeout)
	}

	sm := scs.New() // with a memstore, whose cleanup goroutine runs for good
	store, kind := opts.Store, "custom"
	switch {
	case store != nil:
	case s.SessionStore == "memory":
		store, kind = sm.Store, "memory"
	default:
		open, err := opener(s.SessionStore)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), startup)
		defer cancel()
		opened, err := open(ctx, s.SessionURL, s.SessionStoreTimeout)
		if err != nil {
			return nil, err
		}
		store, kind = opened.Store, s.SessionStore
		if opened.Close != nil {
			m.closers = append(m.closers, opened.Close)
		}
	}
	m.kind = kind
	m.store = &boundedStore{inner: store, timeout: s.SessionStoreTimeout, kind: kind}
	sm.Store = m.store
	sm.Lifetime = s.SessionLifetime
	sm.IdleTimeout = s.SessionIdleTimeout
	sm.Codec = lenientCodec{inner: scs.GobCodec{}, lifetime: s.SessionLifetime, log: m.log}
	// A leaked copy of the store (a backup, a dump) holds no usable token.
	sm.HashTokenInStore = true
	sm.Cookie = scs.SessionCookie{
		Name:     s.SessionCookieName,
		Domain:   s.SessionCookieDomain,
		HttpOnly: s.SessionCookieHTTPOnly,
		Path:     s.SessionCookiePath,
		SameSite: sameSite(s.SessionCookieSameSite),
		Secure:   s.SessionCookieSecureEffective(),
		Persist:  true,
	}
	m.scs = sm
	return m, nil
}

// Close releases the store: its connections and its cleanup goroutine.
// Requests still in flight may fail with a 503.
func (m *Manager) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i]())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// CookieName is the name of the session cookie.
func (m *Manager) CookieName() string { return m.scs.Cookie.Name }

func sameSite(v string) http.SameSite {
	switch strings.ToLower(v) {
	case "strict":
		return http.SameSiteStrictMode
	case "none":
		return http.SameSiteNoneMode
	}
	return http.SameSiteLaxMode
}

// lenientCodec treats session data it cannot decode (written by an older
// version of the site, or with a type no longer registered with gob) as
// an empty session, as Django does, instead of failing every request
// that carries its cookie; the session then gets a new token
// (recover.go).
type lenientCodec struct {
	inner    scs.Codec
	lifetime time.Duration
	log      *slog.Logger
}

func (c lenientCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	return c.inner.Encode(deadline, values)
}

func (c lenientCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	deadline, values, err := c.inner.Decode(b)
	if err != nil {
		c.log.Warn("session data cannot be decoded; starting an empty session under a new token", "error", err)
		return time.Now().Add(c.lifetime).UTC(), map[string]any{undecodableKey: true}, nil // recover.go
	}
	return deadline, values, nil
}

// unavailable is the error an accessor panics with, and the middleware
// renders, when the store failed.
func unavailable(err error) *views.HTTPError {
	if !errors.Is(err, ErrUnavailable) {
		err = fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return &views.HTTPError{
		Status: http.StatusServiceUnavailable,
		Detail: "The site cannot reach its session store right now. Please try again in a few seconds.",
		Err:    err,
	}
}
