package handler404

import (
	"context"
	"errors"
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
)

type errorKey struct{}

// A RaisedError is the error an error handler is answering, with where it
// came from, for the error pages to show.
type RaisedError struct {
	Err    error  // what the view returned or panicked with
	Status int    // the status being answered
	View   string // the view that raised it, or ""
	Stack  []byte // the goroutine's stack, for a panic; nil otherwise
	// Tried is the patterns tried up to and including the one that
	// matched, for the technical 404 of a view that raised "not found".
	Tried [][]urlconf.Tried
}

// WithError returns a shallow copy of r that carries e, for the handler
// the dispatcher calls for e.Status.
func WithError(r *http.Request, e *RaisedError) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), errorKey{}, e))
}

// ErrorOf returns the error an error handler is answering, or nil.
func ErrorOf(r *http.Request) *RaisedError {
	e, _ := r.Context().Value(errorKey{}).(*RaisedError)
	return e
}

// detailer is implemented by errors that carry a message meant for the
// client (views.HTTPError). Other errors' text is internal.
type detailer interface{ ClientDetail() string }

// ErrorPage is the default handler for every error status but 404: a
// problem details page with the status, and the error's client detail.
// With Debug on, it shows the error text too.
type ErrorPage struct {
	Debug bool
}

// ServeHTTP answers with the status and detail of ErrorOf(r), or 500.
func (h *ErrorPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e := ErrorOf(r)
	p := Problem{Status: http.StatusInternalServerError}
	if e != nil {
		p.Status = e.Status
		var d detailer
		if errors.As(e.Err, &d) {
			p.Detail = d.ClientDetail()
		}
	}
	if p.Detail == "" && p.Status == http.StatusInternalServerError {
		p.Detail = "The server failed to answer this request."
	}
	if h.Debug && e != nil && e.Err != nil {
		p.Detail = e.Err.Error()
		p.Extensions = map[string]any{"view": e.View}
	}
	Write(w, r, p)
}
