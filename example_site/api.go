package examplesite

import (
	"net/http"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// apiURLs is the example's API, included under /api/ with the namespace
// "api": a part of the site with middleware and error pages of its own
// (apiPart).
func apiURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("echo/", "api.echo", urlconf.Name("echo")),
	}
}

// apiPart is what the API has of its own: readable from any origin
// (CORS), and JSON error pages whatever the client accepts, a path
// under /api/ that matches nothing included. Its middleware runs inside
// the site's, once per request.
func apiPart(s settings.Settings) dispatcher.Part {
	return dispatcher.Part{
		Middleware: []func(http.Handler) http.Handler{readableAnywhere},
		ErrorPage:  &handler404.ErrorPage{JSON: true, Debug: s.Debug},
	}
}

// readableAnywhere lets scripts of any origin read the API's answers
// (CORS). It allows reads only: the site's cross-origin protection
// still refuses another origin's POST, as a part adds middleware to the
// site's and never takes any away.
func readableAnywhere(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		next.ServeHTTP(w, r)
	})
}
