package urlconf

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// A Match is the result of resolving a path: Django's ResolverMatch.
type Match struct {
	View string // the view name the entry names

	// Args are the positional captures: all groups of a regex without
	// named groups, outer includes first. A group that did not take part
	// in the match is "" here, and ArgMatched tells it from one that
	// matched the empty string (Django's None and ''). Args are dropped
	// when there are any kwargs, as in Django.
	Args []string
	// unmatched[i] is set when Args[i] did not take part in the match.
	unmatched []bool

	// Kwargs are the named captures, converted by path() converters, then
	// the include's and the entry's default kwargs, which override
	// captured values of the same name. A named group that did not take
	// part in the match is absent.
	Kwargs map[string]any

	URLName    string   // the entry's Name, or ""
	Route      string   // the patterns of the include chain and the entry, joined
	AppNames   []string // app names of the enclosing includes, outermost first
	Namespaces []string // namespaces of the enclosing includes, outermost first
	AppName    string   // AppNames joined with ":"
	Namespace  string   // Namespaces joined with ":"
	ViewName   string   // namespaces and URL name (or view) joined with ":"

	CapturedKwargs map[string]any // kwargs the entry's own pattern captured
	ExtraKwargs    map[string]any // default kwargs of the includes and the entry

	// Methods are the HTTP methods the entry allows (Methods option); nil
	// allows every method.
	Methods []string

	// Tried is the patterns tried before and including the match, each row
	// the chain from the outermost include; Django's technical 404 shows it
	// when a view raises "not found". Resolve fills it; a Match built from
	// a result (the dispatcher's, through views.MatchOf) leaves it empty,
	// and TriedPatterns lists it on demand.
	Tried [][]Tried

	// raw holds the path text of every captured kwarg.
	raw map[string]string

	// conf and path let TriedPatterns list the patterns tried later.
	conf *Conf
	path string
}

// ArgMatched reports whether positional group i (Args[i]) took part in
// the match: false is Python's None, where Args[i] is "", as opposed to a
// group that matched the empty string.
func (m *Match) ArgMatched(i int) bool {
	return i >= 0 && i < len(m.Args) && (i >= len(m.unmatched) || !m.unmatched[i])
}

// PathValue returns kwarg name as text: the path text it was captured
// from, or its default value formatted with fmt. It is what the
// dispatcher passes to http.Request.SetPathValue.
func (m *Match) PathValue(name string) string {
	if s, ok := m.raw[name]; ok {
		return s
	}
	v, ok := m.Kwargs[name]
	if !ok {
		return ""
	}
	return textOf(v)
}

// Tried describes one pattern in a NotFound or a Match's tried list.
type Tried struct {
	Kind    string // "re_path", "path", "include" or "mount"
	Pattern string // as written
	Name    string // the URL name, or ""
	Where   string // where the entry is declared, from the module root: "blog/urls.go:14"
}

func (t Tried) String() string { return t.Pattern }

// NotFound is the error Resolve returns when no pattern matches: Django's
// Resolver404. It lists every pattern tried, in order.
type NotFound struct {
	// Path is the part of the path not matched, at the level that gave up:
	// the whole path when it does not start with "/", or the rest after
	// the prefixes of the includes that matched.
	Path string
	// Tried lists the patterns tried, in order. Each row is the chain of
	// includes that led to a pattern, and the pattern. Resolve fills it;
	// a NotFound a server made from a result leaves it empty until
	// TriedPatterns is called.
	Tried [][]Tried

	conf *Conf // for TriedPatterns
}

func (e *NotFound) Error() string {
	if e.Tried == nil {
		return fmt.Sprintf("urlconf: no pattern matches %q", e.Path)
	}
	return fmt.Sprintf("urlconf: no pattern matches %q (%d tried)", e.Path, len(e.Tried))
}

// TriedPatterns returns Tried, listing the patterns on first use: a
// miss is decided on the index, and only a page that shows the list
// (Django's technical 404) pays for walking every pattern.
func (e *NotFound) TriedPatterns() [][]Tried {
	if e.Tried == nil && e.conf != nil {
		e.Tried, _ = e.conf.tried(e.Path)
	}
	return e.Tried
}

// errMatchTimeout reports a regex that ran out of time.
var errMatchTimeout = errors.New("match timed out")

func isNoMatch(err error) bool { return err != nil && errors.Is(err, ErrNoMatch) }

// Resolve finds the first entry, in conf order and depth first into
// includes, whose patterns match path, as Django's resolve(). The path is
// the decoded URL path and must begin with "/"; bytes that are not valid
// UTF-8 are matched as their percent-encoding ("%83"), as Django's
// repercent_broken_unicode does. It returns a *NotFound
// when nothing matches, or the error of a converter that failed with
// something other than ErrNoMatch. The Match's Tried, and the NotFound's,
// are filled in.
func (c *Conf) Resolve(path string) (*Match, error) {
	var res result
	ok, err := c.resolveTo(&res, path)
	switch {
	case err != nil:
		return nil, err
	case !ok:
		nf := res.NotFound()
		if strings.HasPrefix(path, "/") {
			nf.TriedPatterns()
		} else {
			nf.conf = nil
		}
		return nil, nf
	}
	m := res.Match()
	m.Tried = m.TriedPatterns()
	return m, nil
}

// TriedPatterns returns Tried: the patterns tried before and including
// the match, each row the chain from the outermost include. For a match
// that resolveTo found, whose Tried is empty, it walks the conf again to
// list them, without keeping the list.
func (m *Match) TriedPatterns() [][]Tried {
	if m.Tried != nil || m.conf == nil {
		return m.Tried
	}
	rows, _ := m.conf.tried(m.path)
	return rows
}

// A TimeoutError stops a resolution whose regex ran out of time: one
// match past Builder.MatchTimeout, or all of them past
// Builder.DispatchBudget. It names the pattern, never the path, which an
// attacker chose and which regexp2's own error would repeat whole.
type TimeoutError struct {
	Pattern string // as written
	Where   string // where the entry is declared, from the module root: "blog/urls.go:14"
	Budget  bool   // the request's budget ran out, rather than this match's time
}

func (e *TimeoutError) Error() string {
	what := "match timed out"
	if e.Budget {
		what = "dispatch budget ran out"
	}
	return fmt.Sprintf("urlconf: pattern %q (%s): %s", e.Pattern, e.Where, what)
}

// Is makes errors.Is(err, errMatchTimeout) true for any TimeoutError.
func (e *TimeoutError) Is(target error) bool { return target == errMatchTimeout }

func errMatchTimeoutFor(p *pattern) error {
	return &TimeoutError{Pattern: p.source, Where: p.where}
}

// prepareResolve makes what resolveTo reads at request time: each
// level's index, each entry's default kwargs as text and view ID, and
// the joined routes of include chains.
func (c *Conf) prepareResolve() {
	c.routes = map[routeKey]string{}
	seen := map[*level]bool{}
	viewIDs := map[string]int{}
	var prep func(l *level, chain []*node)
	prep = func(l *level, chain []*node) {
		first := !seen[l]
		seen[l] = true
		if first {
			l.index = newLevelIndex(l)
			for _, n := range l.nodes {
				if n.sub != nil {
					l.includes = append(l.includes, n)
				}
			}
		}
		for _, n := range l.nodes {
			if first {
				for k, v := range n.entry.opts.kwargs {
					n.defaults = append(n.defaults, kwText{k, textOf(v)})
				}
				if n.sub == nil {
					id, ok := viewIDs[n.entry.view]
					if !ok {
						id = len(c.views)
						viewIDs[n.entry.view] = id
						c.views = append(c.views, n.entry.view)
					}
					n.viewID = id
				}
			}
			here := append(chain[:len(chain):len(chain)], n)
			switch {
			case n.sub == nil && len(here) <= len(routeKey{}):
				var key routeKey
				copy(key[:], here)
				route := ""
				for _, h := range here {
					route = joinRoute(route, h.pat.source)
				}
				c.routes[key] = route
			case n.sub == nil, slices.Contains(chain, n):
			case len(here) < len(routeKey{}) || !seen[n.sub]:
				// Chains are followed while their routes are kept, and
				// beyond that only to prepare levels not seen yet.
				prep(n.sub, here)
			}
		}
	}
	prep(c.root, nil)
}

// repercentBroken percent-encodes the bytes of s that are not valid
// UTF-8, so that every pattern sees text, never U+FFFD.
func repercentBroken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, "%%%02X", s[i])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// endpointMatch is Django's URLPattern.resolve: captured kwargs, then the
// entry's default kwargs over them.
func endpointMatch(n *node, caps []capture) *Match {
	m := &Match{
		View:           n.entry.view,
		URLName:        n.entry.opts.name,
		Methods:        n.entry.opts.methods,
		Route:          n.pat.source,
		CapturedKwargs: map[string]any{},
		ExtraKwargs:    copyMap(n.entry.opts.kwargs),
	}
	for _, c := range caps {
		switch {
		case c.name == "":
			m.Args = append(m.Args, c.raw)
			m.unmatched = append(m.unmatched, !c.ok)
		case c.ok:
			m.CapturedKwargs[c.name] = c.value
			if m.raw == nil {
				m.raw = make(map[string]string)
			}
			m.raw[c.name] = c.raw
		}
	}
	m.Kwargs = copyMap(m.CapturedKwargs)
	for k, v := range m.ExtraKwargs {
		m.Kwargs[k] = v
		delete(m.raw, k)
	}
	m.ViewName = joinName(nil, m)
	return m
}

// includeMatch is the merge step of Django's URLResolver.resolve: the
// prefix's captures and the include's defaults, then the inner match's
// kwargs over them. If the result has any kwargs, the outer positional
// args are dropped.
func includeMatch(n *node, caps []capture, sub *Match) *Match {
	kwargs := map[string]any{}
	raw := map[string]string{}
	var args []string
	var unmatched []bool
	for _, c := range caps {
		switch {
		case c.name == "":
			args = append(args, c.raw)
			unmatched = append(unmatched, !c.ok)
		case c.ok:
			kwargs[c.name], raw[c.name] = c.value, c.raw
		}
	}
	for k, v := range n.entry.opts.kwargs {
		kwargs[k] = v
		delete(raw, k)
	}
	for k, v := range sub.Kwargs {
		kwargs[k] = v
		if s, ok := sub.raw[k]; ok {
			raw[k] = s
		} else {
			delete(raw, k)
		}
	}
	sub.raw = raw
	if len(kwargs) == 0 {
		sub.Args = append(args, sub.Args...)
		sub.unmatched = append(unmatched, sub.unmatched...)
	}
	sub.Kwargs = kwargs
	extra := copyMap(n.entry.opts.kwargs)
	for k, v := range sub.ExtraKwargs {
		extra[k] = v
	}
	sub.ExtraKwargs = extra
	sub.Route = joinRoute(n.pat.source, sub.Route)
	if n.appName != "" {
		sub.AppNames = append([]string{n.appName}, sub.AppNames...)
	}
	if n.namespace != "" {
		sub.Namespaces = append([]string{n.namespace}, sub.Namespaces...)
	}
	sub.AppName = strings.Join(sub.AppNames, ":")
	sub.Namespace = strings.Join(sub.Namespaces, ":")
	sub.ViewName = joinName(sub.Namespaces, sub)
	return sub
}

// joinRoute is Django's _join_route: the second route loses its "^",
// unless the first is empty.
func joinRoute(outer, inner string) string {
	if outer == "" {
		return inner
	}
	return outer + strings.TrimPrefix(inner, "^")
}

func joinName(namespaces []string, m *Match) string {
	last := m.URLName
	if last == "" {
		last = m.View
	}
	return strings.Join(append(append([]string(nil), namespaces...), last), ":")
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func toTried(rows [][]*node) [][]Tried {
	out := make([][]Tried, len(rows))
	for i, row := range rows {
		out[i] = make([]Tried, len(row))
		for j, n := range row {
			out[i][j] = n.tried()
		}
	}
	return out
}

func (n *node) tried() Tried {
	kind := "re_path"
	switch {
	case n.sub != nil:
		kind = "include"
	case n.entry.kind == kindMount:
		kind = "mount"
	case n.entry.isRoute():
		kind = "path"
	}
	return Tried{Kind: kind, Pattern: n.pat.source, Name: n.entry.opts.name, Where: n.entry.where}
}
