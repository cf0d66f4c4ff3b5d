package pyre

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits taken from CPython (64-bit builds).
const (
	maxGroups = 1<<30 - 1 // _sre.MAXGROUPS
	// maxRepeat bounds {m,n}. Python allows up to 2**32-2, but regexp2
	// reads 2**31-1 as "unbounded", so Parse rejects counts from there on
	// with Python's own message; no real pattern comes near either.
	maxRepeat = 1<<31 - 1
)

// parser holds the state of one Parse call. It walks the pattern by
// tokens exactly as CPython's Tokenizer does (a token is one character
// or a backslash with the character after it), because several of
// Python's error positions and quirks depend on that.
type parser struct {
	src string
	pos int    // byte offset of the current token
	tok string // current token; "" at the end of the pattern

	flags   Flags   // global flags seen so far
	caps    []*Node // caps[i] is the capture node of group i+1
	closed  []bool  // closed[i] reports whether group i+1 has been closed
	names   map[string]int
	condRef []groupRef // (?(N)...) references checked once all groups are known

	// lookbehindBase is -1 outside look-behinds; inside, it is the number
	// of groups opened before the outermost look-behind began.
	lookbehindBase int
}

// groupRef records a conditional's reference to a group that did not
// exist yet, so that it is validated when the parse is over, as Python does.
type groupRef struct {
	index, pos int
}

// bailout carries an *Error up through the recursive descent; Parse
// recovers it. Errors are final, so unwinding is simpler than threading
// an error through every production.
type bailout struct{ err *Error }

// Parse parses a Python str regular expression. The returned error, if
// any, is an *Error worded as Python's re.error.
func Parse(pattern string) (re *Regexp, err error) {
	p := &parser{src: pattern, names: map[string]int{}, lookbehindBase: -1}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			re, err = nil, b.err
		}
	}()
	if !utf8.ValidString(pattern) {
		bad := 0
		for bad < len(pattern) {
			r, n := utf8.DecodeRuneInString(pattern[bad:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			bad += n
		}
		p.fail(bad, "invalid UTF-8 in pattern")
	}
	p.seek(0)
	root := p.parseAlt(false, 0)
	if p.flags&ASCII != 0 && p.flags&Unicode != 0 {
		return nil, &Error{Pattern: pattern, Offset: -1, Msg: "ASCII and UNICODE flags are incompatible"}
	}
	if p.tok != "" {
		p.fail(p.pos, "unbalanced parenthesis")
	}
	for _, ref := range p.condRef {
		if ref.index > len(p.caps) {
			p.failf(ref.pos, "invalid group reference %d", ref.index)
		}
	}
	re = &Regexp{Source: pattern, Root: root, Flags: p.flags, NumGroups: len(p.caps)}
	re.GroupNames = make([]string, len(p.caps))
	for i, c := range p.caps {
		re.GroupNames[i] = c.Name
	}
	if e := checkLookbehinds(re); e != nil {
		return nil, e
	}
	return re, nil
}

func (p *parser) fail(pos int, msg string) {
	panic(bailout{&Error{Pattern: p.src, Offset: pos, Msg: msg}})
}

func (p *parser) failf(pos int, format string, args ...any) {
	p.fail(pos, fmt.Sprintf(format, args...))
}

// seek makes the token at byte offset pos current. Like CPython, it
// fails as soon as the next token would be a lone trailing backslash.
func (p *parser) seek(pos int) {
	p.pos, p.tok = pos, ""
	if pos >= len(p.src) {
		return
	}
	n := 1
	if p.src[pos] == '\\' {
		if pos+1 >= len(p.src) {
			p.fail(pos, "bad escape (end of pattern)")
		}
		_, m := utf8.DecodeRuneInString(p.src[pos+1:])
		n += m
	} else {
		_, n = utf8.DecodeRuneInString(p.src[pos:])
	}
	p.tok = p.src[pos : pos+n]
}

// next consumes and returns the current token ("" at the end).
func (p *parser) next() string {
	t := p.tok
	p.seek(p.pos + len(t))
	return t
}

// match consumes the current token if it is s.
func (p *parser) match(s string) bool {
	if p.tok != "" && p.tok == s {
		p.next()
		return true
	}
	return false
}

// back returns the byte offset n code points before pos; Python computes
// some error positions by counting back from the current token.
func (p *parser) back(pos, n int) int {
	for ; n > 0 && pos > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(p.src[:pos])
		pos -= size
	}
	return pos
}

// parseAlt parses branches separated by | up to a ) or the end.
func (p *parser) parseAlt(verbose bool, depth int) *Node {
	start := p.pos
	var branches []*Node
	for {
		branches = append(branches, p.parseConcat(verbose, depth, depth == 0 && len(branches) == 0))
		if !p.match("|") {
			break
		}
		if depth == 0 {
			verbose = p.flags&Verbose != 0
		}
	}
	if len(branches) == 1 {
		return branches[0]
	}
	return &Node{Op: OpAlternate, Pos: start, End: p.pos, Sub: branches}
}

// parseConcat parses a sequence of items up to |, ) or the end. first
// reports whether global flags are still allowed here.
func (p *parser) parseConcat(verbose bool, depth int, first bool) *Node {
	start := p.pos
	var items []*Node
	for p.tok != "" && p.tok != "|" && p.tok != ")" {
		here := p.pos
		this := p.next()
		if verbose {
			if strings.Contains(" \t\n\r\v\f", this) {
				continue
			}
			if this == "#" {
				for t := p.next(); t != "" && t != "\n"; t = p.next() {
				}
				continue
			}
		}
		switch this {
		case "[":
			items = append(items, p.parseClass(here))
		case "*", "+", "?", "{":
			items = p.parseRepeat(items, this, here)
		case ".":
			items = append(items, &Node{Op: OpAnyChar, Pos: here, End: p.pos})
		case "^":
			items = append(items, &Node{Op: OpBeginLine, Pos: here, End: p.pos})
		case "$":
			items = append(items, &Node{Op: OpEndLine, Pos: here, End: p.pos})
		case "(":
			n, global := p.parseGroup(here, verbose, depth, first && len(items) == 0)
			if global {
				verbose = p.flags&Verbose != 0
			}
			if n != nil {
				items = append(items, n)
			}
		default:
			if this[0] == '\\' {
				items = append(items, p.parseEscape(this, here))
			} else {
				r, _ := utf8.DecodeRuneInString(this)
				items = append(items, &Node{Op: OpLiteral, Pos: here, End: p.pos, Rune: r})
			}
		}
	}
	switch len(items) {
	case 0:
		return &Node{Op: OpEmpty, Pos: start, End: p.pos}
	case 1:
		return items[0]
	}
	return &Node{Op: OpConcat, Pos: items[0].Pos, End: items[len(items)-1].End, Sub: items}
}

// parseRepeat applies the quantifier this (already consumed, at here) to
// the last item. A { that does not start a valid {m,n} is a literal.
func (p *parser) parseRepeat(items []*Node, this string, here int) []*Node {
	min, max := 0, -1
	switch this {
	case "?":
		max = 1
	case "+":
		min = 1
	case "{":
		if p.tok == "}" {
			return append(items, &Node{Op: OpLiteral, Pos: here, End: p.pos, Rune: '{'})
		}
		after := p.pos
		lo := p.digits()
		hi := lo
		if p.match(",") {
			hi = p.digits()
		}
		if !p.match("}") {
			p.seek(after)
			return append(items, &Node{Op: OpLiteral, Pos: here, End: after, Rune: '{'})
		}
		if lo != "" {
			min = p.count(lo, here)
		}
		if hi != "" {
			max = p.count(hi, here)
			if max < min {
				p.fail(after, "min repeat greater than max repeat")
			}
		}
	}
	if len(items) == 0 || items[len(items)-1].Op.IsAssertion() {
		p.fail(here, "nothing to repeat")
	}
	sub := items[len(items)-1]
	if sub.Op == OpRepeat {
		p.fail(here, "multiple repeat")
	}
	n := &Node{Op: OpRepeat, Pos: sub.Pos, Sub: []*Node{sub}, Min: min, Max: max}
	if p.match("?") {
		n.Lazy = true
	} else if p.match("+") {
		n.Possessive = true
	}
	n.End = p.pos
	items[len(items)-1] = n
	return items
}

// digits consumes a run of ASCII digits.
func (p *parser) digits() string {
	start := p.pos
	for len(p.tok) == 1 && isDigit(p.tok[0]) {
		p.next()
	}
	return p.src[start:p.pos]
}

// count converts a repetition count, rejecting ones regexp2 cannot hold.
func (p *parser) count(s string, here int) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n >= maxRepeat {
			p.fail(here, "the repetition number is too large")
		}
	}
	return n
}

// parseEscape parses an escape outside a class; tok (at here) is the
// backslash token, further characters are consumed as needed.
func (p *parser) parseEscape(tok string, here int) *Node {
	leaf := func(op Op) *Node { return &Node{Op: op, Pos: here, End: p.pos} }
	switch tok[1] {
	case 'A':
		return leaf(OpBeginText)
	case 'Z':
		return leaf(OpEndText)
	case 'b':
		return leaf(OpWordBoundary)
	case 'B':
		return leaf(OpNoWordBoundary)
	case 'd', 'D', 's', 'S', 'w', 'W':
		n := leaf(OpClass)
		n.Class = &Class{Items: []ClassItem{{Shorthand: tok[1]}}}
		return n
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return p.parseNumericEscape(tok, here)
	}
	r, ok := p.charEscape(tok, here, false)
	if !ok {
		p.failf(here, "bad escape %s", p.src[here:p.pos])
	}
	n := leaf(OpLiteral)
	n.Rune = r
	return n
}

// parseNumericEscape handles \1..\99 (group references) and \ooo (octal),
// which Python tells apart by the digits that follow.
func (p *parser) parseNumericEscape(tok string, here int) *Node {
	if len(p.tok) == 1 && isDigit(p.tok[0]) {
		second := p.next()
		if isOctal(tok[1]) && isOctal(second[0]) && len(p.tok) == 1 && isOctal(p.tok[0]) {
			p.next()
			v := int(tok[1]-'0')*64 + int(second[0]-'0')*8 + int(p.src[p.pos-1]-'0')
			if v > 0o377 {
				p.failf(here, "octal escape value %s outside of range 0-0o377", p.src[here:p.pos])
			}
			return &Node{Op: OpLiteral, Pos: here, End: p.pos, Rune: rune(v)}
		}
	}
	g := 0
	for _, c := range p.src[here+1 : p.pos] {
		g = g*10 + int(c-'0')
	}
	if g > len(p.caps) {
		p.failf(here+1, "invalid group reference %d", g)
	}
	if !p.closed[g-1] {
		p.fail(here, "cannot refer to an open group")
	}
	p.checkLookbehindGroup(g)
	return &Node{Op: OpBackref, Pos: here, End: p.pos, Index: g}
}

// charEscape decodes an escape that stands for one character: \a \f \n
// \r \t \v \\ \xhh \uXXXX \UXXXXXXXX \0oo (and \ooo and \b when
// inClass), or an escaped non-letter. It reports false for an unknown
// escape; the caller words the error.
func (p *parser) charEscape(tok string, here int, inClass bool) (rune, bool) {
	c, _ := utf8.DecodeRuneInString(tok[1:])
	switch c {
	case 'a':
		return '\a', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'v':
		return '\v', true
	case 'b':
		return '\b', inClass
	case 'x':
		return p.hexEscape(here, 2), true
	case 'u':
		return p.hexEscape(here, 4), true
	case 'U':
		return p.hexEscape(here, 8), true
	case 'N':
		p.namedEscape(here)
	case '0':
		return p.octalEscape(here), true
	case '1', '2', '3', '4', '5', '6', '7':
		if !inClass {
			return 0, false
		}
		return p.octalEscape(here), true
	}
	if c < utf8.RuneSelf && (isDigit(byte(c)) || isASCIILetter(byte(c))) {
		return 0, false
	}
	return c, true
}

// hexEscape reads exactly n hex digits after \x, \u or \U.
func (p *parser) hexEscape(here, n int) rune {
	var v int64
	for i := 0; i < n; i++ {
		if len(p.tok) != 1 || !isHex(p.tok[0]) {
			p.failf(here, "incomplete escape %s", p.src[here:p.pos])
		}
		v = v*16 + int64(hexVal(p.next()[0]))
	}
	if v > unicode.MaxRune {
		p.failf(here, "bad escape %s", p.src[here:p.pos])
	}
	return rune(v)
}

// octalEscape reads up to two more octal digits after the first one.
func (p *parser) octalEscape(here int) rune {
	for i := 0; i < 2 && len(p.tok) == 1 && isOctal(p.tok[0]); i++ {
		p.next()
	}
	v := 0
	for _, c := range p.src[here+1 : p.pos] {
		v = v*8 + int(c-'0')
	}
	if v > 0o377 {
		p.failf(here, "octal escape value %s outside of range 0-0o377", p.src[here:p.pos])
	}
	return rune(v)
}

// namedEscape rejects \N{NAME}: Go's standard library has no Unicode
// name table and hoop does not carry one. Malformed forms get Python's
// own errors first.
func (p *parser) namedEscape(here int) {
	if !p.match("{") {
		p.fail(p.pos, "missing {")
	}
	p.getUntil("}", "character name")
	p.fail(here, `\N{...} character names are not supported; write the character or \uXXXX instead`)
}

// getUntil reads a name up to the terminator token, as Python's
// Tokenizer.getuntil does, and returns it with its byte offset.
func (p *parser) getUntil(term, what string) (string, int) {
	start := p.pos
	for {
		c := p.next()
		if c == "" {
			if p.pos == start {
				p.fail(start, "missing "+what)
			}
			p.failf(start, "missing %s, unterminated name", term)
		}
		if c == term {
			if p.pos-len(c) == start {
				p.fail(start, "missing "+what)
			}
			return p.src[start : p.pos-len(c)], start
		}
	}
}

// checkGroupName enforces Python's rule that group names are identifiers.
func (p *parser) checkGroupName(name string, pos int) {
	if !isIdentifier(name) {
		p.failf(pos, "bad character in group name %s", Repr(name))
	}
}

// checkLookbehindGroup applies Python's restrictions on references made
// from inside a look-behind; Python reports them after the reference.
func (p *parser) checkLookbehindGroup(g int) {
	if p.lookbehindBase < 0 {
		return
	}
	if g > len(p.caps) || !p.closed[g-1] {
		p.fail(p.pos, "cannot refer to an open group")
	}
	if g > p.lookbehindBase {
		p.fail(p.pos, "cannot refer to group defined in the same lookbehind subpattern")
	}
}

func isDigit(c byte) bool       { return '0' <= c && c <= '9' }
func isOctal(c byte) bool       { return '0' <= c && c <= '7' }
func isHex(c byte) bool         { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }
func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func hexVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c|0x20-'a') + 10
}

// isIdentifier approximates Python's str.isidentifier (XID_Start
// XID_Continue*) with Go's Unicode categories; the two differ only on a
// handful of compatibility characters no one puts in a group name.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		start := r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
		if i == 0 && !start {
			return false
		}
		if !start && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue) {
			return false
		}
	}
	return true
}
