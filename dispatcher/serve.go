package dispatcher

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/internal/reqlog"
	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// ServeHTTP routes r, then runs the middleware chain, composed once
// around the dispatcher's inner handler, which answers as routing
// decided: the view, a guard's 4xx, the APPEND_SLASH redirect, the 404
// handler, a 405, a 503. Every middleware runs exactly once per request,
// whatever the outcome.
//
// Routing comes first so that middleware sees r.Pattern, r.PathValue,
// views.MatchOf and views.ViewName. It sets r.Pattern and the path
// values on r itself, as http.ServeMux does, and copies nothing.
func (d *Dispatcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var start time.Time
	if d.logRequests {
		start = time.Now()
	}
	st := getState(d, w)
	d.route(st, r)
	route.Begin(r, &st.route)
	d.runChain(st, r)
	route.End(&st.route)
	if d.logRequests {
		d.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", st.rw.statusCode(),
			"duration", time.Since(start), "view", st.view)
	}
	st.put()
}

// runChain runs the middleware chain. A panic that escapes it (from a
// middleware: the inner handler recovers its own) is answered 500 if
// nothing was written yet; the connection stays usable.
func (d *Dispatcher) runChain(st *state, r *http.Request) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			route.End(&st.route)
			panic(v)
		}
		pcs := handler404.Callers()
		d.log.Error("panic in middleware", "method", r.Method, "path", r.URL.Path,
			"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		if !st.rw.wroteHeader {
			h, ok := d.errorHandlers[http.StatusInternalServerError]
			if !ok {
				h = d.defaultError
			}
			h.ServeHTTP(&st.rw, handler404.WithError(r, &handler404.RaisedError{
				Err: &handler404.PanicError{Value: v, PCs: pcs}, Status: http.StatusInternalServerError, PCs: pcs}))
		}
	}()
	d.chain.ServeHTTP(&st.rw, r)
}

// route decides what the request gets, before any middleware runs.
func (d *Dispatcher) route(st *state, r *http.Request) {
	if no, ok := d.guard(r); !ok {
		st.outcome, st.reject = outGuard, no
		return
	}
	if d.static != nil && strings.HasPrefix(r.URL.Path, d.staticURL) {
		r.SetPathValue("path", strings.TrimPrefix(r.URL.Path, d.staticURL))
		st.outcome = outStatic
		return
	}
	if d.hosts != nil {
		if out := d.chooseHost(st, r); out != outView {
			st.outcome = out
			return
		}
	}
	if st.site.locale != nil {
		d.setLanguage(st, r)
	}
	ok, err := st.resolve(r.URL.Path)
	switch {
	case err != nil:
		st.outcome, st.err = outError, err
		var timeout *urlconf.TimeoutError
		var busy *urlconf.BusyError
		if errors.As(err, &timeout) || errors.As(err, &busy) {
			st.outcome = outTimeout
		}
		return
	case !ok:
		st.outcome = outNotFound
		if d.parts != nil {
			// A miss under /api/ is the api part's to answer. A regex out
			// of time while finding that out leaves it to the site's pages.
			if st.ns, err = st.route.Result.MissNamespaces(st.ns[:0]); err == nil {
				d.choosePart(st)
			}
		}
		return
	}
	res := st.route.Result
	st.outcome, st.route.Matched = outView, true
	st.viewID, st.methods, st.view = res.ViewID(), res.Methods(), res.View()
	st.mountRest, st.mounted = res.Mount()
	// After the host's kwargs, if any, which the path's override.
	st.route.PathValues = res.AppendPathValues(st.route.PathValues[:st.hostKwargs])
	if !d.skipPathValues {
		pv := st.route.PathValues
		for i := st.hostKwargs; i+1 < len(pv); i += 2 {
			r.SetPathValue(pv[i], pv[i+1])
		}
	}
	r.Pattern = res.Route()
	if d.parts != nil {
		st.ns = res.AppendNamespaces(st.ns[:0])
		d.choosePart(st)
	}
}

// inner is the handler the middleware wraps: it carries out what
// routing decided.
func (d *Dispatcher) inner(w http.ResponseWriter, r *http.Request) {
	st := stateOf(w)
	if st == nil || st.d != d {
		// A middleware replaced the writer with one that does not
		// unwrap to the dispatcher's: route again, without the chain.
		st = getState(d, w)
		d.route(st, r)
		route.Begin(r, &st.route)
		defer func() { route.End(&st.route); st.put() }()
	}
	if st.part != nil && (st.outcome == outView || st.outcome == outNotFound) {
		// The part's middleware, inside the site's, around what the
		// part's views and 404 get (partInner).
		d.call(st.part, w, r, st.part.chain, st.view)
		return
	}
	d.carryOut(st, w, r)
}

// carryOut answers as routing decided, inside the middleware: the
// site's, and the part's for a request under a part.
func (d *Dispatcher) carryOut(st *state, w http.ResponseWriter, r *http.Request) {
	switch st.outcome {
	case outGuard:
		d.renderError(w, r, &views.HTTPError{Status: st.reject.status, Detail: st.reject.detail, Allow: allowFor(st.reject.status)})
	case outStatic:
		st.view = "static"
		d.call(nil, w, r, d.static, "static")
	case outNotFound:
		d.notFoundOrSlash(st, w, r)
	case outTimeout:
		d.timedOut(w, r, st.err)
	case outError:
		// A converter failed with something other than "no match": a
		// bug in the site's converter, reported as the server error it is.
		d.log.Error("resolve failed", "path", r.URL.Path, "error", st.err)
		d.renderError(w, r, st.err)
	default:
		d.serveView(st, w, r)
	}
}

// serveView refuses methods the entry does not allow, then calls the view.
func (d *Dispatcher) serveView(st *state, w http.ResponseWriter, r *http.Request) {
	if !allowedMethod(r.Method, st.methods) {
		allowed := st.methods
		if len(allowed) == 0 {
			allowed = st.site.allowed[st.viewID]
		}
		if len(allowed) == 0 {
			allowed = standardMethods
		}
		d.renderErrorIn(st.part, w, r, views.MethodNotAllowed(allowed...), st.view, nil, nil)
		return
	}
	if len(st.methods) > 0 && !views.AllowMethod(w, r, st.methods) {
		return
	}
	if st.mounted {
		d.serveMount(st, w, r, st.site.handlers[st.viewID])
		return
	}
	d.call(st.part, w, r, st.site.handlers[st.viewID], st.view)
}

// timedOut answers a pattern that backtracked past its time, or found no
// slot to run: 503 rather than try the next pattern, which could change
// what the URL means. The log names the pattern, never the path: the
// path is the attacker's.
func (d *Dispatcher) timedOut(w http.ResponseWriter, r *http.Request, err error) {
	var timeout *urlconf.TimeoutError
	var busy *urlconf.BusyError
	if errors.As(err, &busy) {
		d.log.Warn("URL pattern not run: backtracking limit reached", "pattern", busy.Pattern, "where", busy.Where, "limit", busy.Limit)
	} else if errors.As(err, &timeout) {
		d.log.Warn("URL pattern timed out", "pattern", timeout.Pattern, "where", timeout.Where, "budget", timeout.Budget)
	}
	w.Header().Set("Retry-After", "1")
	d.renderError(w, r, &views.HTTPError{Status: http.StatusServiceUnavailable,
		Detail: "The server could not route this request in time.", Err: err})
}

// notFoundOrSlash answers a path that resolved to no view: the
// APPEND_SLASH redirect, or the 404 handler with the resolver's NotFound
// (handler404.NotFoundOf).
func (d *Dispatcher) notFoundOrSlash(st *state, w http.ResponseWriter, r *http.Request) {
	if d.redirectSlash(st, w, r) {
		return
	}
	st.route.Missed = true
	if st.site.locale != nil && st.site.locale.redirect(d, st, w, r) {
		return
	}
	h := d.notFound
	if st.part != nil {
		if page := st.part.notFoundPage(); page != nil {
			// A part's page answers every error status, so it is told
			// this one as an error too.
			h = page
			r = handler404.WithError(r, &handler404.RaisedError{Err: st.route.NotFoundOf().(error), Status: http.StatusNotFound})
		}
	}
	d.call(st.part, w, r, h, "")
}

// redirectSlash is Django's APPEND_SLASH: a path without a trailing slash
// that does not resolve, but resolves with one, is redirected there,
// query string kept, with views.PermanentRedirect: GET and HEAD get 301,
// other methods 308, which keeps the method and body. The probe reuses
// the request's Result, and allocates nothing when it fails.
func (d *Dispatcher) redirectSlash(st *state, w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if !d.appendSlash || strings.HasSuffix(p, "/") || !strings.HasPrefix(p, "/") {
		return false
	}
	if ok, err := st.route.Result.ResolveSlash(); !ok || err != nil {
		return false
	}
	target := urlconf.EscapeLeadingSlashes(r.URL.EscapedPath() + "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	// views.PermanentRedirect's policy, written here without the value,
	// which would allocate on this path (TestAppendSlashPolicy keeps the
	// two the same). Set Location directly: http.Redirect would clean the
	// path, and cleaning a path changes what it means.
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	w.Header().Set("Location", target)
	w.WriteHeader(code)
	return true
}

// call runs h, turning a panic into an error page. A panic with an
// error a view could have returned (a *views.HTTPError, from code deep in
// a call chain) is answered as that error; any other panic is logged
// with its stack and answered 500. The connection stays usable: if the
// view had not started its response, the client gets the error page; if
// it had, the response ends where the view stopped.
func (d *Dispatcher) call(p *part, w http.ResponseWriter, r *http.Request, h http.Handler, view string) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v) // the view asked to abort the connection
		}
		err, isErr := v.(error)
		var he *views.HTTPError
		if isErr && errors.As(err, &he) {
			if wroteHeader(w) {
				d.abort(r, view, v)
			}
			views.RenderError(w, r, err)
			return
		}
		pcs := handler404.Callers() // the panic's frames are still on the stack here
		stack := debug.Stack()
		if !reqlog.Failed(r, v, stack) { // else it is in the request's log record
			d.log.Error("panic in view", "view", view, "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", reqlog.Frames(stack))
		}
		if wroteHeader(w) {
			d.abort(r, view, v)
		}
		if !isErr {
			err = &handler404.PanicError{Value: v, PCs: pcs}
		}
		d.renderErrorIn(p, w, r, err, view, stack, pcs)
	}()
	h.ServeHTTP(w, r)
}

// abort ends a response that a panic cut short after it had started:
// the connection is dropped, as net/http does, so that the client cannot
// take the part it got for the whole.
func (d *Dispatcher) abort(r *http.Request, view string, v any) {
	d.log.Error("response cut short by a panic; connection aborted", "view", view,
		"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
	panic(http.ErrAbortHandler)
}

// wroteHeader reports whether the response behind w has started, as far
// as the dispatcher's writer saw; a writer that hides it counts as not
// started.
func wroteHeader(w http.ResponseWriter) bool {
	if st := stateOf(w); st != nil {
		return st.rw.wroteHeader
	}
	return false
}

// renderError is the dispatcher's error renderer (views.RenderError)
// outside any part: the page for err, from the handler configured for
// its status.
func (d *Dispatcher) renderError(w http.ResponseWriter, r *http.Request, err error) {
	d.renderErrorIn(nil, w, r, err, views.ViewName(r), nil, nil)
}

// renderErrorIn answers err with its error handler: part p's, if p has
// one for the status, else the site's. The handler runs inside the
// middleware chain the request is already in, so it is not wrapped
// again.
func (d *Dispatcher) renderErrorIn(p *part, w http.ResponseWriter, r *http.Request, err error, view string, stack []byte, pcs []uintptr) {
	status := http.StatusInternalServerError
	var he *views.HTTPError
	if errors.As(err, &he) {
		if he.Status >= 300 && he.Status < 400 {
			he.ServeHTTP(w, r) // the redirect, by views.Redirect's policy
			return
		}
		status = he.Status
		he.SetHeaders(w)
	} else if stack == nil && !reqlog.Failed(r, err, nil) { // a panic is logged by call
		d.log.Error("view failed", "view", view, "method", r.Method, "path", r.URL.Path, "error", err.Error())
	}
	h := p.errorPage(status)
	if h == nil {
		var ok bool
		h, ok = d.errorHandlers[status]
		switch {
		case ok:
		case status == http.StatusNotFound:
			h = d.notFound
		default:
			h = d.defaultError
		}
	}
	raised := &handler404.RaisedError{Err: err, Status: status, View: view, Stack: stack, PCs: pcs}
	if m := views.MatchOf(r); m != nil {
		raised.Tried = m.TriedPatterns()
	}
	h.ServeHTTP(w, handler404.WithError(r, raised))
}

// allowFor is the Allow header of a guard's 405: the standard methods.
func allowFor(status int) []string {
	if status != http.StatusMethodNotAllowed {
		return nil
	}
	return standardMethods
}
