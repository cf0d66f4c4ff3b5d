package pyre

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Mode says which of Python's answers a translation for Go's regexp
// must keep. Python's $ also matches before a final newline, which RE2
// cannot say; how much of a match depends on where $ matched decides
// whether a pattern with $ has an exact Go form.
type Mode uint8

const (
	// Search keeps re.search's answer: the span of the match and of
	// every group.
	Search Mode = iota
	// Fullmatch keeps re.fullmatch's answer; the expression is anchored
	// at both ends.
	Fullmatch
	// Test keeps only whether re.search finds a match.
	Test
)

// maxGoRepeat is the largest count Go's regexp accepts in {m,n}.
const maxGoRepeat = 1000

// A NotLinearError says why a pattern has no exact form for Go's
// regexp, so that it must run on a backtracking engine.
type NotLinearError struct {
	Pattern string
	// Offset is the byte offset in Pattern of the construct, or -1 when
	// it is the pattern as a whole.
	Offset int
	What   string // the construct, e.g. "back-reference"
}

// Error says what and where, counting the position in code points as
// Python does: "back-reference at position 8".
func (e *NotLinearError) Error() string {
	if e.Offset < 0 || e.Offset > len(e.Pattern) {
		return e.What
	}
	return fmt.Sprintf("%s at position %d", e.What, utf8.RuneCountInString(e.Pattern[:e.Offset]))
}

// Go compiles re for Go's regexp package (RE2: linear time, no
// backtracking) with Python's meaning, or returns a *NotLinearError
// when no exact form exists. ascii requests Python's re.ASCII.
//
// The answer is Python's because Go's regexp, like Python's engine,
// prefers the leftmost match and, among matches starting there, the one
// a backtracking engine finds first; its groups are numbered the same
// way (named and unnamed groups share one count). What is kept:
//   - \d \w \s and their negations, in classes too, with Python's str
//     definitions (see Class.Contains), or ASCII ones under re.ASCII;
//   - . ^ \A \Z, and $ under re.MULTILINE; \b under re.ASCII;
//   - Python's $ (at the end, or before a final newline) only where it
//     ends the pattern and mode makes that exact: it is \z for
//     Fullmatch, \n?\z for Test, and never exact for Search;
//   - scoped flags a, s, m (and u) in (?flags:...).
//
// What has no exact form, and why Go would answer differently:
// back-references, look-arounds, conditionals, atomic groups and
// possessive repeats (RE2 has none); case-insensitive matching (Go folds
// case by Unicode orbits, Python by lower-casing, plus ASCII-only rules
// under re.ASCII); \b with Unicode word characters and \B (Go's are
// ASCII, and Go's \B matches in an empty string); a repeat of a group
// that can match the empty string, such as (a*)+ or (a|)+ (Python stops
// at the empty iteration and captures "", Go does not); counts over
// 1000; and expressions too large for Go's compiler.
func (re *Regexp) Go(ascii bool, mode Mode) (*regexp.Regexp, error) {
	if ascii && re.Flags&Unicode != 0 {
		return nil, fmt.Errorf("pyre: ASCII and UNICODE flags are incompatible")
	}
	if re.Flags&IgnoreCase != 0 {
		return nil, re.notLinear(0, "case-insensitive matching")
	}
	if n := firstUnsupported(re.Root); n != nil {
		return nil, re.notLinear(n.Pos, unsupportedName(n))
	}
	e := &goEmitter{
		re:        re,
		mode:      mode,
		ascii:     ascii || re.Flags&ASCII != 0,
		dotAll:    re.Flags&DotAll != 0,
		multiline: re.Flags&Multiline != 0,
	}
	switch {
	case mode == Fullmatch && re.Root.Op == OpAlternate:
		e.b.WriteString(`\A(?:`)
		e.node(re.Root, true)
		e.b.WriteString(`)\z`)
	case mode == Fullmatch:
		// Not \A(?:...): Go finds the literal prefix of \Aabc, which
		// the caller can test before running the regexp, but not of
		// \A(?:\Aabc).
		e.b.WriteString(`\A`)
		e.anchored = e.b.Len()
		e.node(re.Root, true)
		if e.b.Len() != e.ended {
			e.b.WriteString(`\z`)
		}
	default:
		e.node(re.Root, true)
	}
	if e.err != nil {
		return nil, e.err
	}
	rx, err := regexp.Compile(e.b.String())
	if err != nil {
		return nil, re.notLinear(-1, "Go's regexp rejects it: "+strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	if rx.NumSubexp() != re.NumGroups {
		return nil, fmt.Errorf("pyre: internal error: %q translated to %q has %d groups, want %d", re.Source, rx, rx.NumSubexp(), re.NumGroups)
	}
	return rx, nil
}

func (re *Regexp) notLinear(pos int, what string) *NotLinearError {
	return &NotLinearError{Pattern: re.Source, Offset: pos, What: what}
}

// firstUnsupported returns the first node, in source order, that RE2
// has no construct for at all.
func firstUnsupported(n *Node) *Node {
	switch {
	case n.Op == OpBackref, n.Op == OpLookahead, n.Op == OpNegLookahead, n.Op == OpLookbehind,
		n.Op == OpNegLookbehind, n.Op == OpConditional, n.Op == OpAtomic, n.Op == OpNoWordBoundary,
		n.Op == OpRepeat && n.Possessive, n.Op == OpGroup && n.FlagsOn&IgnoreCase != 0:
		return n
	}
	for _, s := range n.Sub {
		if u := firstUnsupported(s); u != nil {
			return u
		}
	}
	return nil
}

func unsupportedName(n *Node) string {
	switch n.Op {
	case OpBackref:
		return "back-reference"
	case OpLookahead:
		return "lookahead"
	case OpNegLookahead:
		return "negative lookahead"
	case OpLookbehind:
		return "lookbehind"
	case OpNegLookbehind:
		return "negative lookbehind"
	case OpConditional:
		return "conditional group"
	case OpAtomic:
		return "atomic group"
	case OpNoWordBoundary:
		return `\B`
	case OpRepeat:
		return "possessive quantifier"
	}
	return "case-insensitive matching"
}

// goEmitter writes a tree as Go syntax. ascii, dotAll and multiline are
// the flags in effect at the node being written; every node is written
// with its meaning spelled out, so the expression needs no global flags.
type goEmitter struct {
	b                        strings.Builder
	re                       *Regexp
	mode                     Mode
	ascii, dotAll, multiline bool
	err                      *NotLinearError
	// anchored is the length of the output right after a \A that
	// anchors the expression: a \A written there again is left out.
	// ended is the length right after the last \z written.
	anchored, ended int
}

// endText writes \z.
func (e *goEmitter) endText() {
	e.b.WriteString(`\z`)
	e.ended = e.b.Len()
}

// beginText writes \A unless the output is anchored at this point already.
func (e *goEmitter) beginText() {
	if e.anchored == 0 || e.b.Len() != e.anchored {
		e.b.WriteString(`\A`)
	}
}

func (e *goEmitter) fail(n *Node, what string) {
	if e.err == nil {
		e.err = e.re.notLinear(n.Pos, what)
	}
}

// node writes n. tail reports that nothing at all follows n up to the
// end of the pattern, which is where Python's $ can have an exact form.
func (e *goEmitter) node(n *Node, tail bool) {
	switch n.Op {
	case OpEmpty:
	case OpLiteral:
		writeGoRune(&e.b, n.Rune, false)
	case OpAnyChar:
		if e.dotAll {
			e.b.WriteString(`(?s:.)`)
		} else {
			e.b.WriteByte('.')
		}
	case OpClass:
		e.class(n.Class)
	case OpBeginLine:
		if e.multiline {
			e.b.WriteString(`(?m:^)`)
		} else {
			e.beginText()
		}
	case OpEndLine:
		e.endLine(n, tail)
	case OpBeginText:
		e.beginText()
	case OpEndText:
		e.endText()
	case OpWordBoundary:
		if !e.ascii {
			e.fail(n, `\b with Unicode word characters`)
		}
		e.b.WriteString(`\b`)
	case OpConcat:
		last := len(n.Sub) - 1
		for last >= 0 && n.Sub[last].Op == OpEmpty {
			last--
		}
		for i, s := range n.Sub {
			if s.Op == OpAlternate {
				e.b.WriteString("(?:")
				e.node(s, tail && i >= last)
				e.b.WriteByte(')')
			} else {
				e.node(s, tail && i >= last)
			}
		}
	case OpAlternate:
		for i, s := range n.Sub {
			if i > 0 {
				e.b.WriteByte('|')
			}
			e.node(s, tail)
		}
	case OpRepeat:
		e.repeat(n, tail)
	case OpCapture:
		e.b.WriteByte('(')
		e.node(n.Sub[0], tail)
		e.b.WriteByte(')')
	case OpGroup:
		e.group(n, tail)
	default:
		e.fail(n, unsupportedName(n)) // firstUnsupported has ruled these out
	}
}

// endLine writes Python's $ where RE2 can say it exactly.
func (e *goEmitter) endLine(n *Node, tail bool) {
	switch {
	case e.multiline:
		e.b.WriteString(`(?m:$)`) // before any "\n" or at the end, as Python's
	case !tail:
		e.fail(n, "'$' before more of the pattern")
	case e.mode == Fullmatch:
		e.endText() // the match ends at the end of the text anyway
	case e.mode == Test:
		e.b.WriteString(`(?:\n?\z)`) // only whether it matches counts
	default:
		e.fail(n, "'$' in a pattern that is searched, not fullmatched")
	}
}

// repeat writes a quantified node; operands that are not a single Go
// atom are wrapped in (?:...).
func (e *goEmitter) repeat(n *Node, tail bool) {
	sub := n.Sub[0]
	many := n.Max > 1 || n.Max == -1
	if lo, _ := width(sub, nil); many && lo == 0 {
		e.fail(n, "repeated group that can match the empty string")
	}
	if n.Min > maxGoRepeat || n.Max > maxGoRepeat {
		e.fail(n, fmt.Sprintf("repeat count over %d", maxGoRepeat))
	}
	switch sub.Op {
	case OpLiteral, OpAnyChar, OpClass, OpCapture, OpGroup:
		e.node(sub, tail && !many)
	default:
		e.b.WriteString("(?:")
		e.node(sub, tail && !many)
		e.b.WriteByte(')')
	}
	writeQuantifier(&e.b, n)
}

// group writes (?:...) and applies its scoped flags to what it holds.
func (e *goEmitter) group(n *Node, tail bool) {
	ascii, dotAll, multiline := e.ascii, e.dotAll, e.multiline
	switch {
	case n.FlagsOn&ASCII != 0:
		e.ascii = true
	case n.FlagsOn&Unicode != 0:
		e.ascii = false
	}
	e.dotAll = (e.dotAll || n.FlagsOn&DotAll != 0) && n.FlagsOff&DotAll == 0
	e.multiline = (e.multiline || n.FlagsOn&Multiline != 0) && n.FlagsOff&Multiline == 0
	e.b.WriteString("(?:")
	e.node(n.Sub[0], tail)
	e.b.WriteByte(')')
	e.ascii, e.dotAll, e.multiline = ascii, dotAll, multiline
}

// class writes c. With P the positive items and I the intersection of
// the classes of the negated shorthands (\d is within \w and \s is
// disjoint from both, so I is \d, \w, \s or everything), c is P ∪ ¬I and
// [^...] is I − P. Go classes have no subtraction, so I − P is written
// from I's parts: \p{Nd} − P is [^P\P{Nd}], \w − P is the union of
// [^P\P{L}], [^P\P{N}] and "_" unless P has it, and the small classes
// (\s, and every ASCII one) are listed member by member.
func (e *goEmitter) class(c *Class) {
	var pos strings.Builder
	var posItems []ClassItem
	neg := 0
	for _, it := range c.Items {
		switch it.Shorthand {
		case 'D':
			neg |= negD
		case 'S':
			neg |= negS
		case 'W':
			neg |= negW
		case 0:
			writeGoRune(&pos, it.Lo, true)
			if it.Hi != it.Lo {
				pos.WriteByte('-')
				writeGoRune(&pos, it.Hi, true)
			}
			posItems = append(posItems, it)
		default:
			pos.WriteString(goShorthandBody(it.Shorthand, e.ascii))
			posItems = append(posItems, it)
		}
	}
	P := pos.String()
	var I byte // 'd', 'w', 's'; 0 with neg != 0 means everything
	switch {
	case neg == 0:
	case neg&negS != 0 && neg != negS:
	case neg&negD != 0:
		I = 'd'
	case neg == negW:
		I = 'w'
	default:
		I = 's'
	}
	const all, none = `[\x00-\x{10FFFF}]`, `[^\x00-\x{10FFFF}]`
	switch {
	case neg == 0 && !c.Negated:
		e.b.WriteString("[" + P + "]")
	case neg == 0:
		e.b.WriteString("[^" + P + "]")
	case I == 0 && !c.Negated:
		e.b.WriteString(all)
	case I == 0:
		e.b.WriteString(none)
	case P == "" && !c.Negated:
		e.b.WriteString("[^" + goShorthandBody(I, e.ascii) + "]")
	case P == "":
		e.b.WriteString("[" + goShorthandBody(I, e.ascii) + "]")
	case !c.Negated:
		e.b.WriteString("(?:[" + P + "]|[^" + goShorthandBody(I, e.ascii) + "])")
	default:
		e.b.WriteString(e.difference(I, P, &Class{Items: posItems}))
	}
}

// difference writes the shorthand class I without the characters of p,
// whose Go body is P.
func (e *goEmitter) difference(I byte, P string, p *Class) string {
	switch {
	case I == 'd' && !e.ascii:
		return `[^` + P + `\P{Nd}]`
	case I == 'w' && !e.ascii:
		s := `(?:[^` + P + `\P{L}]|[^` + P + `\P{N}]`
		if !p.Contains('_', false) {
			s += `|_`
		}
		return s + ")"
	}
	in := ClassItem{Shorthand: I}
	var b strings.Builder
	for r := rune(0); r <= maxShorthandRune; r++ {
		if in.Contains(r, e.ascii) && !p.Contains(r, e.ascii) {
			writeGoRune(&b, r, true)
		}
	}
	if b.Len() == 0 {
		return `[^\x00-\x{10FFFF}]`
	}
	return "[" + b.String() + "]"
}

// maxShorthandRune is the largest code point of Python's \s (U+3000);
// the finite shorthand classes are listed by looking up to it.
const maxShorthandRune = 0x3000

// goShorthandBody returns the Go class body (without brackets) for the
// positive shorthand d, s or w, with Python's meaning (see IsDigit,
// IsWord, IsSpace; tested against them on every code point).
func goShorthandBody(c byte, ascii bool) string {
	switch {
	case c == 'd' && ascii:
		return `0-9`
	case c == 'd':
		return `\p{Nd}`
	case c == 'w' && ascii:
		return `0-9A-Z_a-z`
	case c == 'w':
		return `\p{L}\p{N}_`
	case c == 's' && ascii:
		return `\t-\r `
	}
	return `\t-\r\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`
}

// writeGoRune writes r so that Go's regexp reads it as that one
// character, in a class when inClass is set: metacharacters are escaped,
// anything not printable (and any space but " ") is written \x{...}.
func writeGoRune(b *strings.Builder, r rune, inClass bool) {
	meta := `\.+*?()|[]{}^$`
	if inClass {
		meta = `\[]^-`
	}
	switch {
	case r < utf8.RuneSelf && strings.ContainsRune(meta, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	case r == ' ' || unicode.IsPrint(r) && r != utf8.RuneError:
		b.WriteRune(r)
	default:
		fmt.Fprintf(b, `\x{%X}`, r)
	}
}
