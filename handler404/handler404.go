// Package handler404 is hoop's configurable "not found" response, and the
// content negotiation every hoop error page shares: RFC 9457 problem
// details (JSON) for scripts, HTML for browsers.
//
// The dispatcher calls the 404 handler when no pattern matches, with the
// resolver's *urlconf.NotFound in the request (NotFoundOf). The default
// Handler answers a plain page, or with Debug on, Django's technical 404:
// the request path and every pattern tried, in order. Any http.Handler can
// replace it.
//
// The other error pages share its rendering, so they live here too:
// ErrorPage answers any other status a view raises (ErrorOf carries the
// error), and Technical500 is the debug page of a server error.
package handler404

import (
	"context"
	"net/http"

	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
)

type notFoundKey struct{}

// WithNotFound returns a shallow copy of r that carries nf, for the 404
// handler to show.
func WithNotFound(r *http.Request, nf *urlconf.NotFound) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), notFoundKey{}, nf))
}

// NotFoundOf returns the resolver's NotFound for r: the one the
// dispatcher serving r found, else the one WithNotFound put in r, or nil.
// Its tried list is built when read (urlconf.NotFound.TriedPatterns).
func NotFoundOf(r *http.Request) *urlconf.NotFound {
	if nf, ok := route.NotFound(r).(*urlconf.NotFound); ok {
		return nf
	}
	nf, _ := r.Context().Value(notFoundKey{}).(*urlconf.NotFound)
	return nf
}

const notFoundDetail = "The requested resource was not found on this server."

// Handler is the default 404 handler.
type Handler struct {
	// Debug shows the technical 404 page: the unmatched path and every
	// pattern tried. Never turn it on in production: it shows the conf.
	Debug bool

	// ConfName names the URL conf on the technical page, as Django names
	// ROOT_URLCONF. Empty means the dispatcher's conf, by its function and
	// file (urlconf.Conf.Source).
	ConfName string
}

// ServeHTTP answers 404, as problem details JSON when the client is a
// script (see WantsJSON), as HTML otherwise.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.Debug {
		h.serveDebug(w, r)
		return
	}
	notFoundPage.write(w, r)
}

// notFoundPage is the production 404, rendered once: scanner traffic
// gets the cheapest answer the site has.
var notFoundPage = newStaticProblem(Problem{
	Status: http.StatusNotFound,
	Detail: notFoundDetail,
})
