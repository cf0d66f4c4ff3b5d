// Package route carries a request's routing from the dispatcher to the
// code that asks for it (views.MatchOf, views.Reverse, views.RenderError,
// the 404 handler, the request log) without allocating per request.
//
// net/http offers a handler no allocation-free way to attach data to a
// request: a new context needs a new *http.Request. So the dispatcher
// records each request it serves here, keyed by the request's *url.URL,
// which every shallow copy of the request (r.WithContext, as middleware
// makes them) shares, from before its middleware runs until the request
// ends. The State it records is pooled by the dispatcher; every lookup
// holds its shard's lock while it reads the State, and End removes the
// entry under the same lock before the State is reused, so a request
// kept past its end (a goroutine a view started) finds nothing, never
// another request's routing.
package route

import (
	"net/http"
	"net/url"
	"sync"
	"unsafe"

	"github.com/hoop-go/hoop/internal/resolution"
)

// A State is what the dispatcher knows of one request.
type State struct {
	Conf   any               // the *urlconf.Conf serving the request
	Result resolution.Result // the resolution; meaningful when Matched
	// Matched is set when Result holds the entry the request resolved to.
	Matched bool
	// PathValues are the match's kwargs as text, name then value, filled
	// by the dispatcher.
	PathValues []string
	// Missed is set when nothing matched: Result then describes the miss,
	// and NotFound builds the resolver's *urlconf.NotFound from it when
	// the 404 handler asks, so a miss whose page does not show it
	// allocates nothing.
	Missed   bool
	notFound any
	// Language is the request's language, for a conf that depends on it.
	Language string
	// Render answers an error the way the dispatcher's error handlers do.
	Render func(w http.ResponseWriter, r *http.Request, err error)
	// Hosts is the dispatcher's *urlconf.Hosts, nil without host
	// routing; Host is the index of the request's host in Hosts.List.
	Hosts any
	Host  int
	// Original is the request's URL before a mount stripped its prefix:
	// set on the State of the request a mounted view gets.
	Original *url.URL

	key  *url.URL
	prev *State // the State this one hides: a dispatcher inside a view
}

const nShards = 64

type shard struct {
	mu sync.Mutex
	m  map[*url.URL]*State
	_  [40]byte // one cache line per shard
}

var shards [nShards]shard

func shardOf(u *url.URL) *shard {
	p := uint64(uintptr(unsafe.Pointer(u)))
	return &shards[(p*0x9E3779B97F4A7C15)>>58]
}

// Begin records st as the routing of r until End(st). A request that
// has no URL is not recorded: nothing finds its routing.
func Begin(r *http.Request, st *State) {
	if r.URL == nil {
		return
	}
	st.key = r.URL
	s := shardOf(st.key)
	s.mu.Lock()
	if s.m == nil {
		s.m = make(map[*url.URL]*State)
	}
	st.prev = s.m[st.key]
	s.m[st.key] = st
	s.mu.Unlock()
}

// End removes st's record. When End returns, no lookup reads st.
func End(st *State) {
	if st.key == nil {
		return
	}
	s := shardOf(st.key)
	s.mu.Lock()
	if st.prev != nil {
		s.m[st.key] = st.prev
	} else {
		delete(s.m, st.key)
	}
	s.mu.Unlock()
	st.key, st.prev = nil, nil
}

// with calls f with r's State, under its shard's lock, and reports
// whether r is being served by a dispatcher.
func with(r *http.Request, f func(st *State)) bool {
	if r.URL == nil {
		return false
	}
	s := shardOf(r.URL)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[r.URL]
	if st == nil {
		return false
	}
	f(st)
	return true
}

// Match returns the *urlconf.Match that routed r, built on first use,
// and whether a dispatcher is serving r; the match is nil when nothing
// matched.
func Match(r *http.Request) (m any, ok bool) {
	ok = with(r, func(st *State) {
		if st.Matched {
			m = st.Result.Match()
		}
	})
	return m, ok
}

// Conf returns the *urlconf.Conf serving r, and whether a dispatcher is
// serving r.
func Conf(r *http.Request) (c any, ok bool) {
	ok = with(r, func(st *State) { c = st.Conf })
	return c, ok
}

// Render returns the error renderer of the dispatcher serving r, or nil.
func Render(r *http.Request) (f func(http.ResponseWriter, *http.Request, error)) {
	with(r, func(st *State) { f = st.Render })
	return f
}

// NotFound returns the resolver's *urlconf.NotFound for r, or nil.
func NotFound(r *http.Request) (nf any) {
	with(r, func(st *State) { nf = st.NotFoundOf() })
	return nf
}

// NotFoundOf returns st's *urlconf.NotFound, built on first use, or nil
// when the request matched. The dispatcher's goroutine calls it; others
// go through NotFound, under the lock.
func (st *State) NotFoundOf() any {
	if st.Missed && st.notFound == nil {
		st.notFound = st.Result.NotFound()
	}
	return st.notFound
}

// Reset clears what st knew of its last request.
func (st *State) Reset() {
	st.Conf, st.Matched, st.Missed, st.notFound, st.Render = nil, false, false, nil, nil
	st.Language, st.Hosts, st.Host = "", nil, 0
	clear(st.PathValues) // the strings are the request's path
	st.PathValues = st.PathValues[:0]
}

// View returns the name of the view r resolved to, or "".
func View(r *http.Request) (view string) {
	with(r, func(st *State) {
		if st.Matched {
			view = st.Result.View()
		}
	})
	return view
}

// Kwarg returns kwarg name of r's match as text, as r.PathValue would,
// and whether r's match has it.
func Kwarg(r *http.Request, name string) (value string, found bool) {
	with(r, func(st *State) {
		for i := 0; i+1 < len(st.PathValues); i += 2 {
			if st.PathValues[i] == name {
				value, found = st.PathValues[i+1], true
			}
		}
	})
	return value, found
}

// Hosts returns the *urlconf.Hosts of the dispatcher serving r, nil
// without host routing, and the index of r's host in it.
func Hosts(r *http.Request) (hosts any, host int) {
	with(r, func(st *State) { hosts, host = st.Hosts, st.Host })
	return hosts, host
}

// Original returns the URL r had before a mount stripped its prefix, or
// nil when r is not a mounted view's request.
func Original(r *http.Request) (u *url.URL) {
	with(r, func(st *State) { u = st.Original })
	return u
}

// Language returns the language of r, for a conf that depends on the
// language, or "".
func Language(r *http.Request) (lang string) {
	with(r, func(st *State) { lang = st.Language })
	return lang
}
