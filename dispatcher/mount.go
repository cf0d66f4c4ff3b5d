package dispatcher

import (
	"net/http"
	"net/url"

	"github.com/hoop-go/hoop/internal/route"
)

// serveMount calls the view of a urlconf.Mount with the mount's prefix
// stripped from the path, as http.StripPrefix does: on a shallow copy of
// r with a URL of its own, so that the middleware around it keeps seeing
// the path as sent. The copy is recorded in package route as well, with
// the original URL, so that views.MatchOf, views.Reverse and
// views.OriginalURL work in the mounted handler too.
func (d *Dispatcher) serveMount(st *state, w http.ResponseWriter, r *http.Request, h http.Handler) {
	u := new(url.URL)
	*u = *r.URL
	u.Path = "/" + st.mountRest
	u.RawPath = ""
	if r.URL.RawPath != "" {
		u.RawPath = strippedRawPath(r.URL, len(r.URL.Path)-len(st.mountRest))
	}
	mr := new(http.Request)
	*mr = *r
	mr.URL = u
	st.mountRoute = st.route
	st.mountRoute.Original = r.URL
	route.Begin(mr, &st.mountRoute)
	defer route.End(&st.mountRoute)
	d.call(st.part, w, mr, h, st.view)
}

// strippedRawPath returns the escaped form of what is left of u's path
// after its first n decoded bytes, with a leading "/", or "" when u's
// escaped path does not decode to its path there (url.URL then writes
// the default encoding).
func strippedRawPath(u *url.URL, n int) string {
	raw := u.RawPath
	i := 0
	for dec := 0; dec < n && i < len(raw); dec++ {
		if raw[i] == '%' {
			i += 3
		} else {
			i++
		}
	}
	if i > len(raw) {
		return ""
	}
	rest := raw[i:]
	if p, err := url.PathUnescape(rest); err != nil || p != u.Path[n:] {
		return ""
	}
	return "/" + rest
}
