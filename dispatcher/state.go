package dispatcher

import (
	"net/http"
	"sync"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A state is what one request needs past the resolver and may outlive
// it: the response writer that records the status, the context that
// carries the match to views.MatchOf, and the request copy handed to the
// view. It is one allocation per request, not pooled: a view may keep
// its request or its context after it returns (background work, a
// context.WithoutCancel for logging), and must then never see another
// request's match or values.
//
// Only the resolution itself (urlconf.Result, large) is pooled. The view
// reaches it through the context, which is sealed when the request ends
// (views.RequestContext.Seal): past that, MatchOf answers the match it
// built while the request ran, or nil, and never reads the Result again.
type state struct {
	rw  responseWriter
	ctx views.RequestContext
	req http.Request
	res *urlconf.Result // pooled, nil until resolved
}

var results = sync.Pool{New: func() any { return new(urlconf.Result) }}

// result takes a pooled Result for this request.
func (st *state) result() *urlconf.Result {
	st.res = results.Get().(*urlconf.Result)
	return st.res
}

// end seals the request's context and gives its Result back.
func (st *state) end() {
	if st.res == nil {
		return
	}
	st.ctx.Seal()
	results.Put(st.res)
	st.res = nil
}

// withRouting returns the copy of r that carries the match in st.res to
// the view, made inside st: r.WithContext is inlined, so the copy it
// makes does not escape and is not allocated on its own.
func (st *state) withRouting(r *http.Request, d *Dispatcher) *http.Request {
	st.ctx.Reset(r.Context(), d.conf, st.res, d.render)
	st.req = *r.WithContext(&st.ctx)
	return &st.req
}
