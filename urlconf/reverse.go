package urlconf

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// ReverseOptions are the inputs of ReverseWith beyond the name. Args and
// Kwargs are exclusive, as in Django.
type ReverseOptions struct {
	Args   []any          // positional values, in the pattern's group order
	Kwargs map[string]any // named values

	// CurrentApp picks among the instances of an app namespace: a
	// ":"-separated instance path, such as a request's Match.Namespace.
	CurrentApp string

	// ScriptPrefix is where the site is mounted, such as "/shop/". Empty
	// means "/".
	ScriptPrefix string

	// Query is appended after "?" when not empty (keys sorted), and
	// Fragment after "#" when not empty, as Django 5.2's reverse(query=,
	// fragment=) does. The fragment is not encoded.
	Query    url.Values
	Fragment string
}

// NoReverseMatch is the error Reverse returns when no pattern can be
// written with the values given. Its message is Django's, naming every
// pattern tried.
type NoReverseMatch struct {
	Message string
}

func (e *NoReverseMatch) Error() string { return e.Message }

// Reverse returns the URL path of the entry named name, with positional
// args: Django's reverse(). name is a URL name (the Name option), never a
// view name, as in Django, where a string is a URL name: an entry whose
// view is called "index" does not answer for the URL name "index".
// ReverseView reverses by view name. A name may be namespaced
// ("blog:detail", "shop:blog:detail"). Args are strings, or Go
// values the pattern's converters turn into text (an int, a UUID, a
// custom converter's values); other values are formatted with fmt.
//
// Entries with the same name are tried from the last declared to the
// first, and the first whose pattern accepts the values wins: every
// candidate URL is matched against the whole pattern chain, so a value
// the regex would not accept never produces a URL. The result is
// percent-encoded with Django's safe set, and a leading "//" becomes
// "/%2F", so it is always a path on this site.
func (c *Conf) Reverse(name string, args ...any) (string, error) {
	return c.ReverseWith(name, ReverseOptions{Args: args})
}

// ReverseKwargs is Reverse with named values.
func (c *Conf) ReverseKwargs(name string, kwargs map[string]any) (string, error) {
	return c.ReverseWith(name, ReverseOptions{Kwargs: kwargs})
}

// ErrMixedArgs is the error of a reverse given both Args and Kwargs:
// Django's ValueError, not a NoReverseMatch, since no pattern was tried.
var ErrMixedArgs = errors.New("urlconf: reverse takes args or kwargs, not both")

// ReverseWith is Reverse with every option.
func (c *Conf) ReverseWith(name string, o ReverseOptions) (string, error) {
	return c.reverseWith(name, false, o)
}

// ReverseView returns the URL path of an entry whose view is view (the
// name it is registered under), as Django's reverse() of a view
// function does: entries with that view are tried from the last declared
// to the first, whatever their URL names, and the first that accepts the
// values wins. It reaches entries without a URL name. A namespace may
// come first ("shop:shop.views.cart").
func (c *Conf) ReverseView(view string, o ReverseOptions) (string, error) {
	return c.reverseWith(view, true, o)
}

func (c *Conf) reverseWith(name string, byView bool, o ReverseOptions) (string, error) {
	if len(o.Args) > 0 && len(o.Kwargs) > 0 {
		return "", ErrMixedArgs
	}
	prefix := o.ScriptPrefix
	if prefix == "" {
		prefix = "/"
	}
	u, err := c.reverseBy(name, byView, o.Args, o.Kwargs, o.CurrentApp, prefix)
	if err != nil {
		return "", err
	}
	if q := o.Query.Encode(); q != "" {
		u += "?" + q
	}
	if o.Fragment != "" {
		u += "#" + o.Fragment
	}
	return u, nil
}

// reverse is Django's reverse() of a URL name without query and
// fragment; prefix "" gives URLResolver.reverse's result, without a
// leading slash.
func (c *Conf) reverse(name string, args []any, kwargs map[string]any, currentApp, prefix string) (string, error) {
	return c.reverseBy(name, false, args, kwargs, currentApp, prefix)
}

// reverseBy reverses a URL name, or with byView a view name.
func (c *Conf) reverseBy(name string, byView bool, args []any, kwargs map[string]any, currentApp, prefix string) (string, error) {
	parts := strings.Split(name, ":")
	view, path := parts[len(parts)-1], parts[:len(parts)-1]
	var currentPath []string // the current app's instances, innermost first
	if currentApp != "" {
		for _, ns := range strings.Split(currentApp, ":") {
			currentPath = append([]string{ns}, currentPath...)
		}
	}
	l := c.root
	var nsPattern string
	nsConverters := map[string]Converter{}
	var resolved []string
	for _, ns := range path {
		var currentNS string
		if len(currentPath) > 0 {
			currentNS, currentPath = currentPath[len(currentPath)-1], currentPath[:len(currentPath)-1]
		}
		d := c.dict(l)
		if instances, ok := d.apps[ns]; ok {
			switch {
			case currentNS != "" && contains(instances, currentNS):
				ns = currentNS
			case !contains(instances, ns):
				ns = instances[0] // the last declared instance
			}
		}
		if ns != currentNS {
			currentPath = nil
		}
		entry, ok := d.namespaces[ns]
		if !ok {
			if len(resolved) > 0 {
				return "", &NoReverseMatch{Message: fmt.Sprintf("'%s' is not a registered namespace inside '%s'", ns, strings.Join(resolved, ":"))}
			}
			return "", &NoReverseMatch{Message: fmt.Sprintf("'%s' is not a registered namespace", ns)}
		}
		resolved = append(resolved, ns)
		nsPattern += entry.prefix
		for k, v := range entry.converters {
			nsConverters[k] = v
		}
		l = entry.level
	}
	return c.reverseIn(l, nsPattern, nsConverters, view, byView, prefix, args, kwargs)
}

// reverseIn is Django's _reverse_with_prefix on level l, under the
// namespace prefix nsPattern.
func (c *Conf) reverseIn(l *level, nsPattern string, nsConverters map[string]Converter, view string, byView bool, prefix string, args []any, kwargs map[string]any) (string, error) {
	d := c.dict(l)
	entries := d.names[view]
	if byView {
		entries = d.views[view]
	}
	var tried []string
	for _, e := range entries {
		pattern := nsPattern + e.pattern
		tried = append(tried, pattern)
		converters := e.converters
		if len(nsConverters) > 0 {
			converters = mergeConverters(nsConverters, e.converters)
		}
		forms, check := c.reversible(pattern)
		for _, f := range forms {
			values, ok, err := candidateValues(f, e.defaults, converters, args, kwargs)
			if err != nil {
				return "", err
			}
			if !ok {
				continue
			}
			candidate := f.expand(values)
			if check == nil {
				continue
			}
			if !check.matches(candidate) {
				continue
			}
			return EscapeLeadingSlashes(quote(prefix + candidate)), nil
		}
	}
	return "", noReverseMatch(view, args, kwargs, tried)
}

// candidateValues picks the values for one form, as Django does: with
// args, exactly one per parameter; with kwargs, the parameter names, plus
// default kwargs that must then equal their defaults. ok is false when
// the form does not fit the values.
func candidateValues(f form, defaults map[string]any, converters map[string]Converter, args []any, kwargs map[string]any) (map[string]string, bool, error) {
	subs := map[string]any{}
	if len(args) > 0 {
		if len(args) != len(f.params) {
			return nil, false, nil
		}
		for i, p := range f.params {
			subs[p] = args[i]
		}
	} else {
		params := map[string]bool{}
		for _, p := range f.params {
			params[p] = true
			if _, ok := kwargs[p]; !ok {
				if _, isDefault := defaults[p]; !isDefault {
					return nil, false, nil
				}
			}
		}
		for k := range kwargs {
			if _, isDefault := defaults[k]; !params[k] && !isDefault {
				return nil, false, nil
			}
		}
		for k, v := range defaults {
			if params[k] {
				continue
			}
			if given, ok := kwargs[k]; ok && !pyEqual(given, v) {
				return nil, false, nil
			}
		}
		subs = kwargs
	}
	text := make(map[string]string, len(subs))
	for k, v := range subs {
		conv, ok := converters[k]
		if !ok {
			text[k] = pyStr(v)
			continue
		}
		s, err := conv.ToURL(v)
		if isNoMatch(err) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		text[k] = s
	}
	return text, true, nil
}

// reversible returns the forms of a combined pattern and the regex every
// candidate must match, compiled once per pattern.
func (c *Conf) reversible(pattern string) ([]form, *candidateCheck) {
	if v, ok := c.reverseCache.Load(pattern); ok {
		r := v.(reversibleCache)
		return r.forms, r.check
	}
	var r reversibleCache
	r.forms, _ = normalize(pattern) // Django gives up the same way: no forms
	if syntax, err := pyre.Parse("^" + pattern); err == nil {
		r.check = c.candidateCheck(syntax)
	}
	c.reverseCache.Store(pattern, r)
	return r.forms, r.check
}

type reversibleCache struct {
	forms []form
	check *candidateCheck
}

// A candidateCheck is Django's re.search("^" + pattern, candidate) that
// every reversed URL must pass: on Go's regexp when the pattern has a Go
// form, else on regexp2 under the conf's time limit.
type candidateCheck struct {
	linear    *regexp.Regexp
	backtrack *regexp2.Regexp
}

// candidateCheck compiles the check of a combined pattern, or returns
// nil if it cannot be compiled, which refuses every candidate.
func (c *Conf) candidateCheck(syntax *pyre.Regexp) *candidateCheck {
	if rx, err := syntax.Go(c.ascii, pyre.Test); err == nil {
		return &candidateCheck{linear: rx}
	}
	expr, opts, err := syntax.Dotnet(c.ascii)
	if err != nil {
		return nil
	}
	rx, err := regexp2.Compile(expr, opts)
	if err != nil {
		return nil
	}
	rx.MatchTimeout = c.timeout
	return &candidateCheck{backtrack: rx}
}

// matches runs the check; a candidate that runs out of time is refused.
func (k *candidateCheck) matches(candidate string) bool {
	switch {
	case k == nil:
		return false
	case k.linear != nil:
		return k.linear.MatchString(candidate)
	}
	m, err := k.backtrack.MatchString(candidate)
	return err == nil && m
}

func mergeConverters(outer, inner map[string]Converter) map[string]Converter {
	out := make(map[string]Converter, len(outer)+len(inner))
	for k, v := range outer {
		out[k] = v
	}
	for k, v := range inner {
		out[k] = v
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// noReverseMatch builds Django's message, Python reprs included.
func noReverseMatch(view string, args []any, kwargs map[string]any, tried []string) error {
	if len(tried) == 0 {
		return &NoReverseMatch{Message: fmt.Sprintf("Reverse for '%s' not found. '%s' is not a valid view function or pattern name.", view, view)}
	}
	argMsg := "no arguments"
	switch {
	case len(args) > 0:
		argMsg = "arguments '" + pyTuple(args) + "'"
	case len(kwargs) > 0:
		argMsg = "keyword arguments '" + pyRepr(kwargs) + "'"
	}
	reprs := make([]string, len(tried))
	for i, p := range tried {
		reprs[i] = pyRepr(p)
	}
	return &NoReverseMatch{Message: fmt.Sprintf("Reverse for '%s' with %s not found. %d pattern(s) tried: [%s]",
		view, argMsg, len(tried), strings.Join(reprs, ", "))}
}

// reverseDict is what reverse knows of one level: Django's reverse_dict,
// namespace_dict and app_dict, relative to the level.
type reverseDict struct {
	names      map[string][]reverseEntry // by URL name, last declared first
	views      map[string][]reverseEntry // by view name, last declared first
	namespaces map[string]namespaceEntry
	apps       map[string][]string // app name → instance namespaces, last declared first
}

type reverseEntry struct {
	pattern    string // the pattern chain below the level, without "^"
	defaults   map[string]any
	converters map[string]Converter
}

type namespaceEntry struct {
	prefix     string // the pattern chain to the namespaced include, without "^"
	level      *level
	converters map[string]Converter
}

// dict returns the reverse dict of l, built once.
func (c *Conf) dict(l *level) *reverseDict {
	c.dictOnce.Do(func() { c.dicts = buildDicts(c.root) })
	return c.dicts[l]
}

// buildDicts builds the reverse dict of every level reachable from root.
// A level that includes itself without a namespace contributes nothing to
// its own dict the second time, as Django's populate guard does.
func buildDicts(root *level) map[*level]*reverseDict {
	dicts := map[*level]*reverseDict{}
	onStack := map[*level]bool{}
	var build func(l *level) *reverseDict
	build = func(l *level) *reverseDict {
		if d, ok := dicts[l]; ok {
			return d
		}
		d := &reverseDict{names: map[string][]reverseEntry{}, views: map[string][]reverseEntry{},
			namespaces: map[string]namespaceEntry{}, apps: map[string][]string{}}
		if onStack[l] {
			return d
		}
		onStack[l] = true
		for i := len(l.nodes) - 1; i >= 0; i-- {
			n := l.nodes[i]
			p := strings.TrimPrefix(n.pat.regex, "^")
			conv := n.pat.converterMap()
			if n.sub == nil {
				e := reverseEntry{pattern: p, defaults: n.entry.opts.kwargs, converters: conv}
				d.views[n.entry.view] = append(d.views[n.entry.view], e)
				if name := n.entry.opts.name; name != "" {
					d.names[name] = append(d.names[name], e)
				}
				continue
			}
			if n.appName != "" {
				d.apps[n.appName] = append(d.apps[n.appName], n.namespace)
				d.namespaces[n.namespace] = namespaceEntry{prefix: p, level: n.sub, converters: conv}
				build(n.sub) // so that the dict exists when reverse walks into it
				continue
			}
			sub := build(n.sub)
			for _, m := range [2][2]map[string][]reverseEntry{{d.names, sub.names}, {d.views, sub.views}} {
				for name, entries := range m[1] {
					for _, e := range entries {
						m[0][name] = append(m[0][name], reverseEntry{
							pattern:    p + e.pattern,
							defaults:   mergeAny(e.defaults, n.entry.opts.kwargs),
							converters: mergeConverters(conv, e.converters),
						})
					}
				}
			}
			for ns, e := range sub.namespaces {
				d.namespaces[ns] = namespaceEntry{prefix: p + e.prefix, level: e.level, converters: mergeConverters(conv, e.converters)}
			}
			for app, instances := range sub.apps {
				d.apps[app] = append(d.apps[app], instances...)
			}
		}
		delete(onStack, l)
		dicts[l] = d
		return d
	}
	build(root)
	return dicts
}

func mergeAny(a, b map[string]any) map[string]any {
	if len(b) == 0 {
		return a
	}
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// converterMap returns the route's converters by parameter name.
func (p *pattern) converterMap() map[string]Converter {
	if len(p.params) == 0 {
		return nil
	}
	m := make(map[string]Converter, len(p.params))
	for _, rp := range p.params {
		m[rp.name] = rp.converter
	}
	return m
}

// EscapeLeadingSlashes keeps a URL path on this site: a path that
// begins with "//" would be read by a browser as "//host/...", so its
// second slash becomes "%2F" ("//evil.com/" → "/%2Fevil.com/"), as
// Django's escape_leading_slashes. Reverse applies it; so does the
// dispatcher's APPEND_SLASH redirect.
func EscapeLeadingSlashes(u string) string {
	if strings.HasPrefix(u, "//") {
		return "/%2F" + u[2:]
	}
	return u
}

// quote is Python's urllib.parse.quote with Django's safe set for URL
// paths: RFC 3986 sub-delimiters and "/~:@".
func quote(s string) string {
	const safe = "!$&'()*+,;=/~:@_.-"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
