package dispatcher

import (
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A state is everything one request needs past the resolver: the
// response writer that records the status, the resolution, the context
// that carries it to views.MatchOf, and the request handed to the view.
// It is one allocation per request, on purpose not pooled: a view may
// keep its request or the request's context after it returns (a
// goroutine doing work in the background, a context.WithoutCancel for
// logging), and a pooled state would then show it the next request's
// match and values. docs/PERFORMANCE.md measures what this costs.
type state struct {
	rw  responseWriter
	res urlconf.Result
	ctx views.RequestContext
	req http.Request
}

// withRouting returns the copy of r that carries the match in res to the
// view, made inside st: r.WithContext is inlined, so the copy it makes
// does not escape and is not allocated on its own.
func (st *state) withRouting(r *http.Request, d *Dispatcher) *http.Request {
	st.ctx.Reset(r.Context(), d.conf, &st.res, d.render)
	st.req = *r.WithContext(&st.ctx)
	return &st.req
}
