package urlconf

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// This file is hoop's version of Django's django.utils.regex_helper.normalize:
// it turns a regex (Python syntax) back into the URL shapes it matches, so
// reverse() can fill in the parameters and then check the result against the
// real regex. It is deliberately not a regex parser. It reproduces the scan
// Django does, quirks included, because reverse() must choose the same
// candidates Django would choose:
//
//   - a capturing group is one parameter, whatever it contains;
//   - a quantifier keeps its minimum count, except that an optional element
//     that holds a capturing group gives two forms (without it, and with it
//     once);
//   - a character class becomes its first character, \d becomes "0", and so on;
//   - a "|" outside capturing groups makes Django give up: one empty form;
//   - "$" ends the scan.
//
// Where a Python exception would escape Django's normalize (an unbalanced
// ")", "(?x", a bad "{...}" count), normalize returns an error instead.

// A form is one way to write a URL for a pattern: pieces of literal text and
// parameters, and the parameter names reverse() must supply, in order.
// A (?P=name) back-reference adds a %(name)s piece but does not list name
// again, as in Django.
type form struct {
	pieces []formPiece
	params []string
}

// A formPiece is either literal text or a parameter: exactly one is set
// (param != "" means a parameter).
type formPiece struct {
	literal string
	param   string
}

// format renders f as a Python %-format string, the way Django stores its
// reverse candidates: literals with "%" doubled, parameters as %(name)s.
func (f form) format() string {
	var b strings.Builder
	for _, p := range f.pieces {
		if p.param != "" {
			b.WriteString("%(" + p.param + ")s")
		} else {
			b.WriteString(strings.ReplaceAll(p.literal, "%", "%%"))
		}
	}
	return b.String()
}

// expand writes the URL for f with the given parameter values, unquoted.
// A parameter missing from values expands to "".
func (f form) expand(values map[string]string) string {
	var b strings.Builder
	for _, p := range f.pieces {
		if p.param != "" {
			b.WriteString(values[p.param])
		} else {
			b.WriteString(p.literal)
		}
	}
	return b.String()
}

var (
	// errNonReversible is Django's ValueError("Non-reversible reg-exp
	// portion"): a (?...) construct normalize cannot turn into text.
	errNonReversible = errors.New("non-reversible reg-exp portion")
	// errNormalize covers the other patterns Django's normalize fails on
	// with a Python exception (IndexError, ValueError, RuntimeError), and
	// patterns whose forms would be unreasonably large.
	errNormalize = errors.New("cannot normalize regex")

	// errEnd is the end of the pattern. Like StopIteration in Django's
	// scan, it simply stops the scan wherever it happens (except inside a
	// quantifier's look-ahead, which handles it itself).
	errEnd = errors.New("end of pattern")
	// errDisjunction is an unescaped "|" seen by the main scan.
	errDisjunction = errors.New("disjunction")
)

// Limits that keep a hostile or silly pattern from exhausting memory. Django
// has none, but no URL pattern comes near them.
const (
	maxRepeat     = 1 << 16 // largest {n} honoured
	maxForms      = 1 << 12 // most forms one pattern may produce
	maxFormPieces = 1 << 20 // most pieces across all forms
)

// normalize returns the reverse forms of a Python regex, in Django's order.
// An empty pattern, or one using "|" outside capturing groups, has the
// single empty form.
func normalize(pattern string) ([]form, error) {
	p := &normalizer{toks: tokenize(pattern)}
	err := p.scan()
	switch {
	case errors.Is(err, errDisjunction):
		return []form{{}}, nil
	case err != nil && !errors.Is(err, errEnd):
		return nil, fmt.Errorf("%w (pattern %q)", err, pattern)
	}
	fl := flattener{budget: maxFormPieces}
	forms, err := fl.seq(p.result)
	if err != nil {
		return nil, fmt.Errorf("%w (pattern %q)", err, pattern)
	}
	for i := range forms {
		forms[i].compact()
	}
	return forms, nil
}

// A token is one character of the pattern after escape processing. An
// escape is replaced by a representative of what it matches (\d -> "0"), so
// the scan sees it as an escaped, literal character.
type token struct {
	ch      rune
	escaped bool
}

// escapeReps maps the class escapes to a character they match. A zero rune
// means the escape matches no character (an anchor) and disappears. Every
// other escaped character stands for itself.
var escapeReps = map[rune]rune{
	'A': 0, 'b': 0, 'B': 0, 'Z': 0,
	'd': '0', 'D': 'x', 's': ' ', 'S': 'x', 'w': 'x', 'W': '!',
}

// tokenize resolves escapes up front. It returns the tokens and whether the
// pattern ends in a lone backslash, which Django only trips over (with a
// RuntimeError) when its scan actually reaches it.
func tokenize(pattern string) tokens {
	var ts tokens
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '\\' {
			ts.list = append(ts.list, token{ch: rs[i]})
			continue
		}
		if i+1 == len(rs) {
			ts.badEnd = true
			break
		}
		i++
		rep, ok := escapeReps[rs[i]]
		if !ok {
			rep = rs[i]
		}
		if rep != 0 {
			ts.list = append(ts.list, token{ch: rep, escaped: true})
		}
	}
	return ts
}

type tokens struct {
	list   []token
	badEnd bool // the pattern ends in a lone backslash
}

// elemKind says what an element of the scanned sequence is. The scan builds
// a flat sequence of literals and groups; quantifiers and (?:...) then
// rewrap its tail into non-capturing groups and choices.
type elemKind int

const (
	literalElem    elemKind = iota // one character of text
	groupElem                      // a parameter: capturing group or back-reference
	nonCaptureElem                 // (?:...), kept whole so it can be quantified
	choiceElem                     // an optional element holding a group: absent or once
)

type elem struct {
	kind   elemKind
	text   string  // literalElem: the character; groupElem: the parameter name
	listed bool    // groupElem: false for a back-reference, which lists no parameter
	items  []*elem // nonCaptureElem: the content; choiceElem: the optional element
}

// normalizer is the state of the scan over one pattern.
type normalizer struct {
	toks    tokens
	pos     int
	result  []*elem
	open    []int // start in result of each unclosed (?:
	numArgs int   // unnamed groups seen, for the _0, _1... names
}

// next returns the next token, errEnd at the end of the pattern, or an
// error for a trailing lone backslash.
func (n *normalizer) next() (token, error) {
	if n.pos < len(n.toks.list) {
		n.pos++
		return n.toks.list[n.pos-1], nil
	}
	if n.toks.badEnd {
		return token{}, fmt.Errorf("%w: trailing backslash", errNormalize)
	}
	return token{}, errEnd
}

func (n *normalizer) appendLiteral(ch rune) {
	n.result = append(n.result, &elem{kind: literalElem, text: string(ch)})
}

// scan runs the main loop. It returns errEnd when the pattern ran out,
// nil when "$" stopped it, errDisjunction for a top-level "|", or an error.
func (n *normalizer) scan() error {
	t, err := n.next()
	for err == nil {
		var pending *token
		var done bool
		pending, done, err = n.step(t)
		switch {
		case err != nil || done:
		case pending != nil:
			// A quantifier read one token too far; the main loop takes it
			// next, seeing it as unescaped (Django's scan keeps the stale
			// escaped flag of the quantifier, which is false).
			t = token{ch: pending.ch}
		default:
			t, err = n.next()
		}
		if done {
			return nil
		}
	}
	return err
}

// step handles one token of the main loop. done reports a "$"; pending is a
// token a quantifier read ahead and did not use.
func (n *normalizer) step(t token) (pending *token, done bool, err error) {
	if t.escaped {
		n.appendLiteral(t.ch)
		return nil, false, nil
	}
	switch t.ch {
	case '|':
		return nil, false, errDisjunction
	case '^':
	case '$':
		return nil, true, nil
	case ')':
		err = n.closeNonCapture()
	case '[':
		err = n.class()
	case '(':
		err = n.group()
	case '*', '?', '+', '{':
		pending, err = n.quantifier(t.ch)
	default:
		// Anything else, "." included, is written as itself.
		n.appendLiteral(t.ch)
	}
	return pending, false, err
}

// closeNonCapture handles a ")". Capturing groups and lookarounds are
// skipped whole by walkToEnd, so an unescaped ")" here can only close a
// (?:, whose content is wrapped into one element that a quantifier after
// it can act on.
func (n *normalizer) closeNonCapture() error {
	if len(n.open) == 0 {
		return fmt.Errorf("%w: unbalanced parenthesis", errNormalize)
	}
	start := n.open[len(n.open)-1]
	n.open = n.open[:len(n.open)-1]
	// A quantifier inside the group may have dropped elements from before
	// it ("a(?:*)"); like Python's slicing, the group is then empty.
	start = min(start, len(n.result))
	inner := append([]*elem(nil), n.result[start:]...)
	n.result = append(n.result[:start], &elem{kind: nonCaptureElem, items: inner})
	return nil
}

// class writes a character class as its first character (so "[^/]" gives
// "^" and "[\w]" gives "x") and skips the rest up to an unescaped "]".
func (n *normalizer) class() error {
	t, err := n.next()
	if err != nil {
		return err
	}
	n.appendLiteral(t.ch)
	for {
		t, err = n.next()
		if err != nil {
			return err
		}
		if !t.escaped && t.ch == ']' {
			return nil
		}
	}
}

// group handles what follows a "(": a capturing group (a parameter), a
// (?:, a lookaround (dropped) or a (?P=name) back-reference.
func (n *normalizer) group() error {
	t, err := n.next()
	if err != nil {
		return err
	}
	if t.ch != '?' || t.escaped {
		name := fmt.Sprintf("_%d", n.numArgs)
		n.numArgs++
		n.result = append(n.result, &elem{kind: groupElem, text: name, listed: true})
		return n.walkToEnd(t.ch)
	}
	if t, err = n.next(); err != nil {
		return err
	}
	switch t.ch {
	case '=', '!', '<':
		// Lookarounds match no text; reverse() checks them afterwards
		// by matching the candidate against the real regex.
		return n.walkToEnd(t.ch)
	case ':':
		n.open = append(n.open, len(n.result))
		return nil
	case 'P':
		return n.namedGroup()
	}
	return fmt.Errorf("%w: '(?%c'", errNonReversible, t.ch)
}

// namedGroup handles (?P<name>...) (a parameter, content skipped) and
// (?P=name) (the same parameter written again). The name is whatever comes
// before the terminator; Django does not check it.
func (n *normalizer) namedGroup() error {
	t, err := n.next()
	if err != nil {
		return err
	}
	var terminator rune
	switch t.ch {
	case '<':
		terminator = '>'
	case '=':
		terminator = ')'
	default:
		return fmt.Errorf("%w: '(?P%c'", errNonReversible, t.ch)
	}
	var name strings.Builder
	for {
		if t, err = n.next(); err != nil {
			return err
		}
		if t.ch == terminator {
			break
		}
		name.WriteRune(t.ch)
	}
	if name.Len() == 0 {
		// Django would write "%()s" and list nothing; Python's re rejects
		// the pattern anyway, and a form cannot hold an unnamed parameter.
		return fmt.Errorf("%w: missing group name", errNormalize)
	}
	backref := terminator == ')'
	n.result = append(n.result, &elem{kind: groupElem, text: name.String(), listed: !backref})
	if backref {
		return nil // the ")" is already consumed
	}
	return n.walkToEnd(t.ch)
}

// walkToEnd skips the rest of a group up to its closing ")", counting
// nested groups and ignoring escaped parentheses. first is the token just
// read after the group's "(" (a "(" there opens a nested group).
func (n *normalizer) walkToEnd(first rune) error {
	nesting := 0
	if first == '(' {
		nesting = 1
	}
	for {
		t, err := n.next()
		if err != nil {
			return err
		}
		if t.escaped {
			continue
		}
		switch t.ch {
		case '(':
			nesting++
		case ')':
			if nesting == 0 {
				return nil
			}
			nesting--
		}
	}
}

// quantifier applies a quantifier to the last element: a minimum of zero
// drops it (or, if it holds a capturing group, makes it a choice between
// absent and once), a minimum of n > 1 repeats it. A lazy "?" after the
// quantifier is skipped; any other token read past it is returned to be
// handled next.
func (n *normalizer) quantifier(ch rune) (pending *token, err error) {
	var count int
	if ch == '{' {
		count, err = n.braceCount()
		if err != nil {
			return nil, err
		}
	} else if ch == '+' {
		count = 1
	}
	t, err := n.next()
	switch {
	case errors.Is(err, errEnd):
	case err != nil:
		return nil, err
	case t.ch != '?':
		pending = &t
	}
	return pending, n.repeatLast(count)
}

// braceCount reads a {n}, {n,m} or {n,} quantifier up to its "}" and
// returns n, parsed as Python's int() would.
func (n *normalizer) braceCount() (int, error) {
	var body []rune
	for {
		t, err := n.next()
		if err != nil {
			return 0, err
		}
		if t.ch == '}' {
			break
		}
		body = append(body, t.ch)
	}
	low, _, _ := strings.Cut(string(body), ",")
	count, ok := pyInt(low)
	if !ok {
		return 0, fmt.Errorf("%w: bad repeat count {%s}", errNormalize, string(body))
	}
	if count > maxRepeat {
		return 0, fmt.Errorf("%w: repeat count %d too large", errNormalize, count)
	}
	return count, nil
}

// repeatLast applies a minimum repeat count to the last element. A count
// of one, or a negative one (Python's int accepts "-1"), changes nothing.
func (n *normalizer) repeatLast(count int) error {
	if count == 1 || count < 0 {
		return nil // nothing to do, even with nothing before it (as in Django)
	}
	if len(n.result) == 0 {
		return fmt.Errorf("%w: nothing to repeat", errNormalize)
	}
	last := n.result[len(n.result)-1]
	switch {
	case count == 0 && holdsGroup(last):
		n.result[len(n.result)-1] = &elem{kind: choiceElem, items: []*elem{last}}
	case count == 0:
		n.result = n.result[:len(n.result)-1]
	default:
		for i := 1; i < count; i++ {
			n.result = append(n.result, last)
		}
	}
	return nil
}

// holdsGroup reports whether e is a parameter or a (?:...) holding one.
// A choice does not count: it is already optional.
func holdsGroup(e *elem) bool {
	switch e.kind {
	case groupElem:
		return true
	case nonCaptureElem:
		for _, item := range e.items {
			if holdsGroup(item) {
				return true
			}
		}
	}
	return false
}

// pyInt parses s as Python's int(s) does for the ASCII inputs a quantifier
// can hold: surrounding white space, an optional sign, and digits that may
// be separated by single underscores.
func pyInt(s string) (int, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) })
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	v := 0
	for _, r := range s {
		switch {
		case r == '_':
		case r >= '0' && r <= '9':
			if v > maxRepeat {
				continue // already too large; keep checking the syntax
			}
			v = v*10 + int(r-'0')
		default:
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, true
}

// flattener expands a scanned sequence into forms, keeping a budget of
// pieces so nested repeats and choices cannot explode.
type flattener struct {
	budget int
}

// seq returns the forms of a sequence: the cartesian product, in order, of
// the forms of its elements.
func (fl *flattener) seq(items []*elem) ([]form, error) {
	forms := []form{{}}
	for _, e := range items {
		var alts []form
		switch e.kind {
		case literalElem:
			alts = []form{{pieces: []formPiece{{literal: e.text}}}}
		case groupElem:
			alts = []form{{pieces: []formPiece{{param: e.text}}}}
			if e.listed {
				alts[0].params = []string{e.text}
			}
		case nonCaptureElem:
			inner, err := fl.seq(e.items)
			if err != nil {
				return nil, err
			}
			alts = inner
		case choiceElem:
			once, err := fl.seq(e.items)
			if err != nil {
				return nil, err
			}
			alts = append([]form{{}}, once...)
		}
		var err error
		if forms, err = fl.product(forms, alts); err != nil {
			return nil, err
		}
	}
	return forms, nil
}

// product appends each alternative to each form, forms outermost. Every
// form owns its slices, so the one-alternative case extends in place.
func (fl *flattener) product(forms, alts []form) ([]form, error) {
	if len(forms)*len(alts) > maxForms {
		return nil, fmt.Errorf("%w: more than %d forms", errNormalize, maxForms)
	}
	if len(alts) == 1 {
		for i := range forms {
			if err := fl.spend(len(alts[0].pieces)); err != nil {
				return nil, err
			}
			forms[i].extend(alts[0])
		}
		return forms, nil
	}
	out := make([]form, 0, len(forms)*len(alts))
	for _, f := range forms {
		for _, a := range alts {
			if err := fl.spend(len(f.pieces) + len(a.pieces)); err != nil {
				return nil, err
			}
			g := form{
				pieces: append(make([]formPiece, 0, len(f.pieces)+len(a.pieces)), f.pieces...),
				params: append(make([]string, 0, len(f.params)+len(a.params)), f.params...),
			}
			g.extend(a)
			out = append(out, g)
		}
	}
	return out, nil
}

func (fl *flattener) spend(pieces int) error {
	fl.budget -= pieces
	if fl.budget < 0 {
		return fmt.Errorf("%w: more than %d pieces", errNormalize, maxFormPieces)
	}
	return nil
}

// extend appends g's pieces and parameters to f.
func (f *form) extend(g form) {
	f.pieces = append(f.pieces, g.pieces...)
	f.params = append(f.params, g.params...)
}

// compact merges adjacent literal pieces, so a form alternates literal text
// and parameters.
func (f *form) compact() {
	out := f.pieces[:0]
	for i := 0; i < len(f.pieces); {
		if f.pieces[i].param != "" {
			out = append(out, f.pieces[i])
			i++
			continue
		}
		var b strings.Builder
		for ; i < len(f.pieces) && f.pieces[i].param == ""; i++ {
			b.WriteString(f.pieces[i].literal)
		}
		out = append(out, formPiece{literal: b.String()})
	}
	f.pieces = out
}
