package middleware

import (
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// MaxBody limits the request body to n bytes (settings max_body_bytes),
// as views.LimitBody does for one view: a request that declares a longer
// body (Content-Length) is answered 413 before a byte of it is read, so
// that a client that sent "Expect: 100-continue" never gets "100
// Continue" and sends nothing, and a client that declared a large body
// and sends it slowly is not waited for; net/http then closes the
// connection rather than read the rest. A body without a declared length
// (chunked) is cut at n bytes: a view that reads past it gets a
// *http.MaxBytesError (errors.As), which views.DecodeJSON answers 413.
// n <= 0 means no limit (settings.Settings.MaxBodyBytes 0).
//
// MaxBody replaces r.Body on the request it is given instead of passing
// on a copy of the request, so that middleware outside it still sees
// what the dispatcher sets on that request (r.Pattern, path values). It
// decides once per request, like AllowedHosts, so that its 413 page is
// rendered when the chain runs again for it.
func MaxBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if n <= 0 {
			return next
		}
		limited := views.LimitBody(n, next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r)
			if st.bodyDone { // the chain again, for this request's error page
				next.ServeHTTP(w, r)
				return
			}
			st.bodyDone = true
			limited.ServeHTTP(w, r)
		})
	}
}
