package handler404

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"

	"github.com/hoop-go/hoop/urlconf"
)

type errorKey struct{}

// A RaisedError is the error an error handler is answering, with where it
// came from, for the error pages to show.
type RaisedError struct {
	Err    error  // what the view returned or panicked with
	Status int    // the status being answered
	View   string // the view that raised it, or ""
	Stack  []byte // the goroutine's stack as text (debug.Stack), for a panic; nil otherwise
	// PCs are the program counters of the goroutine that panicked,
	// from Callers, for the technical 500's frames. When set, they are
	// used rather than Stack, which is then only the text of the log.
	PCs []uintptr
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
// With Debug on, it shows the error text too. As a part's error page
// (dispatcher.Part.ErrorPage) it answers 404s as well, a path under the
// part that no pattern matched included.
type ErrorPage struct {
	Debug bool
	// JSON answers problem details JSON whatever the client accepts: the
	// error pages of an API (dispatcher.Part.ErrorPage), whose clients
	// are programs that may send no Accept header at all.
	JSON bool
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
	switch {
	case p.Detail != "":
	case p.Status == http.StatusInternalServerError:
		p.Detail = "The server failed to answer this request."
	case p.Status == http.StatusNotFound:
		p.Detail = notFoundDetail
	}
	if h.Debug && e != nil && e.Err != nil {
		p.Detail = e.Err.Error()
		p.Extensions = map[string]any{"view": e.View}
	}
	writeProblem(w, p, h.JSON || WantsJSON(r))
}

// Callers returns the program counters of the calling goroutine's
// stack, for RaisedError.PCs or PanicError.PCs. Call it in the deferred
// function that recovered the panic: the panic's frames are still on the
// stack there, and the technical 500 starts at the frame that panicked.
func Callers() []uintptr {
	pcs := make([]uintptr, 128)
	return pcs[:runtime.Callers(2, pcs)]
}

// A PanicError is a recovered panic as an error, with the stack it
// happened on: what a recovery path hands to an error renderer that
// takes only an error (views.RenderError), so that the technical 500
// still shows where the panic happened. middleware.Recover makes one.
type PanicError struct {
	Value any       // what was passed to panic
	PCs   []uintptr // from Callers, in the deferred function that recovered
}

func (e *PanicError) Error() string {
	if err, ok := e.Value.(error); ok {
		return "panic: " + err.Error()
	}
	return fmt.Sprintf("panic: %v", e.Value)
}

// Unwrap returns the panic's value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
