package middleware

import (
	"fmt"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// CrossOrigin protects against cross-site request forgery with Go's
// http.CrossOriginProtection: a request with an unsafe method (anything
// but GET, HEAD and OPTIONS) that a browser marks as cross-origin
// (Sec-Fetch-Site other than same-origin or none, or, without
// Sec-Fetch-Site, an Origin whose host is not the request's Host) is
// refused with 403, rendered by views.RenderError and views.Forbidden.
// Requests without either header (curl, server-to-server calls) are not
// browser requests and pass, and safe methods always pass: views must not
// change state on GET.
//
// trustedOrigins are origins ("https://app.example.com": scheme, host and
// optional port, nothing else) whose cross-origin requests are allowed.
// CrossOrigin panics if one is malformed: the chain is built at start-up,
// and a typo in it must stop the site there.
//
// The check runs once per request, like AllowedHosts.
func CrossOrigin(trustedOrigins ...string) func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, o := range trustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			panic(fmt.Sprintf("middleware.CrossOrigin: %v", err))
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		views.RenderError(w, r, views.Forbidden(
			"Cross-origin request refused: this site does not accept this request from another site."))
	}))
	return func(next http.Handler) http.Handler {
		protected := cop.Handler(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r)
			if st.originDone {
				next.ServeHTTP(w, r)
				return
			}
			st.originDone = true
			protected.ServeHTTP(w, r)
		})
	}
}
