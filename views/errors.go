package views

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/internal/route"
)

// An HTTPError is an error that is an HTTP response: Werkzeug's
// HTTPException, paste's HTTPFound. A view returns one (or panics with
// one, from deep in a call chain), and the dispatcher answers with the
// error page configured for its status, or with the redirect it names
// (see Redirect). It is an http.Handler too, that answers the same way,
// so a view that always answers one is the value itself.
type HTTPError struct {
	Status int    // the HTTP status code
	Detail string // shown to the client: what went wrong, in a sentence
	// Location is the target of a redirect (3xx). It must be a URL the
	// site chose, never one taken from the request unchecked (see
	// SafeRedirect). A 302 is sent as 303, and a 301 as 308, to a request
	// whose method is not GET or HEAD (see Redirect).
	Location string
	// Allow lists the methods a 405 names in its Allow header.
	Allow []string
	// Header holds headers the error page is sent with: Retry-After for
	// a 503, WWW-Authenticate for a 401.
	Header http.Header
	// Err is the underlying cause, for logs and the debug page; it is
	// never shown to the client with debug off.
	Err error
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *HTTPError) Unwrap() error { return e.Err }

// ServeHTTP answers r with e, as RenderError does.
func (e *HTTPError) ServeHTTP(w http.ResponseWriter, r *http.Request) { RenderError(w, r, e) }

// SetHeaders adds the headers e asks for (Allow, Header) to w's
// response: an error page calls it before it writes.
func (e *HTTPError) SetHeaders(w http.ResponseWriter) {
	if len(e.Allow) > 0 {
		w.Header().Set("Allow", strings.Join(e.Allow, ", "))
	}
	for k, v := range e.Header {
		w.Header()[k] = v
	}
}

// ClientDetail is the text the error pages show the client.
func (e *HTTPError) ClientDetail() string { return e.Detail }

// Error returns an HTTPError with status and a detail for the client.
func Error(status int, detail string) *HTTPError {
	return &HTTPError{Status: status, Detail: detail}
}

// NotFound is a 404: the view decided that what the URL names does not
// exist. With debug on, the technical 404 says which view raised it.
func NotFound(detail string) *HTTPError { return Error(http.StatusNotFound, detail) }

// BadRequest is a 400.
func BadRequest(detail string) *HTTPError { return Error(http.StatusBadRequest, detail) }

// Forbidden is a 403: Django's PermissionDenied.
func Forbidden(detail string) *HTTPError { return Error(http.StatusForbidden, detail) }

// MethodNotAllowed is a 405 with an Allow header listing allowed, sorted.
func MethodNotAllowed(allowed ...string) *HTTPError {
	allow := append([]string(nil), allowed...)
	sort.Strings(allow)
	return &HTTPError{Status: http.StatusMethodNotAllowed, Allow: allow,
		Detail: "This resource does not support this method. Allowed: " + strings.Join(allow, ", ") + "."}
}

// RenderError answers r with the response err stands for: a redirect for
// a 3xx HTTPError, otherwise the error page for its status (500 for an
// error that is not an HTTPError), rendered by the dispatcher's handlers
// when the request came through one, else as problem details (JSON for
// scripts, HTML for browsers) with nothing internal shown.
func RenderError(w http.ResponseWriter, r *http.Request, err error) {
	var he *HTTPError
	if errors.As(err, &he) && he.Status >= 300 && he.Status < 400 {
		writeRedirect(w, r, he)
		return
	}
	if render := route.Render(r); render != nil {
		render(w, r, err)
		return
	}
	WriteProblem(w, r, err, false)
}

// WriteProblem writes err as problem details: the HTTPError's status and
// detail, or a bare 500. With debug, the detail of any error is shown.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error, debug bool) {
	p := handler404.Problem{Status: http.StatusInternalServerError, Detail: "The server failed to answer this request."}
	var he *HTTPError
	if errors.As(err, &he) {
		p.Status, p.Detail = he.Status, he.Detail
		he.SetHeaders(w)
	}
	if debug && err != nil && (he == nil || he.Err != nil) {
		p.Detail = err.Error()
	}
	handler404.Write(w, r, p)
}
