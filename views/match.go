package views

import (
	"context"
	"net/http"
	"sync"

	"github.com/hoop-go/hoop/urlconf"
)

// routing is what the dispatcher tells a view about how it was reached.
type routing struct {
	conf   *urlconf.Conf
	match  *urlconf.Match
	render ErrorRenderer
	// result is the dispatcher's pooled resolution: its Match is built
	// only when something asks for it.
	result *urlconf.Result
}

type routingKey struct{}

func routingOf(r *http.Request) routing {
	switch rt := r.Context().Value(routingKey{}).(type) {
	case routing:
		return rt
	case *RequestContext:
		return rt.routing()
	}
	return routing{}
}

// A RequestContext carries a request's routing, as NewContext does, for
// a server that pools its urlconf.Result: the dispatcher makes one per
// request, and the Match is built from the Result only if a view asks
// MatchOf for it. When the request ends the dispatcher calls Seal and
// gives the Result back: a view that kept its request past its return
// then gets the Match it had asked for, or nil, never another request's.
type RequestContext struct {
	context.Context // the parent
	mu              sync.Mutex
	rt              routing // rt.result is nil once sealed
}

// Reset makes c carry conf, the match of res (built when MatchOf first
// asks) and render, over parent.
func (c *RequestContext) Reset(parent context.Context, conf *urlconf.Conf, res *urlconf.Result, render ErrorRenderer) {
	c.Context = parent
	c.mu.Lock()
	c.rt = routing{conf: conf, render: render, result: res}
	c.mu.Unlock()
}

// Seal ends c's use of its Result: from now on MatchOf answers only the
// Match already built.
func (c *RequestContext) Seal() {
	c.mu.Lock()
	c.rt.result = nil
	c.mu.Unlock()
}

// Value answers the routing of the request, and asks the parent for
// anything else.
func (c *RequestContext) Value(key any) any {
	if key == (routingKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func (c *RequestContext) routing() routing {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rt.match == nil && c.rt.result != nil {
		c.rt.match = c.rt.result.Match()
	}
	out := c.rt
	out.result = nil
	return out
}

// MatchOf returns the match that routed r to its view: its view name,
// positional args, kwargs (converted by path() converters, with default
// kwargs), URL name, route and namespaces. It returns nil for a request
// that no conf resolved.
func MatchOf(r *http.Request) *urlconf.Match {
	return routingOf(r).match
}

// ConfOf returns the URL conf that is serving r, or nil.
func ConfOf(r *http.Request) *urlconf.Conf {
	return routingOf(r).conf
}

// NewContext returns a copy of ctx that carries the conf serving a
// request, the match it found (nil when nothing matched) and the renderer
// of error pages (nil for the default), for MatchOf, ConfOf, Reverse and
// RenderError. The dispatcher calls it; tests use WithMatch, WithKwargs
// and WithConf.
func NewContext(ctx context.Context, conf *urlconf.Conf, m *urlconf.Match, render ErrorRenderer) context.Context {
	return context.WithValue(ctx, routingKey{}, routing{conf: conf, match: m, render: render})
}

// WithMatch returns a shallow copy of r that carries m, as the dispatcher
// passes it to the view: MatchOf returns m, r.PathValue returns every
// kwarg as text, and r.Pattern is the matched route.
func WithMatch(r *http.Request, m *urlconf.Match) *http.Request {
	rt := routingOf(r)
	r = r.WithContext(NewContext(r.Context(), rt.conf, m, rt.render))
	SetPathValues(r, m)
	return r
}

// WithConf returns a shallow copy of r that carries conf, so that Reverse
// and RedirectTo work in a view called directly by a unit test.
func WithConf(r *http.Request, conf *urlconf.Conf) *http.Request {
	rt := routingOf(r)
	return r.WithContext(NewContext(r.Context(), conf, rt.match, rt.render))
}

// SetPathValues sets r.PathValue for every kwarg of m and r.Pattern to
// the matched route, in place.
func SetPathValues(r *http.Request, m *urlconf.Match) {
	for name := range m.Kwargs {
		r.SetPathValue(name, m.PathValue(name))
	}
	r.Pattern = m.Route
}

// WithKwargs returns a copy of r that carries kwargs as if a URL conf had
// captured them, for calling a view directly in a unit test:
//
//	req := views.WithKwargs(httptest.NewRequest("GET", "/hello/bob/", nil),
//		map[string]any{"username": "bob"})
//	hello(rec, req)
//
// r.PathValue returns each kwarg formatted with fmt (an int 42 is "42"),
// and MatchOf returns a match whose Kwargs and CapturedKwargs are kwargs.
func WithKwargs(r *http.Request, kwargs map[string]any) *http.Request {
	return WithMatch(r, &urlconf.Match{Kwargs: kwargs, CapturedKwargs: kwargs})
}
