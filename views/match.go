package views

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
)

// routing is what a test (WithMatch, WithKwargs, WithConf) tells a view
// about how it was reached; a dispatcher tells it through package route
// instead, without allocating.
type routing struct {
	conf  *urlconf.Conf
	match *urlconf.Match
}

type routingKey struct{}

func routingOf(r *http.Request) routing {
	rt, _ := r.Context().Value(routingKey{}).(routing)
	return rt
}

// MatchOf returns the match that routed r to its view: its view name,
// positional args, kwargs (converted by path() converters, with default
// kwargs), URL name, route and namespaces. It returns nil for a request
// that no conf resolved, and for a request whose dispatcher has finished
// with it (a goroutine a view started and that outlives the view gets
// nil: ask before the view returns and keep the Match).
func MatchOf(r *http.Request) *urlconf.Match {
	if m, ok := route.Match(r); ok {
		m, _ := m.(*urlconf.Match)
		return m
	}
	return routingOf(r).match
}

// ConfOf returns the URL conf that is serving r, or nil.
func ConfOf(r *http.Request) *urlconf.Conf {
	if c, ok := route.Conf(r); ok {
		c, _ := c.(*urlconf.Conf)
		return c
	}
	return routingOf(r).conf
}

// Kwarg returns kwarg name of the match that routed r, as text (the
// path text it was captured from, or a default kwarg formatted with
// fmt), as r.PathValue does. Unlike r.PathValue it also works with
// dispatcher.Options.SkipPathValues, and it never allocates.
func Kwarg(r *http.Request, name string) string {
	if v, ok := route.Kwarg(r, name); ok {
		return v
	}
	return r.PathValue(name)
}

// OriginalURL returns r's URL as the client sent it. A view behind a
// urlconf.Mount gets its request with the mount's prefix stripped from
// r.URL.Path (and r.URL.RawPath), as http.StripPrefix does; OriginalURL
// still has the whole path, for links and redirects that must leave the
// mounted handler's own routes. For any other request it is r.URL. The
// caller must not modify it.
func OriginalURL(r *http.Request) *url.URL {
	if u := route.Original(r); u != nil {
		return u
	}
	return r.URL
}

// Language returns the language of r, for a URL conf that depends on the
// language (urlconf.I18nPatterns, urlconf.Translated): from the path's
// language prefix, else the language cookie, else Accept-Language, else
// the default, as Django's LocaleMiddleware decides. Reverse builds URLs
// in it. It is "" for a conf that depends on no language.
func Language(r *http.Request) string { return route.Language(r) }

// ViewName returns the name of the view r was routed to, or "", without
// building the Match: for request logs and metrics.
func ViewName(r *http.Request) string {
	if v := route.View(r); v != "" {
		return v
	}
	if m := routingOf(r).match; m != nil {
		return m.View
	}
	return ""
}

func withRouting(ctx context.Context, rt routing) context.Context {
	return context.WithValue(ctx, routingKey{}, rt)
}

// WithMatch returns a shallow copy of r that carries m, as the dispatcher
// passes it to the view: MatchOf returns m, r.PathValue returns every
// kwarg as text, and r.Pattern is the matched route.
func WithMatch(r *http.Request, m *urlconf.Match) *http.Request {
	rt := routingOf(r)
	rt.match = m
	r = r.WithContext(withRouting(r.Context(), rt))
	SetPathValues(r, m)
	return r
}

// WithConf returns a shallow copy of r that carries conf, so that Reverse
// works in a view called directly by a unit test.
func WithConf(r *http.Request, conf *urlconf.Conf) *http.Request {
	rt := routingOf(r)
	rt.conf = conf
	return r.WithContext(withRouting(r.Context(), rt))
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
