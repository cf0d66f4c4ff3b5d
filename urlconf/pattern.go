package urlconf

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// A pattern is a compiled regex or route, with Django's RegexPattern and
// RoutePattern matching rules.
//
// Each pattern runs on one of three engines, chosen when it is compiled:
// the byte matcher (fastmatch.go) if the pattern is in its subset, else
// Go's regexp if the pattern has an exact Go form (pyre.Regexp.Go), else
// regexp2, which backtracks and so runs under a time limit. The first two
// need none: Go's regexp is linear in the path, and the byte matcher takes
// only patterns with at most one place to backtrack, which keeps it within
// the square of the path's length (bounded by the dispatcher) and linear
// for the patterns sites write. matchLinear runs those two; the walk runs
// regexp2 on the path's runes.
type pattern struct {
	source   string // as written
	isRoute  bool
	endpoint bool
	regex    string       // Python syntax; for a route, the generated regex
	syntax   *pyre.Regexp // parsed regex, for reverse and the checks
	// ascii is Python's re.ASCII for the whole pattern: Builder.ASCII
	// or a leading (?a).
	ascii bool
	// fullMatch is set for an endpoint regex whose text ends in "$":
	// Django matches those with fullmatch, so "^x/$" never matches "x/\n".
	fullMatch bool
	// re is the compiled regexp2 program: search, or \A(?:...)\z for
	// fullMatch. Patterns on a linear engine compile it only when
	// something needs regexp2 (the checks, the reference walk), which
	// halves the build time of a large conf.
	re     *regexp2.Regexp
	reOnce sync.Once
	expr   string
	opts   regexp2.RegexOptions
	groups []string // groups[i] is the name of group i+1, "" if unnamed
	named  bool     // any named group: pass kwargs only
	// params are the route's converters, by group index; nil for regexes.
	params []routeParamRef
	// fast matches the pattern on bytes when it is in the fast subset;
	// else gore matches it with Go's regexp when it has an exact Go form;
	// when both are nil, regexp2 (search or full) does, and backtracks
	// says why (hoop.W103).
	fast       *fastMatcher
	gore       *goMatcher
	backtracks error
	// timeout bounds each regexp2 match; where names the entry, for
	// the TimeoutError.
	timeout time.Duration
	where   string
	// prefix is what every match begins with (requiredPrefix), for
	// regexp2 patterns: a path without it is not tried.
	prefix string
}

// setTimeout bounds every regexp2 match of p by d.
func (p *pattern) setTimeout(d time.Duration) {
	p.timeout = d
	if p.re != nil {
		p.re.MatchTimeout = d
	}
}

// compilePattern compiles an entry's pattern. The error says what is
// wrong and where in the pattern, without the entry (the caller adds it).
func compilePattern(e *Entry, converters map[string]Converter, ascii bool) (*pattern, error) {
	p := &pattern{source: e.pattern, isRoute: e.isRoute(), endpoint: !e.isPrefix(), regex: e.pattern}
	if p.isRoute {
		regex, params, err := routeToRegex(e.pattern, p.endpoint, converters)
		if err != nil {
			return nil, err
		}
		p.regex, p.params = regex, params
	}
	syntax, err := pyre.Parse(p.regex)
	if err != nil {
		if p.isRoute {
			return nil, fmt.Errorf("a converter's regex in route %q is invalid: %v", e.pattern, err)
		}
		return nil, fmt.Errorf("%q is not a valid regular expression: %v", e.pattern, err)
	}
	p.syntax = syntax
	p.ascii = ascii || syntax.Flags&pyre.ASCII != 0
	p.groups = syntax.GroupNames
	p.named = syntax.HasNamedGroups()
	if p.isRoute && len(p.groups) != len(p.params) {
		return nil, fmt.Errorf("route %q: a converter's regex must not contain capturing groups", e.pattern)
	}
	expr, opts, err := syntax.Dotnet(ascii)
	if err != nil {
		return nil, fmt.Errorf("%q cannot be compiled: %v", e.pattern, err)
	}
	p.fullMatch = p.endpoint && !p.isRoute && strings.HasSuffix(e.pattern, "$")
	p.expr, p.opts = expr, opts
	if p.fullMatch {
		p.expr = `\A(?:` + expr + `)\z`
	}
	if p.fast = compileFast(syntax, ascii, p.fullMatch); p.fast != nil {
		return p, nil
	}
	mode := pyre.Search
	if p.fullMatch {
		mode = pyre.Fullmatch
	}
	rx, err := syntax.Go(ascii, mode)
	var nl *pyre.NotLinearError
	switch {
	case err == nil:
		p.gore = newGoMatcher(rx, syntax, p.fullMatch)
		return p, nil
	case !errors.As(err, &nl):
		return nil, fmt.Errorf("%q cannot be compiled: %v", e.pattern, err)
	}
	p.backtracks = nl
	if p.re, err = regexp2.Compile(p.expr, opts); err != nil {
		return nil, fmt.Errorf("%q cannot be compiled: %v", e.pattern, err)
	}
	return p, nil
}

// linear reports whether p runs in linear time, on the byte matcher or
// Go's regexp, so that matchLinear can match it.
func (p *pattern) linear() bool { return p.fast != nil || p.gore != nil }

// matchLinear matches p against s, the rest of the path, as Django does
// (search, or fullmatch for an endpoint regex ending in "$"), on the
// pattern's linear engine. It returns where the match ends in s, with
// the byte span of group i in caps[2i], caps[2i+1] (-1 for a group that
// did not take part); caps holds 2*len(p.groups) ints, and its contents
// are undefined when ok is false. A miss allocates nothing.
func (p *pattern) matchLinear(s string, caps []int) (end int, ok bool) {
	if p.fast != nil {
		return p.fast.match(s, caps)
	}
	return p.gore.match(s, caps)
}

// A goMatcher runs a pattern on Go's regexp.
type goMatcher struct {
	re      *regexp.Regexp
	full    bool // fullmatch: every match ends at the end of the text
	ngroups int
	// prefix begins every match of a pattern anchored at the start of
	// the text: a path without it is a miss, decided without running
	// the regexp, which costs about a microsecond even then.
	prefix string
}

func newGoMatcher(rx *regexp.Regexp, syntax *pyre.Regexp, full bool) *goMatcher {
	m := &goMatcher{re: rx, full: full, ngroups: syntax.NumGroups}
	if full || anchoredAtStart(syntax) {
		m.prefix, _ = rx.LiteralPrefix()
	}
	return m
}

// anchoredAtStart reports whether every match of re begins at the start
// of the text: re begins with \A, or ^ outside re.MULTILINE.
func anchoredAtStart(re *pyre.Regexp) bool {
	n := re.Root
	for n.Op == pyre.OpConcat {
		n = n.Sub[0]
	}
	return n.Op == pyre.OpBeginText || n.Op == pyre.OpBeginLine && re.Flags&pyre.Multiline == 0
}

// match is pattern.matchLinear on Go's regexp. FindStringSubmatchIndex
// allocates only the spans of a hit, and costs about what MatchString
// costs on a miss, so one call decides and reports.
func (m *goMatcher) match(s string, caps []int) (end int, ok bool) {
	if !strings.HasPrefix(s, m.prefix) {
		return 0, false
	}
	if m.ngroups == 0 && m.full {
		return len(s), m.re.MatchString(s)
	}
	loc := m.re.FindStringSubmatchIndex(s)
	if loc == nil {
		return 0, false
	}
	copy(caps, loc[2:])
	return loc[1], true
}

// regexp returns the regexp2 program, compiling it on first use. Dotnet
// has compiled the expression once already, so it cannot fail here.
func (p *pattern) regexp() *regexp2.Regexp {
	p.reOnce.Do(func() {
		if p.re == nil {
			re := regexp2.MustCompile(p.expr, p.opts)
			if p.timeout > 0 {
				re.MatchTimeout = p.timeout
			}
			p.re = re
		}
	})
	return p.re
}

// capture is one group a pattern captured.
type capture struct {
	name  string // "" for a positional group
	value any    // string, or a converter's Go value
	raw   string // the text in the path
	ok    bool   // false for a group that did not participate
}

// match matches path as Django does: fullmatch for endpoint regexes ending
// in "$", search otherwise; the rest of the path is what follows the
// match. It returns ok false when the pattern does not match, and an error
// only when a converter fails with something other than ErrNoMatch.
func (p *pattern) match(path []rune) (rest []rune, caps []capture, ok bool, err error) {
	m, err := p.regexp().FindRunesMatch(path)
	if err != nil {
		return nil, nil, false, errMatchTimeoutFor(p)
	}
	if m == nil {
		return nil, nil, false, nil
	}
	caps = make([]capture, 0, len(p.groups))
	for i, name := range p.groups {
		if p.named && name == "" {
			continue // any named group: unnamed ones are dropped
		}
		g := m.GroupByNumber(i + 1)
		c := capture{name: name}
		if g != nil && len(g.Captures) > 0 {
			c.raw, c.ok = g.String(), true
			c.value = c.raw
		}
		if p.params != nil && c.ok {
			v, err := p.params[i].converter.ToGo(c.raw)
			if isNoMatch(err) {
				return nil, nil, false, nil
			}
			if err != nil {
				return nil, nil, false, err
			}
			c.value = v
		}
		caps = append(caps, c)
	}
	return path[m.Index+m.Length:], caps, true, nil
}
