package sessions

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/views"
)

// maxTokenLen bounds the session cookie: scs's tokens are 43 characters.
// A longer cookie is never looked up in the store.
const maxTokenLen = 64

// stateKey is the context key of a request's *state.
type stateKey struct{}

// state is a request's session: not loaded until a view touches it.
type state struct {
	m     *Manager
	base  context.Context // to load from: not the request's (see serve)
	token string          // from the cookie, "" if none or not a token

	mu        sync.Mutex
	ctx       context.Context // holds scs's session data once loaded
	loadErr   error           // why loading failed
	committed bool            // the response has started
	lateWrite bool            // the session changed after the response started
}

// Middleware gives every request a session, loaded lazily: add it to
// dispatcher.Options.Middleware. It saves a changed session before the
// view's response starts, and answers 503 when the store fails a request
// that uses the session (see the package documentation).
func (m *Manager) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st, ok := r.Context().Value(stateKey{}).(*state); ok && st.m == m {
			// An error handler the dispatcher runs for a view that raised
			// an error: the view's session, already in the request.
			next.ServeHTTP(w, r)
			return
		}
		m.serve(w, r, next)
	})
}

func (m *Manager) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	// Store calls get a context of their own, bounded by the store
	// timeout, not one derived from the request's: a call can outlive
	// the request (a stuck store, a client library's watcher), and the
	// dispatcher reuses a request's context once its view has returned.
	st := &state{m: m, base: context.Background(), token: m.tokenOf(r)}
	r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
	sw := &writer{under: w, header: w.Header().Clone(), st: st, r: r}
	done := false
	defer func() {
		if done {
			return
		}
		sw.recovered(recover())
	}()
	next.ServeHTTP(sw, r)
	done = true
	sw.finish()
}

// tokenOf returns the session token the request's cookie carries, or ""
// when it has none or carries something that cannot be a token: a new
// anonymous session, with no store lookup.
func (m *Manager) tokenOf(r *http.Request) string {
	c, err := r.Cookie(m.scs.Cookie.Name)
	if err != nil || len(c.Value) > maxTokenLen {
		return ""
	}
	for _, b := range []byte(c.Value) { // base64url, as scs makes them
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return ""
		}
	}
	return c.Value
}

// session returns the context holding the request's session, loading it
// on first use.
func (st *state) session() (context.Context, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ctx == nil && st.loadErr == nil {
		st.ctx, st.loadErr = st.m.scs.Load(st.base, st.token)
		if st.loadErr != nil {
			st.ctx = nil
			st.loadErr = unavailable(st.loadErr)
		} else if st.loadErr = st.m.renewIfUndecodable(st.ctx); st.loadErr != nil {
			st.ctx = nil
		}
	}
	return st.ctx, st.loadErr
}

// changed notes a change to the session, to log one made too late.
func (st *state) changed() {
	st.mu.Lock()
	if st.committed {
		st.lateWrite = true
	}
	st.mu.Unlock()
}

// commit saves the session if it was loaded and changed, and adds its
// cookie to w's headers. It runs once, before the response starts.
func (st *state) commit(w http.ResponseWriter) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.committed = true
	if st.ctx == nil { // never touched, or failed to load and the view went on
		return nil
	}
	sm := st.m.scs
	w.Header().Add("Vary", "Cookie")
	switch sm.Status(st.ctx) {
	case scs.Modified:
		token, expiry, err := sm.Commit(st.ctx)
		if errors.Is(err, ErrUnavailable) {
			return commitFailed(err) // recover.go
		} else if err != nil {
			return err
		}
		sm.WriteSessionCookie(st.ctx, w, token, expiry)
	case scs.Destroyed:
		sm.WriteSessionCookie(st.ctx, w, "", time.Time{})
	}
	return nil
}

// writer holds back the view's response until the session is saved: the
// view writes its headers into a map of its own, and the first Write,
// WriteHeader (of a final status) or Flush saves the session, then sends
// the headers and status on. If the save fails, nothing of the view's
// response is sent: the client gets the 503 alone.
type writer struct {
	under  http.ResponseWriter
	header http.Header // the view's headers, until the response starts
	st     *state
	r      *http.Request

	started bool // the session was saved, or failed to be
	failed  bool // it failed: the 503 is sent, the view's output dropped
}

// errResponseDropped is what a view's Write returns after a failed save.
var errResponseDropped = errors.New("sessions: the session could not be saved; the response was replaced by a 503")

func (w *writer) Header() http.Header {
	if w.started && !w.failed {
		return w.under.Header() // trailers are set after the body
	}
	return w.header
}

// start saves the session and, if that worked, moves the view's headers
// to the writer underneath; it reports whether the view's response may
// go on.
func (w *writer) start() bool {
	if w.started {
		return !w.failed
	}
	w.started = true
	if err := w.st.commit(headerOnly(w.header)); err != nil {
		w.failed = true
		if errors.Is(err, ErrUnavailable) {
			w.st.m.writeUnavailable(w.under, w.r, err)
		} else {
			views.RenderError(w.under, w.r, err) // a value gob cannot encode: a bug, a 500
		}
		return false
	}
	h := w.under.Header()
	for k := range h {
		if _, ok := w.header[k]; !ok {
			delete(h, k)
		}
	}
	for k, v := range w.header {
		h[k] = v
	}
	return true
}

func (w *writer) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols && !w.started {
		// An informational response (103 Early Hints) carries the headers
		// set so far; the final response is still to come.
		h := w.under.Header()
		for k, v := range w.header {
			h[k] = v
		}
		w.under.WriteHeader(code)
		return
	}
	if w.start() {
		w.under.WriteHeader(code)
	}
}

func (w *writer) Write(b []byte) (int, error) {
	if !w.start() {
		return 0, errResponseDropped
	}
	return w.under.Write(b)
}

// Flush saves the session, then flushes, so that a streaming view works.
func (w *writer) Flush() {
	if w.start() {
		_ = http.NewResponseController(w.under).Flush()
	}
}

// Hijack saves the session, then hands the connection over (a
// WebSocket upgrade): what the view does with it is its own.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if !w.start() {
		return nil, nil, errResponseDropped
	}
	return http.NewResponseController(w.under).Hijack()
}

// Unwrap gives http.ResponseController the writer underneath (for
// deadlines and full duplex).
func (w *writer) Unwrap() http.ResponseWriter { return w.under }

// finish runs when the view returned: a response it did not start
// starts now (an empty 200, or headers only), after the save.
func (w *writer) finish() {
	w.start()
	w.st.mu.Lock()
	late := w.st.lateWrite
	w.st.mu.Unlock()
	if late {
		w.st.m.log.Error("sessions: the session was changed after the response started; the change is not saved",
			"method", w.r.Method, "path", w.r.URL.Path)
	}
}

// recovered handles a panic out of the view. A store failure (an
// accessor's 503) is answered with the 503 if the response has not
// started, and ends the connection if it has, so that the client cannot
// take a cut response for a whole one. Another HTTPError (a raised
// redirect, a 404) is answered here, so that the session is saved with
// it. Anything else goes on up to the dispatcher, which answers 500:
// panicked again from here, while the view's frames are still on the
// stack, so that the stack the dispatcher logs still shows where the
// panic began.
func (w *writer) recovered(v any) {
	if v == nil { // runtime.Goexit: no response to finish
		return
	}
	err, _ := v.(error)
	var he *views.HTTPError
	switch {
	case v == http.ErrAbortHandler:
	case errors.Is(err, ErrUnavailable):
		if w.started {
			w.st.m.log.Error("sessions: the session store failed after the response started; aborting it",
				"method", w.r.Method, "path", w.r.URL.Path, "error", err)
			panic(http.ErrAbortHandler)
		}
		w.started, w.failed = true, true
		w.st.m.writeUnavailable(w.under, w.r, err)
		return
	case errors.As(err, &he) && !w.started:
		views.RenderError(w, w.r, err)
		w.finish()
		return
	}
	panic(v)
}

// writeUnavailable answers r with a 503 and Retry-After, rendered by the
// site's error handler for 503 (as problem details without one).
func (m *Manager) writeUnavailable(w http.ResponseWriter, r *http.Request, err error) {
	m.log.Warn("sessions: store unavailable", "store", m.kind, "method", r.Method, "path", r.URL.Path, "error", err)
	var he *views.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusServiceUnavailable {
		he = unavailable(err)
	}
	w.Header().Set("Retry-After", m.retryAfter)
	tw := &startWriter{ResponseWriter: w}
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		// The site's 503 page itself failed (it used the session?).
		m.log.Error("sessions: the 503 page failed", "panic", v)
		if !tw.started {
			handler404.Write(tw, r, handler404.Problem{Status: he.Status, Detail: he.Detail})
		}
	}()
	views.RenderError(tw, r, he)
}

// startWriter records whether the response has started.
type startWriter struct {
	http.ResponseWriter
	started bool
}

func (w *startWriter) WriteHeader(code int) {
	w.started = w.started || code >= 200
	w.ResponseWriter.WriteHeader(code)
}

func (w *startWriter) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

func (w *startWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerOnly is a ResponseWriter that is only a header map: scs writes
// the session cookie into the view's held-back headers through it.
type headerOnly http.Header

func (h headerOnly) Header() http.Header       { return http.Header(h) }
func (headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (headerOnly) WriteHeader(int)             {}
