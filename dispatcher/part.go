package dispatcher

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A Part is what one part of a site, the views under a namespace, has of
// its own: middleware (an admin area behind a login check, an API with
// its own authentication and CORS) and error pages (JSON for an API).
// Options.Parts gives each by the namespace of its include.
//
// A part's middleware runs inside the site's (Options.Middleware): the
// site's first, outermost, then the part's, then the view. It wraps
// whatever a request under the part gets: its view, an error the view
// raises, a 405, the APPEND_SLASH redirect, and the 404 of a path under
// the part's include that matches nothing. The chain is composed once,
// in New, and runs exactly once per request. A part inside another
// ("shop" and "shop:api") runs inside the outer part's middleware, and
// falls back on the outer part's error pages.
type Part struct {
	// Middleware wraps the views of the part, the first outermost, inside
	// the site's middleware.
	Middleware []func(http.Handler) http.Handler

	// ErrorHandlers answer the part's errors by status, as
	// Options.ErrorHandlers do for the site; ErrorHandlers[404] also
	// answers a path under the part that no pattern matches.
	ErrorHandlers map[int]http.Handler

	// ErrorPage answers every error status ErrorHandlers does not name,
	// 404 included, such as &handler404.ErrorPage{JSON: true} for an API.
	// The request carries the error (handler404.ErrorOf) and, for a path
	// that matched nothing, the resolver's NotFound too
	// (handler404.NotFoundOf). Nil leaves those statuses to an enclosing
	// part, else to the site's handlers.
	ErrorPage http.Handler
}

// A part is a Part made ready at New.
type part struct {
	name     string
	parent   *part // the enclosing part, for the error pages it does not have
	chain    http.Handler
	handlers map[int]http.Handler
	page     http.Handler
	render   func(http.ResponseWriter, *http.Request, error) // views.RenderError under the part, made once
}

// A partNode is one namespace of the tree of parts: the part given for
// the namespaces from the root down to it, if any.
type partNode struct {
	part *part
	next map[string]*partNode
}

// newParts checks Options.Parts against the conf's namespaces and makes
// each part's middleware chain, once. Every problem is reported at once,
// naming the part.
func (d *Dispatcher) newParts(parts map[string]Part, confs []*urlconf.Conf) error {
	known := map[string]bool{}
	for _, c := range confs {
		for _, ep := range c.Endpoints() {
			segs := strings.Split(ep.Namespace, ":")
			for i := range segs {
				known[strings.Join(segs[:i+1], ":")] = true
			}
		}
	}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	// Outer parts first, so that an inner part finds its parent made.
	slices.SortFunc(names, func(a, b string) int {
		if n := strings.Count(a, ":") - strings.Count(b, ":"); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	var problems []string
	root := &partNode{}
	for _, name := range names {
		cfg := parts[name]
		switch {
		case name == "":
			problems = append(problems, `Parts[""]: the empty namespace is the whole site: use Options.Middleware and Options.ErrorHandlers`)
			continue
		case !known[name]:
			problems = append(problems, fmt.Sprintf("Parts[%q]: no include of the URL conf has the namespace %q%s", name, name, suggestNamespace(name, known)))
			continue
		}
		for i, mw := range cfg.Middleware {
			if mw == nil {
				problems = append(problems, fmt.Sprintf("Parts[%q].Middleware[%d] is nil", name, i))
			}
		}
		for status, h := range cfg.ErrorHandlers {
			if h == nil {
				problems = append(problems, fmt.Sprintf("Parts[%q].ErrorHandlers[%d] is nil", name, status))
			}
		}
		n, parent := root, (*part)(nil)
		for _, seg := range strings.Split(name, ":") {
			if n.next[seg] == nil {
				if n.next == nil {
					n.next = map[string]*partNode{}
				}
				n.next[seg] = &partNode{}
			}
			if n.part != nil {
				parent = n.part
			}
			n = n.next[seg]
		}
		p := &part{name: name, parent: parent, handlers: cfg.ErrorHandlers, page: cfg.ErrorPage}
		// Composed once: the enclosing parts' middleware, then this one's.
		var mw []func(http.Handler) http.Handler
		for q := parent; q != nil; q = q.parent {
			mw = append(slices.Clone(parts[q.name].Middleware), mw...)
		}
		mw = append(mw, cfg.Middleware...)
		if len(problems) == 0 {
			p.chain = compose(mw, http.HandlerFunc(d.partInner))
		}
		p.render = func(w http.ResponseWriter, r *http.Request, err error) {
			d.renderErrorIn(p, w, r, err, views.ViewName(r), nil, nil)
		}
		n.part = p
	}
	if len(problems) > 0 {
		return fmt.Errorf("dispatcher: bad Options.Parts:\n\t%s", strings.Join(problems, "\n\t"))
	}
	d.parts = root
	return nil
}

// suggestNamespace names the known namespaces that end like name: the
// one meant, when name is an inner namespace given without the outer.
func suggestNamespace(name string, known map[string]bool) string {
	var like []string
	for k := range known {
		if strings.HasSuffix(k, ":"+name) {
			like = append(like, k)
		}
	}
	if len(like) == 0 {
		return ""
	}
	slices.Sort(like)
	return fmt.Sprintf(" (a part is named by the whole namespace path: %q?)", strings.Join(like, `", "`))
}

// choosePart sets the part of the request from st.ns, the namespaces it
// is under: the innermost that has a part. It allocates nothing.
func (d *Dispatcher) choosePart(st *state) {
	n := d.parts
	for _, seg := range st.ns {
		if n = n.next[seg]; n == nil {
			break
		}
		if n.part != nil {
			st.part = n.part
		}
	}
	if st.part != nil {
		st.route.Render = st.part.render
	}
}

// partInner is the handler a part's middleware wraps: it carries out
// what routing decided for a request under the part.
func (d *Dispatcher) partInner(w http.ResponseWriter, r *http.Request) {
	st := stateOf(w)
	if st == nil || st.d != d {
		// A part's middleware replaced the writer with one that does not
		// unwrap to the dispatcher's: route again, inside the chain.
		st = getState(d, w)
		d.route(st, r)
		route.Begin(r, &st.route)
		defer func() { route.End(&st.route); st.put() }()
	}
	d.carryOut(st, w, r)
}

// errorPage returns the handler of p, or of an enclosing part, for an
// error status, or nil to leave it to the site's.
func (p *part) errorPage(status int) http.Handler {
	for ; p != nil; p = p.parent {
		if h, ok := p.handlers[status]; ok {
			return h
		}
		if p.page != nil {
			return p.page
		}
	}
	return nil
}

// notFoundPage returns the handler for a path under p that matched
// nothing, or nil for the site's NotFound.
func (p *part) notFoundPage() http.Handler { return p.errorPage(http.StatusNotFound) }
