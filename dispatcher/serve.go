package dispatcher

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// ServeHTTP resolves r.URL.Path and calls the matched view, the
// APPEND_SLASH redirect, or the 404 handler.
func (d *Dispatcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var start time.Time
	if d.logRequests {
		start = time.Now()
	}
	st := &state{rw: responseWriter{ResponseWriter: w}}
	view := d.serve(st, r)
	st.end()
	if d.logRequests {
		d.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", st.rw.statusCode(),
			"duration", time.Since(start), "view", view)
	}
}

// serve does the work of ServeHTTP and returns the name of the view that
// answered, for the request log.
func (d *Dispatcher) serve(st *state, r *http.Request) (view string) {
	w := &st.rw
	if no, ok := d.guard(r); !ok {
		views.RenderError(w, r.WithContext(views.NewContext(r.Context(), d.conf, nil, d.render)), &views.HTTPError{Status: no.status, Detail: no.detail, Allow: allowFor(no.status)})
		return ""
	}
	if d.static != nil && strings.HasPrefix(r.URL.Path, d.staticURL) {
		r.SetPathValue("path", strings.TrimPrefix(r.URL.Path, d.staticURL))
		r = r.WithContext(views.NewContext(r.Context(), d.conf, nil, d.render))
		d.call(w, r, d.static, "static")
		return "static"
	}
	// ResolveTo allocates nothing; the Match is built only if the view
	// asks views.MatchOf for it.
	res := st.result()
	if err := d.conf.ResolveTo(res, r.URL.Path); err != nil {
		d.unresolved(w, r, err)
		return ""
	}
	view = res.View()
	// Path values and r.Pattern are set on the request itself, so that
	// middleware around the dispatcher sees them after the view ran.
	res.PathValues(func(name, value string) bool {
		r.SetPathValue(name, value)
		return true
	})
	r.Pattern = res.Route()
	r = st.withRouting(r, d)
	methods := res.Methods()
	if !allowedMethod(r.Method, methods) {
		allowed := methods
		if len(allowed) == 0 {
			allowed = d.allowed[view]
		}
		if len(allowed) == 0 {
			allowed = standardMethods
		}
		views.RenderError(w, r, views.MethodNotAllowed(allowed...))
		return view
	}
	if len(methods) > 0 && !views.AllowMethod(w, r, methods) {
		return view
	}
	d.call(w, r, d.handlers[res.ViewID()], view)
	return view
}

// unresolved answers a path that resolved to no view: the APPEND_SLASH
// redirect or the 404 handler, or a 500 for a converter's error.
func (d *Dispatcher) unresolved(w *responseWriter, r *http.Request, err error) {
	var nf *urlconf.NotFound
	if errors.As(err, &nf) {
		if d.redirectSlash(w, r) {
			return
		}
		r = r.WithContext(views.NewContext(r.Context(), d.conf, nil, d.render))
		d.call(w, handler404.WithNotFound(r, nf), d.notFound, "")
		return
	}
	var timeout *urlconf.TimeoutError
	if errors.As(err, &timeout) {
		// A pattern backtracked past its time: answer 503 rather than try
		// the next pattern, which could change what the URL means. The
		// log names the pattern, never the path: the path is the
		// attacker's.
		d.log.Warn("URL pattern timed out", "pattern", timeout.Pattern, "where", timeout.Where, "budget", timeout.Budget)
		w.Header().Set("Retry-After", "1")
		d.renderError(w, r, &views.HTTPError{Status: http.StatusServiceUnavailable,
			Detail: "The server could not route this request in time.", Err: err})
		return
	}
	// A converter failed with something other than "no match": a bug
	// in the site's converter, reported as the server error it is.
	d.log.Error("resolve failed", "path", r.URL.Path, "error", err)
	d.renderError(w, r, err)
}

// redirectSlash is Django's APPEND_SLASH: a path without a trailing slash
// that does not resolve, but resolves with one, is redirected there,
// query string kept. GET and HEAD get 301; other methods 308, which keeps
// the method and body.
func (d *Dispatcher) redirectSlash(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if !d.appendSlash || strings.HasSuffix(p, "/") {
		return false
	}
	if !d.resolves(p + "/") {
		return false
	}
	target := urlconf.EscapeLeadingSlashes(r.URL.EscapedPath() + "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	// Set Location directly: http.Redirect would clean the path, and
	// cleaning a path changes what it means.
	w.Header().Set("Location", target)
	w.WriteHeader(code)
	return true
}

// resolves reports whether path resolves to a view, with a pooled
// Result: the Match is never built.
func (d *Dispatcher) resolves(path string) bool {
	res := results.Get().(*urlconf.Result)
	defer results.Put(res)
	return d.conf.ResolveTo(res, path) == nil
}

// call runs h, turning a panic into an error page. A panic with an
// error a view could have returned (a *views.HTTPError, from code deep in
// a call chain) is answered as that error; any other panic is logged
// with its stack and answered 500. The connection stays usable: if the
// view had not started its response, the client gets the error page; if
// it had, the response ends where the view stopped.
func (d *Dispatcher) call(w *responseWriter, r *http.Request, h http.Handler, view string) {
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
			if !w.wroteHeader {
				views.RenderError(w, r, err)
			}
			return
		}
		stack := debug.Stack()
		d.log.Error("panic in view", "view", view, "method", r.Method, "path", r.URL.Path,
			"panic", fmt.Sprint(v), "stack", string(stack))
		if !isErr {
			err = fmt.Errorf("panic: %v", v)
		}
		if !w.wroteHeader {
			d.renderErrorFrom(w, r, err, view, stack)
		}
	}()
	h.ServeHTTP(w, r)
}

// renderError is the dispatcher's views.ErrorRenderer: the page for err,
// from the handler configured for its status.
func (d *Dispatcher) renderError(w http.ResponseWriter, r *http.Request, err error) {
	view := ""
	if m := views.MatchOf(r); m != nil {
		view = m.View
	}
	d.renderErrorFrom(w, r, err, view, nil)
}

func (d *Dispatcher) renderErrorFrom(w http.ResponseWriter, r *http.Request, err error, view string, stack []byte) {
	status := http.StatusInternalServerError
	var he *views.HTTPError
	if errors.As(err, &he) {
		if he.Status >= 300 && he.Status < 400 {
			views.WriteRedirect(w, r, he)
			return
		}
		status = he.Status
		if len(he.Allow) > 0 {
			w.Header().Set("Allow", strings.Join(he.Allow, ", "))
		}
	} else {
		d.log.Error("view failed", "view", view, "method", r.Method, "path", r.URL.Path, "error", err.Error())
	}
	h, ok := d.errorHandlers[status]
	switch {
	case ok:
	case status == http.StatusNotFound:
		h = d.notFound
	default:
		h = d.defaultError
	}
	raised := &handler404.RaisedError{Err: err, Status: status, View: view, Stack: stack}
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
