package views

import (
	"fmt"
	"net/http"
)

// LimitBody returns h with its request bodies limited to n bytes: a view
// that accepts less than the site's max_body_bytes (a form, a JSON API)
// says so here, Django's DATA_UPLOAD_MAX_MEMORY_SIZE for one view. A
// request that declares a longer body (Content-Length) is answered 413
// with RenderError before any of it is read, so no "100 Continue" is
// sent; a body of unknown length is cut at n bytes with
// http.MaxBytesReader, whose *http.MaxBytesError DecodeJSON answers 413.
// A view cannot accept more than the site's limit, which middleware.MaxBody
// applies first: raise max_body_bytes for the largest upload, and limit
// every other view. n <= 0 returns h unchanged.
func LimitBody(n int64, h http.Handler) http.Handler {
	if n <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			RenderError(w, r, tooLarge(n))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		h.ServeHTTP(w, r)
	})
}

func tooLarge(limit int64) *HTTPError {
	return &HTTPError{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("The body is larger than %d bytes.", limit)}
}
