package dispatcher

import (
	"net/http"
	"sync"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/internal/route"
)

// A state is what one request needs between routing it and answering
// it: the writer that records the status, the routing that views read
// through package route, and what the inner handler is to do. It is
// pooled: nothing outside the request's own ServeHTTP call keeps a
// pointer to it. Views never hold it; they reach the routing through
// route, whose End makes it unreachable before the state is reused.
type state struct {
	d       *Dispatcher
	site    *site // the conf serving the request, with its views
	rw      responseWriter
	route   route.State
	outcome outcome
	reject  rejection // outcome == outGuard
	err     error     // outcome == outError, outTimeout
	viewID  int       // outcome == outView
	methods []string  // outcome == outView: what the entry allows
	view    string    // the view that answered, for the request log
	// mounted is set when the entry is a urlconf.Mount, whose view sees
	// mountRest, the rest of the path, through the request mountRoute
	// records (see serveMount).
	mounted    bool
	mountRest  string
	mountRoute route.State
	// hostKwargs is how many of route.PathValues are the kwargs of the
	// host's pattern (name and value each), before the path's.
	hostKwargs int
	// part is the part of the site the request is under, if any, and ns
	// the namespaces that chose it (see choosePart).
	part *part
	ns   []string
	// lang is the request's language when the conf depends on it, and
	// langFromPath whether its path named it (see locale).
	lang         string
	langFromPath bool
	// probe resolves what a miss might redirect to (the language
	// prefix), so that route.Result keeps describing the miss.
	probe resolution.Result
}

// An outcome is what routing decided, for the inner handler to carry out
// inside the middleware chain.
type outcome uint8

const (
	outView     outcome = iota // call the view
	outGuard                   // the request failed a guard: 4xx
	outStatic                  // debug static files
	outNotFound                // APPEND_SLASH redirect or the 404 handler
	outTimeout                 // a regex ran out of time or slots: 503
	outError                   // a converter failed: 500
)

var states = sync.Pool{New: func() any {
	st := new(state)
	st.rw.st = st
	st.route.Result = resolution.New()
	st.probe = resolution.New()
	return st
}}

func getState(d *Dispatcher, w http.ResponseWriter) *state {
	st := states.Get().(*state)
	st.d = d
	st.rw.ResponseWriter, st.rw.status, st.rw.wroteHeader = w, 0, false
	st.site = d.main
	st.route.Conf, st.route.Render = d.conf, d.render
	if d.hosts != nil {
		st.route.Hosts = d.hosts
	}
	return st
}

// put gives st back once nothing can read it: route.End has run.
func (st *state) put() {
	st.d, st.rw.ResponseWriter, st.err, st.methods, st.view = nil, nil, nil, nil, ""
	st.part, st.ns, st.site, st.hostKwargs = nil, st.ns[:0], nil, 0
	if st.mounted {
		st.mounted, st.mountRest, st.mountRoute = false, "", route.State{}
	}
	st.lang, st.langFromPath = "", false
	st.route.Reset()
	states.Put(st)
}

// stateOf finds the state behind w, the dispatcher's writer, through the
// writers middleware wrapped around it (http.ResponseController's Unwrap
// convention), or nil.
func stateOf(w http.ResponseWriter) *state {
	for {
		switch x := w.(type) {
		case *responseWriter:
			return x.st
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return nil
		}
	}
}

// resolve fills st.route.Result for path, against the conf of the
// request's language.
func (st *state) resolve(path string) (bool, error) {
	return st.route.Result.Resolve(st.route.Conf, path)
}
