package middleware

import "net/http"

// MaxBody limits the request body to n bytes with http.MaxBytesReader. A
// view that reads past the limit gets an error that is a
// *http.MaxBytesError (errors.As), and net/http closes the connection
// after the response, so the rest of an oversized upload is not read.
// views.DecodeJSON answers that error with 413 Request Entity Too Large;
// a view reading the body itself should do the same. Nothing is refused
// up front: a view that never reads the body is not affected by its size.
// n <= 0 means no limit (settings.Settings.MaxBodyBytes 0).
//
// MaxBody replaces r.Body on the request it is given instead of passing
// on a copy of the request, so that middleware outside it still sees
// what the dispatcher sets on that request (r.Pattern, path values).
func MaxBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if n <= 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}
