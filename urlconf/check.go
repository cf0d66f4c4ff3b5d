package urlconf

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// A Finding is one problem a check found in a conf.
type Finding struct {
	// ID is stable: Django's where Django has the check ("urls.W001"),
	// hoop's own otherwise ("hoop.W101").
	ID      string
	Level   Level
	Message string // one line; Django's exact text where Django has the check
	Hint    string // optional: how to fix it
	Where   string // where the entry is declared, from the module root: "blog/urls.go:14"
}

// String formats f as "blog/urls.go:14: urls.W002: message".
func (f Finding) String() string {
	return f.Where + ": " + f.ID + ": " + f.Message
}

// A Level is how serious a Finding is.
type Level int

const (
	Warning Level = iota // the conf works, but probably not as intended
	Error                // the conf is broken
)

func (l Level) String() string {
	switch l {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// CheckOptions are the settings the checks depend on.
type CheckOptions struct {
	// AppendSlash is Django's APPEND_SLASH setting: urls.W002 (a pattern
	// beginning with "/") only applies when it is on.
	AppendSlash bool
	// Quick skips hoop.W101, hoop.W102 and hoop.W104, which write and
	// resolve sample URLs for every endpoint: most of the time of Check on
	// a large conf.
	// A production start-up uses it; the development server and the
	// check command do not, as Django runs its checks in runserver and
	// manage.py check.
	Quick bool
}

// Check runs Django's URL system checks on the conf, and hoop's own, and
// returns what they found in conf order (depth first into includes), the
// same every time. A conf that includes itself is followed once per
// chain, never around the cycle; a finding reached again through another
// chain, with the same text and location, is reported once.
//
// Django's checks, with Django's IDs and messages:
//
//   - urls.W001: a ReInclude prefix ending in "$" (not "\$"). As in
//     Django, an include's own pattern is checked only when nothing below
//     it gave one of Django's warnings.
//   - urls.W002: with AppendSlash, a pattern whose regex (for Path and
//     Include, the regex generated from the route) begins with "/", "^/"
//     or "^\/" and does not end with "/".
//   - urls.W003: a Name containing ":".
//   - urls.W005: a namespace, qualified by its parents' namespaces, that
//     occurs more than once. Hint names the first occurrence.
//   - 2_0.W001: a Path or Include route that contains "(?P<", begins with
//     "^" or ends with "$".
//
// Django's other URL checks cannot fire in hoop: urls.E004 (an element
// that is not a path()) and urls.E009 (a view class without .as_view())
// are ruled out by the Entry type and by views being names; urls.E006
// (STATIC_URL/MEDIA_URL) is a settings check, not a conf one; urls.E007
// and urls.E008 (error handlers' signatures and imports) concern Python
// callables, which hoop's handlers, checked by the Go compiler, are not.
//
// hoop's own checks:
//
//   - hoop.W101: an endpoint shadowed by an earlier one. Check writes
//     sample URLs for the endpoint from its pattern chain, as reverse
//     does, keeps those its own chain matches, and resolves them; if
//     every one resolves to another, earlier endpoint, the endpoint is
//     reported. An endpoint Check cannot write a URL for is skipped. A
//     Mount takes every path under its prefix, so every later entry
//     under that prefix is reported, naming the mount.
//   - hoop.W102: a named endpoint whose pattern chain has "|" outside any
//     capturing group (in (?:...) too): reverse cannot write a URL for
//     it, as in Django, whose normalize gives up on it.
//   - hoop.W103: a pattern that runs on the backtracking regex engine,
//     with the construct that keeps it off the linear-time ones (a
//     back-reference, a look-around, a conditional, an atomic group, a
//     possessive quantifier, case-insensitive matching, \b with Unicode
//     word characters, \B, a repeated group that can match the empty
//     string, a "$" not at the end of an endpoint's regex) and, if it has one, the
//     first construct at risk of catastrophic backtracking: a quantifier
//     nested in another ("(a+)+"), a quantified alternation whose
//     branches can begin with the same character ("(\w|\d)+"), or a
//     capturing ".+" or ".*" not followed by a literal
//     ("(?P<a>.+)(?P<b>.+)").
//   - hoop.W104: a named endpoint that reverse and resolve disagree on
//     (werkzeug#3094's bug class). For sample URLs of the endpoint drawn
//     from its patterns, Check gives the values its chain captures to
//     Reverse under its qualified name and resolves the URL Reverse
//     writes: the first that reaches another name, no entry, or the
//     entry with other values (a default kwarg that overrides a captured
//     one, a converter whose ToURL and ToGo disagree) is reported, with
//     the call and the URL. An endpoint hoop.W101, hoop.W102 or
//     urls.W003 reports is skipped. See roundtrip.go.
//
// Every check is a Warning for now.
func (c *Conf) Check(opts CheckOptions) []Finding {
	ck := &checker{
		conf:       c,
		opts:       opts,
		seen:       map[string]bool{},
		namespaces: map[string]string{},
		reported:   map[string]bool{},
	}
	ck.level(c.root, nil, nil, map[*level]bool{c.root: true})
	return ck.out
}

// checker is the state of one Check.
type checker struct {
	conf       *Conf
	opts       CheckOptions
	out        []Finding
	seen       map[string]bool   // findings already reported, by their text
	namespaces map[string]string // qualified namespace → where first declared
	reported   map[string]bool   // namespaces already reported as not unique
}

func (ck *checker) add(fs ...Finding) {
	for _, f := range fs {
		key := f.ID + "\x00" + f.Where + "\x00" + f.Message
		if ck.seen[key] {
			continue
		}
		ck.seen[key] = true
		ck.out = append(ck.out, f)
	}
}

// level checks the nodes of l, reached through chain under the qualified
// namespace parents. It returns how many of Django's URL config warnings
// it produced, before de-duplication, for Django's rule that an include's
// own pattern is checked only when nothing below it warned.
func (ck *checker) level(l *level, chain []*node, parents []string, onStack map[*level]bool) int {
	django := 0
	for _, n := range l.nodes {
		here := append(chain[:len(chain):len(chain)], n)
		if n.sub == nil {
			fs := ck.djangoChecks(n)
			django += len(fs)
			ck.add(fs...)
			if !ck.opts.Quick {
				shadowed, unreversible := ck.shadowed(here), ck.unreversible(here)
				ck.add(shadowed...)
				ck.add(unreversible...)
				// A shadowed or unreversible endpoint, or a name with ":"
				// (urls.W003), fails the round trip for a reason already
				// reported.
				if name := n.entry.opts.name; name != "" && !strings.Contains(name, ":") && len(shadowed)+len(unreversible) == 0 {
					ck.add(ck.roundTrip(here, strings.Join(append(parents[:len(parents):len(parents)], name), ":"))...)
				}
			}
			ck.add(backtracking(n)...)
			continue
		}
		ck.add(backtracking(n)...)
		ns := parents
		if n.namespace != "" {
			ns = append(parents[:len(parents):len(parents)], n.namespace)
			ck.namespace(strings.Join(ns, ":"), n)
		}
		below := 0
		if !onStack[n.sub] {
			onStack[n.sub] = true
			below = ck.level(n.sub, here, ns, onStack)
			delete(onStack, n.sub)
		}
		if below == 0 {
			fs := ck.djangoChecks(n)
			below = len(fs)
			ck.add(fs...)
		}
		django += below
	}
	return django
}

// namespace records one occurrence of a qualified namespace: urls.W005
// at the second.
func (ck *checker) namespace(qualified string, n *node) {
	first, ok := ck.namespaces[qualified]
	if !ok {
		ck.namespaces[qualified] = n.entry.where
		return
	}
	if ck.reported[qualified] {
		return
	}
	ck.reported[qualified] = true
	ck.add(Finding{
		ID:      "urls.W005",
		Level:   Warning,
		Message: fmt.Sprintf("URL namespace '%s' isn't unique. You may not be able to reverse all URLs in this namespace", qualified),
		Hint:    "It is also declared at " + first + ".",
		Where:   n.entry.where,
	})
}

// djangoDescribe is Django's describe(): the pattern as written, quoted,
// and the URL name if any.
func djangoDescribe(n *node) string {
	s := "'" + n.pat.source + "'"
	if name := n.entry.opts.name; name != "" {
		s += " [name='" + name + "']"
	}
	return s
}

// djangoChecks runs Django's checks of one pattern, in Django's order:
// URLPattern.check (W003, then the pattern's) or the include's pattern
// check (W002, then W001 or 2_0.W001).
func (ck *checker) djangoChecks(n *node) []Finding {
	var fs []Finding
	add := func(id, format string) {
		fs = append(fs, Finding{ID: id, Level: Warning, Message: fmt.Sprintf(format, djangoDescribe(n)), Where: n.entry.where})
	}
	e := n.entry
	if n.sub == nil && strings.Contains(e.opts.name, ":") {
		add("urls.W003", "Your URL pattern %s has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.")
	}
	re := n.pat.regex
	if ck.opts.AppendSlash && (strings.HasPrefix(re, "/") || strings.HasPrefix(re, "^/") || strings.HasPrefix(re, `^\/`)) && !strings.HasSuffix(re, "/") {
		add("urls.W002", "Your URL pattern %s has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.")
	}
	src := n.pat.source
	switch {
	case n.pat.isRoute:
		if strings.Contains(src, "(?P<") || strings.HasPrefix(src, "^") || strings.HasSuffix(src, "$") {
			add("2_0.W001", "Your URL pattern %s has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to django.urls.path().")
		}
	case e.isInclude():
		if strings.HasSuffix(src, "$") && !strings.HasSuffix(src, `\$`) {
			add("urls.W001", "Your URL pattern %s uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.")
		}
	}
	return fs
}

// chainRoute joins the patterns of a chain as Match.Route does.
func chainRoute(chain []*node) string {
	route := ""
	for _, n := range chain {
		route = joinRoute(route, n.pat.source)
	}
	return route
}

// describeChain names an endpoint by its pattern chain and URL name.
func describeChain(chain []*node) string {
	s := "'" + chainRoute(chain) + "'"
	if name := chain[len(chain)-1].entry.opts.name; name != "" {
		s += " [name='" + name + "']"
	}
	return s
}

// chainRegex is the chain's combined regex, as reverse builds it: each
// pattern's regex without its leading "^".
func chainRegex(chain []*node) string {
	var b strings.Builder
	for _, n := range chain {
		b.WriteString(strings.TrimPrefix(n.pat.regex, "^"))
	}
	return b.String()
}

// unreversible is hoop.W102.
func (ck *checker) unreversible(chain []*node) []Finding {
	n := chain[len(chain)-1]
	if n.entry.opts.name == "" {
		return nil
	}
	p := &normalizer{toks: tokenize(chainRegex(chain))}
	if !errors.Is(p.scan(), errDisjunction) {
		return nil
	}
	return []Finding{{
		ID:      "hoop.W102",
		Level:   Warning,
		Message: fmt.Sprintf("pattern %s cannot be reversed: alternation outside a group", describeChain(chain)),
		Hint:    "Reverse gives up on a '|' outside capturing groups, even inside (?:...), as Django does: capture the alternatives, as in (?P<kind>a|b), or write one pattern for each.",
		Where:   n.entry.where,
	}}
}

// shadowVariants is how many ways the sampler writes each construct; see
// sampler.
const shadowVariants = 6

// maxShadowForms bounds the reverse forms tried per variant.
const maxShadowForms = 8

// shadowed is hoop.W101: sample URLs for the endpoint at the end of chain
// that its own chain matches; if each resolves to another endpoint, the
// first is reported.
func (ck *checker) shadowed(chain []*node) []Finding {
	self := chain[len(chain)-1]
	forms, _ := normalize(chainRegex(chain))
	if len(forms) > maxShadowForms {
		forms = forms[:maxShadowForms]
	}
	tried := map[string]bool{}
	var firstSample string
	var firstOther []*node
	for v := 0; v < shadowVariants; v++ {
		var candidates []string
		values := chainParamSamples(chain, v)
		for _, f := range forms {
			candidates = append(candidates, f.expand(values))
		}
		if s, ok := chainSample(chain, v); ok {
			candidates = append(candidates, s)
		}
		for _, cand := range candidates {
			if tried[cand] {
				continue
			}
			tried[cand] = true
			if !ck.conf.matchesChain(chain, cand) {
				continue
			}
			got, err := ck.conf.chainOf(cand)
			if err != nil || got == nil {
				continue
			}
			if got[len(got)-1] == self {
				return nil // some URL of the endpoint reaches it
			}
			if firstOther == nil {
				firstSample, firstOther = cand, got
			}
		}
	}
	if firstOther == nil {
		return nil
	}
	other := firstOther[len(firstOther)-1]
	if other.entry.kind == kindMount {
		return []Finding{{
			ID:    "hoop.W101",
			Level: Warning,
			Message: fmt.Sprintf("pattern %s is shadowed by the mount '%s' (%s), which takes every path under its prefix: /%s goes to the mount",
				describeChain(chain), chainRoute(firstOther), other.entry.where, firstSample),
			Hint:  "Move this pattern above the mount, or out of the mount's prefix.",
			Where: self.entry.where,
		}}
	}
	return []Finding{{
		ID:    "hoop.W101",
		Level: Warning,
		Message: fmt.Sprintf("pattern %s is shadowed by '%s' (%s): /%s resolves to the earlier pattern",
			describeChain(chain), chainRoute(firstOther), other.entry.where, firstSample),
		Hint:  "Resolve takes the first pattern that matches: move this one above the other, or make the other more specific.",
		Where: self.entry.where,
	}}
}

// matchesChain reports whether the patterns of chain, one after the
// other, match path (without its leading "/"), as the resolution walk
// tries a chain.
func (c *Conf) matchesChain(chain []*node, path string) bool {
	var res result
	res.reset(c)
	res.path = path
	if !utf8.ValidString(path) {
		res.path = repercentBroken(path)
	}
	_, ok, err := res.tryChain(chain, 0, nil, nil)
	return ok && err == nil
}

// chainParamSamples gives every parameter of the chain's combined regex,
// named as normalize names them (group name, or "_0", "_1"... for the
// unnamed groups its scan sees), a sample value.
func chainParamSamples(chain []*node, variant int) map[string]string {
	values := map[string]string{}
	unnamed := 0
	for _, n := range chain {
		s := newSampler(n.pat, variant)
		var visit func(x *pyre.Node)
		visit = func(x *pyre.Node) {
			switch x.Op {
			case pyre.OpCapture:
				name := x.Name
				if name == "" {
					name = fmt.Sprintf("_%d", unnamed)
					unnamed++
				}
				if _, ok := values[name]; !ok {
					if v, ok := s.gen(x); ok {
						values[name] = v
					}
				}
				return
			case pyre.OpLookahead, pyre.OpNegLookahead, pyre.OpLookbehind, pyre.OpNegLookbehind:
				return
			}
			for _, sub := range x.Sub {
				visit(sub)
			}
		}
		visit(n.pat.syntax.Root)
	}
	return values
}

// chainSample writes a sample URL for the chain straight from the syntax
// trees, for patterns normalize cannot reverse.
func chainSample(chain []*node, variant int) (string, bool) {
	var b strings.Builder
	for _, n := range chain {
		s, ok := newSampler(n.pat, variant).gen(n.pat.syntax.Root)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	return b.String(), true
}

// maxSample bounds the length of a sample, in runes.
const maxSample = 2048

// A sampler writes a short text that a regex's node matches: literals as
// they are, a character of each class, the minimum count of each repeat,
// the first alternative that works. Variants choose different characters
// (letters, digits, punctuation, non-ASCII, "/") and, in the last, one
// more repetition, so that shadowing is reported only when no such URL
// gets through.
type sampler struct {
	pat     *pattern
	variant int
	caps    map[int]string // text written for each group, for back-references
	size    int
}

func newSampler(p *pattern, variant int) *sampler {
	return &sampler{pat: p, variant: variant, caps: map[int]string{}}
}

// routeSample is the sample value of a built-in converter, by variant
// (the last one is used for higher variants); ok is false for others.
func routeSample(c Converter, variant int) (string, bool) {
	pick := func(vs ...string) (string, bool) { return vs[min(variant, len(vs)-1)], true }
	switch c.(type) {
	case IntConverter, *IntConverter:
		return pick("1", "0", "9", "10")
	case StringConverter, *StringConverter:
		return pick("a", "1", "_", "é", "a")
	case SlugConverter, *SlugConverter:
		return pick("a", "1", "_", "-")
	case PathConverter, *PathConverter:
		return pick("a", "1", "_", "é", "a/a")
	case UUIDConverter, *UUIDConverter:
		return "12345678-1234-5678-1234-567812345678", true
	}
	return "", false
}

func (s *sampler) gen(n *pyre.Node) (string, bool) {
	var b strings.Builder
	if !s.write(&b, n) {
		return "", false
	}
	return b.String(), true
}

func (s *sampler) emit(b *strings.Builder, text string) bool {
	s.size += utf8.RuneCountInString(text)
	if s.size > maxSample {
		return false
	}
	b.WriteString(text)
	return true
}

func (s *sampler) write(b *strings.Builder, n *pyre.Node) bool {
	switch n.Op {
	case pyre.OpLiteral:
		return s.emit(b, string(n.Rune))
	case pyre.OpAnyChar:
		return s.emit(b, string(anyCharSamples[min(s.variant, len(anyCharSamples)-1)]))
	case pyre.OpClass:
		r, ok := pickClass(n.Class, s.variant, s.pat.ascii)
		return ok && s.emit(b, string(r))
	case pyre.OpConcat:
		for _, sub := range n.Sub {
			if !s.write(b, sub) {
				return false
			}
		}
		return true
	case pyre.OpAlternate:
		for _, sub := range n.Sub {
			t, ok := s.try(sub)
			if ok {
				return s.emit(b, t)
			}
		}
		return false
	case pyre.OpRepeat:
		count := n.Min
		if s.variant == shadowVariants-1 && (n.Max == -1 || n.Max > n.Min) {
			count++
		}
		if count > maxSample {
			return false
		}
		for i := 0; i < count; i++ {
			if !s.write(b, n.Sub[0]) {
				return false
			}
		}
		return true
	case pyre.OpCapture:
		var t string
		ok := false
		if s.pat.params != nil && n.Index-1 < len(s.pat.params) {
			t, ok = routeSample(s.pat.params[n.Index-1].converter, s.variant)
		}
		if !ok {
			if t, ok = s.try(n.Sub[0]); !ok {
				return false
			}
		}
		s.caps[n.Index] = t
		return s.emit(b, t)
	case pyre.OpGroup, pyre.OpAtomic:
		return s.write(b, n.Sub[0])
	case pyre.OpBackref:
		return s.emit(b, s.caps[n.Index])
	case pyre.OpConditional:
		if _, ok := s.caps[n.Index]; ok {
			return s.write(b, n.Sub[0])
		}
		if len(n.Sub) > 1 {
			return s.write(b, n.Sub[1])
		}
		return true
	}
	// Empty, anchors, boundaries and look-arounds write nothing; the
	// sample is checked against the real regex anyway.
	return true
}

// try writes n into a scratch buffer.
func (s *sampler) try(n *pyre.Node) (string, bool) {
	var b strings.Builder
	size := s.size
	ok := s.write(&b, n)
	s.size = size
	return b.String(), ok
}

var anyCharSamples = []rune{'a', '1', '_', 'é', '/', 'a'}

// classPreferences are the characters tried first for a class, by variant.
var classPreferences = []string{
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~",
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.~",
	"_-~.zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210",
	"éЖ٣abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~",
	"/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~",
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~",
}

// pickClass chooses a character of the class: one of the variant's
// preferred characters if the class has one, else the first character
// from tab upwards.
func pickClass(c *pyre.Class, variant int, ascii bool) (rune, bool) {
	for _, r := range classPreferences[min(variant, len(classPreferences)-1)] {
		if c.Contains(r, ascii) {
			return r, true
		}
	}
	for r := rune(9); r < 0x3000; r++ {
		if c.Contains(r, ascii) {
			return r, true
		}
	}
	return 0, false
}

// backtracking is hoop.W103 for one entry's own pattern: reported when
// it runs on the backtracking engine, with why, and with the first
// construct that risks catastrophic backtracking, if any.
func backtracking(n *node) []Finding {
	p := n.pat
	why, ok := p.backtracks.(*pyre.NotLinearError)
	if !ok {
		return nil
	}
	msg := fmt.Sprintf("pattern '%s' runs on the backtracking regex engine: %s", p.source, p.describeAt(why.What, why.Offset))
	if what, at := backtrackRisk(p.syntax, p.ascii); at != nil {
		msg += fmt.Sprintf("; it risks catastrophic backtracking: %s", p.describeAt(what, at.Pos))
	}
	return []Finding{{
		ID:      "hoop.W103",
		Level:   Warning,
		Message: msg,
		Hint: "Each match on that engine is limited by Builder.MatchTimeout, and a URL that runs out of time is answered 503. " +
			"Without back-references, look-arounds, conditionals, atomic groups, possessive quantifiers, case-insensitive matching, " +
			`\b (but under re.ASCII), \B and repeated groups that can match the empty string, and with "$" only at the end of an endpoint's regex, ` +
			"a pattern runs in linear time.",
		Where: n.entry.where,
	}}
}

// describeAt names a construct at byte offset pos of the pattern's regex
// (-1: the whole pattern): by position in a regex, by parameter in a
// route, whose regex the user did not write.
func (p *pattern) describeAt(what string, pos int) string {
	if pos < 0 {
		return what
	}
	re := p.syntax
	if !p.isRoute {
		return fmt.Sprintf("%s at position %d", what, utf8.RuneCountInString(re.Source[:pos]))
	}
	param, conv := "", ""
	for _, c := range re.Root.Sub {
		if c.Op == pyre.OpCapture && c.Pos <= pos && pos < c.End {
			param, conv = c.Name, re.Source[c.Sub[0].Pos:c.Sub[0].End]
		}
	}
	if re.Root.Op == pyre.OpCapture {
		param, conv = re.Root.Name, re.Source[re.Root.Sub[0].Pos:re.Root.Sub[0].End]
	}
	if param == "" {
		return what
	}
	return fmt.Sprintf("%s in parameter '%s' (regex '%s')", what, param, conv)
}

// backtrackRisk finds the first construct, in source order, that risks
// catastrophic backtracking, and names it.
func backtrackRisk(re *pyre.Regexp, ascii bool) (string, *pyre.Node) {
	var what string
	var at *pyre.Node
	var path []*pyre.Node // ancestors of the node visited
	var visit func(n *pyre.Node)
	visit = func(n *pyre.Node) {
		if at != nil {
			return
		}
		switch n.Op {
		case pyre.OpRepeat:
			if (n.Max > 1 || n.Max == -1) && !n.Possessive {
				if nestedRepeat(n, ascii) {
					what, at = "nested quantifier", n
					return
				}
				if overlappingAlternation(n, ascii) {
					what, at = "quantified alternation with overlapping branches", n
					return
				}
			}
		case pyre.OpCapture:
			if dot := dotStar(n.Sub[0]); dot != nil && !followedByLiteral(path, n) {
				what, at = fmt.Sprintf("'%s' capture not followed by a literal", re.Source[dot.Pos:dot.End]), n
				return
			}
		case pyre.OpAtomic, pyre.OpLookbehind, pyre.OpNegLookbehind:
			return // no backtracking into an atomic group; look-behinds are fixed-width
		}
		path = append(path, n)
		for _, sub := range n.Sub {
			visit(sub)
		}
		path = path[:len(path)-1]
	}
	visit(re.Root)
	return what, at
}

// unwrap strips groups and captures around a node.
func unwrap(n *pyre.Node) *pyre.Node {
	for n.Op == pyre.OpCapture || n.Op == pyre.OpGroup {
		n = n.Sub[0]
	}
	return n
}

// nestedRepeat reports whether repeat r holds an unbounded repeat that
// can match a character which also ends one iteration of r's body. It is
// not reported when each iteration holds a mandatory character that none
// of the inner repeats can match, such as the "/" of (?:/[a-z]+)*.
func nestedRepeat(r *pyre.Node, ascii bool) bool {
	var inner []*pyre.Node
	var find func(n *pyre.Node)
	find = func(n *pyre.Node) {
		switch n.Op {
		case pyre.OpAtomic, pyre.OpLookahead, pyre.OpNegLookahead, pyre.OpLookbehind, pyre.OpNegLookbehind:
			return
		case pyre.OpRepeat:
			if n.Max == -1 && !n.Possessive {
				inner = append(inner, n)
			}
		}
		for _, sub := range n.Sub {
			find(sub)
		}
	}
	find(r.Sub[0])
	if len(inner) == 0 {
		return false
	}
	body := unwrap(r.Sub[0])
	if body.Op != pyre.OpConcat {
		return true
	}
	for _, item := range body.Sub {
		if item.Op != pyre.OpLiteral && item.Op != pyre.OpClass {
			continue // a separator must be a mandatory single character
		}
		sep := atomOf(item)
		clash := false
		for _, in := range inner {
			for _, a := range allAtoms(in.Sub[0]) {
				if overlap(a, sep, ascii) {
					clash = true
				}
			}
		}
		if !clash {
			return false
		}
	}
	return true
}

// overlappingAlternation reports whether repeat r repeats an alternation
// two of whose branches can begin with the same character.
func overlappingAlternation(r *pyre.Node, ascii bool) bool {
	alt := unwrap(r.Sub[0])
	if alt.Op != pyre.OpAlternate {
		return false
	}
	firsts := make([][]atom, len(alt.Sub))
	for i, b := range alt.Sub {
		firsts[i], _ = firstAtoms(b)
	}
	for i := range firsts {
		for j := i + 1; j < len(firsts); j++ {
			for _, a := range firsts[i] {
				for _, b := range firsts[j] {
					if overlap(a, b, ascii) {
						return true
					}
				}
			}
		}
	}
	return false
}

// dotStar returns the unbounded repeat of "." that n is (inside groups),
// or nil.
func dotStar(n *pyre.Node) *pyre.Node {
	n = unwrap(n)
	if n.Op == pyre.OpRepeat && n.Max == -1 && !n.Possessive && unwrap(n.Sub[0]).Op == pyre.OpAnyChar {
		return n
	}
	return nil
}

// followedByLiteral reports whether what follows node n (whose ancestors
// are path) begins with a literal character or an end anchor, or is the
// end of the pattern.
func followedByLiteral(path []*pyre.Node, n *pyre.Node) bool {
	child := n
	for i := len(path) - 1; i >= 0; i-- {
		parent := path[i]
		switch parent.Op {
		case pyre.OpConcat:
			for j, s := range parent.Sub {
				if s != child {
					continue
				}
				// An optional item must begin with a literal too, and
				// so must what follows it.
				for _, next := range parent.Sub[j+1:] {
					if next.Op != pyre.OpRepeat || next.Min > 0 {
						return startsLiteral(next)
					}
					if !startsLiteral(next.Sub[0]) {
						return false
					}
				}
				break
			}
		case pyre.OpRepeat:
			if parent.Max != 1 || !startsLiteral(parent.Sub[0]) {
				return false // the body comes again: not a literal we can tell
			}
		case pyre.OpLookahead, pyre.OpNegLookahead:
			return true
		}
		child = parent
	}
	return true // the end of the pattern
}

// startsLiteral reports whether every match of n begins with a literal
// character or is at an end anchor.
func startsLiteral(n *pyre.Node) bool {
	switch n.Op {
	case pyre.OpLiteral, pyre.OpEndLine, pyre.OpEndText:
		return true
	case pyre.OpConcat:
		return startsLiteral(n.Sub[0])
	case pyre.OpCapture, pyre.OpGroup, pyre.OpAtomic:
		return startsLiteral(n.Sub[0])
	case pyre.OpRepeat:
		return n.Min >= 1 && startsLiteral(n.Sub[0])
	case pyre.OpAlternate:
		for _, s := range n.Sub {
			if !startsLiteral(s) {
				return false
			}
		}
		return true
	}
	return false
}

// An atom is a single-character matcher: a literal, a class, or any
// character.
type atom struct {
	any   bool
	lit   rune
	class *pyre.Class
}

func atomOf(n *pyre.Node) atom {
	switch n.Op {
	case pyre.OpLiteral:
		return atom{lit: n.Rune}
	case pyre.OpClass:
		return atom{class: n.Class}
	}
	return atom{any: true}
}

// firstAtoms returns the matchers of the characters a match of n can
// begin with, and whether n can match the empty string.
func firstAtoms(n *pyre.Node) ([]atom, bool) {
	switch n.Op {
	case pyre.OpLiteral, pyre.OpClass, pyre.OpAnyChar:
		return []atom{atomOf(n)}, false
	case pyre.OpConcat:
		var out []atom
		for _, s := range n.Sub {
			a, nullable := firstAtoms(s)
			out = append(out, a...)
			if !nullable {
				return out, false
			}
		}
		return out, true
	case pyre.OpAlternate:
		var out []atom
		nullable := false
		for _, s := range n.Sub {
			a, null := firstAtoms(s)
			out = append(out, a...)
			nullable = nullable || null
		}
		return out, nullable
	case pyre.OpRepeat:
		a, nullable := firstAtoms(n.Sub[0])
		return a, nullable || n.Min == 0
	case pyre.OpCapture, pyre.OpGroup, pyre.OpAtomic:
		return firstAtoms(n.Sub[0])
	case pyre.OpBackref:
		return []atom{{any: true}}, true
	case pyre.OpConditional:
		var out []atom
		for _, s := range n.Sub {
			a, _ := firstAtoms(s)
			out = append(out, a...)
		}
		return out, true
	}
	return nil, true
}

// allAtoms returns the matchers of every character n can match.
func allAtoms(n *pyre.Node) []atom {
	var out []atom
	var visit func(n *pyre.Node)
	visit = func(n *pyre.Node) {
		switch n.Op {
		case pyre.OpLiteral, pyre.OpClass, pyre.OpAnyChar, pyre.OpBackref:
			out = append(out, atomOf(n))
		case pyre.OpLookahead, pyre.OpNegLookahead, pyre.OpLookbehind, pyre.OpNegLookbehind:
			return
		}
		for _, s := range n.Sub {
			visit(s)
		}
	}
	visit(n)
	return out
}

// overlapProbes are the characters tried to tell whether two classes
// overlap: ASCII and a few of each kind beyond it.
var overlapProbes = func() []rune {
	rs := make([]rune, 0, 140)
	for r := rune(0); r < 128; r++ {
		rs = append(rs, r)
	}
	return append(rs, 'é', 'Ж', '中', '٣', '\u00a0', '\u2028', '\u0301', '\u00b2')
}()

// overlap reports whether some character matches both atoms.
func overlap(a, b atom, ascii bool) bool {
	switch {
	case a.any || b.any:
		return true
	case a.class == nil && b.class == nil:
		return a.lit == b.lit
	case a.class == nil:
		return b.class.Contains(a.lit, ascii)
	case b.class == nil:
		return a.class.Contains(b.lit, ascii)
	}
	for _, r := range overlapProbes {
		if a.class.Contains(r, ascii) && b.class.Contains(r, ascii) {
			return true
		}
	}
	return false
}
