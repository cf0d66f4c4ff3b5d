package urlconf

import (
	"strings"
	"unicode/utf8"

	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// A fastMatcher matches the common subset of patterns (literal text,
// single-character classes repeated, groups, ^ \A $ \Z) directly on the
// path's UTF-8 bytes, allocating nothing. It is a backtracking matcher,
// like regexp2, and tries alternatives in the same order, so it finds the
// same match and the same groups: the leftmost start, greedy runs
// longest first, lazy runs shortest first. Within the subset that is
// linear in practice: a run gives characters back only where the rest can
// still match, and the patterns have no nested repeats. Anything outside
// the subset (alternation, repeated groups, look-arounds, back-references,
// \b, case folding) goes to Go's regexp, or to regexp2; compileFast
// returns nil for it.
type fastMatcher struct {
	items    []fastItem
	anchored bool // begins with ^ or \A: only a match at 0 is possible
	ngroups  int
	minLen   int // fewest bytes any match consumes
}

type fastOp uint8

const (
	fastLit     fastOp = iota // lit, byte for byte
	fastRun                   // set, min to max characters
	fastOpen                  // start of group
	fastClose                 // end of group
	fastBegin                 // ^ or \A: at position 0
	fastEndLine               // $: at the end, or before a final "\n"
	fastEndText               // \Z (regexp2's \z): at the very end
)

type fastItem struct {
	op       fastOp
	lit      string
	set      *charSet
	min, max int // fastRun; max < 0 is unbounded
	lazy     bool
	// longestOnly marks a greedy run after which giving back characters
	// can never let the rest match (what follows is a literal whose first
	// character the run cannot contain, or the end), so it never
	// backtracks: the common [^/]+ followed by "/" is linear.
	longestOnly bool
	group       int // fastOpen, fastClose: 0-based group number
}

// A charSet is one character class, "." included: a bitmap for ASCII and
// the pyre class for the rest, read with Python's meaning of the
// shorthands (pyre.Class.Contains).
type charSet struct {
	ascii [2]uint64
	// nonASCII: 0 = consult class, 1 = none, 2 = all.
	nonASCII uint8
	class    *pyre.Class
	asciiCls bool // re.ASCII meaning of \d \w \s
}

func (s *charSet) hasByte(b byte) bool { return s.ascii[b>>6]&(1<<(b&63)) != 0 }

func (s *charSet) has(r rune) bool {
	if r < utf8.RuneSelf {
		return s.hasByte(byte(r))
	}
	switch s.nonASCII {
	case 1:
		return false
	case 2:
		return true
	}
	return s.class.Contains(r, s.asciiCls)
}

// newClassSet builds the set of a class; dot sets are made by newDotSet.
func newClassSet(c *pyre.Class, ascii bool) *charSet {
	s := &charSet{class: c, asciiCls: ascii}
	for b := 0; b < utf8.RuneSelf; b++ {
		if c.Contains(rune(b), ascii) {
			s.ascii[b>>6] |= 1 << (b & 63)
		}
	}
	// A class whose answer is the same for every non-ASCII character is
	// decided without looking at the class: [^/], [0-9], ASCII \w.
	s.nonASCII = nonASCIIMembers(c, ascii)
	return s
}

// nonASCIIMembers tells which non-ASCII characters c matches when that
// does not depend on the character: 1 for none, 2 for all, 0 otherwise.
func nonASCIIMembers(c *pyre.Class, ascii bool) uint8 {
	none := true
	for _, it := range c.Items {
		switch {
		case it.Shorthand == 0 && it.Hi < utf8.RuneSelf:
		case it.Shorthand == 0 || !ascii:
			none = false
		case it.Shorthand == 'D' || it.Shorthand == 'W' || it.Shorthand == 'S':
			// Under re.ASCII a negated shorthand matches every
			// non-ASCII character, so the union does too.
			if c.Negated {
				return 1
			}
			return 2
		}
	}
	switch {
	case !none:
		return 0
	case c.Negated:
		return 2
	}
	return 1
}

func newDotSet(dotAll bool) *charSet {
	s := &charSet{ascii: [2]uint64{^uint64(0), ^uint64(0)}, nonASCII: 2}
	if !dotAll {
		s.ascii[0] &^= 1 << '\n'
	}
	return s
}

// maxFastGroups bounds the groups of a pattern the fast matcher takes,
// so that a caller's capture array has a fixed size.
const maxFastGroups = 16

// compileFast compiles re for the fast matcher, or returns nil when the
// pattern is outside the subset. full asks for Django's fullmatch
// (\A(?:re)\z). ascii is Builder.ASCII.
func compileFast(re *pyre.Regexp, ascii, full bool) *fastMatcher {
	if re.Flags&(pyre.IgnoreCase|pyre.Multiline) != 0 || re.NumGroups > maxFastGroups {
		return nil
	}
	fc := fastCompiler{ascii: ascii || re.Flags&pyre.ASCII != 0, dotAll: re.Flags&pyre.DotAll != 0}
	if full {
		fc.items = append(fc.items, fastItem{op: fastBegin})
	}
	if !fc.node(re.Root) {
		return nil
	}
	if full {
		fc.items = append(fc.items, fastItem{op: fastEndText})
	}
	m := &fastMatcher{items: fc.items, ngroups: re.NumGroups}
	m.anchored = len(m.items) > 0 && m.items[0].op == fastBegin
	choices := 0 // places where the matcher can backtrack
	if !m.anchored {
		choices++ // the start of the match
	}
	for i := range m.items {
		it := &m.items[i]
		switch it.op {
		case fastLit:
			m.minLen += len(it.lit)
		case fastRun:
			m.minLen += it.min
			it.longestOnly = !it.lazy && m.nothingToGiveBack(i)
			if it.min != it.max && !it.longestOnly {
				choices++
			}
		}
	}
	if choices > 1 {
		// Each place multiplies the work by the length of the path:
		// with two, ^(.*)/(.*)/$ is cubic. Go's regexp is linear.
		return nil
	}
	return m
}

// nothingToGiveBack reports whether the greedy run at i never needs to
// backtrack: the next consuming item is the end of the pattern, \z, or a
// literal starting with a character the run cannot match (so at any
// shorter length the literal would face a character of the run); or
// only $ and \z follow (a shorter run ends before a character of the
// run, which can only be where $ holds if the longest run ended at the
// end, where $ and \z hold already).
func (m *fastMatcher) nothingToGiveBack(i int) bool {
	run := &m.items[i]
	for j, it := range m.items[i+1:] {
		switch it.op {
		case fastOpen, fastClose:
			continue
		case fastEndText:
			return true
		case fastEndLine:
			return m.onlyEndsFrom(i + 1 + j)
		case fastLit:
			r, _ := utf8.DecodeRuneInString(it.lit)
			return !run.set.has(r)
		}
		return false
	}
	return true
}

// onlyEndsFrom reports whether every item from i on is $, \z or a group
// boundary.
func (m *fastMatcher) onlyEndsFrom(i int) bool {
	for _, it := range m.items[i:] {
		switch it.op {
		case fastEndLine, fastEndText, fastOpen, fastClose:
		default:
			return false
		}
	}
	return true
}

type fastCompiler struct {
	ascii, dotAll bool
	items         []fastItem
}

// node appends the items of n, and reports false for a node outside the
// subset.
func (fc *fastCompiler) node(n *pyre.Node) bool {
	switch n.Op {
	case pyre.OpEmpty:
	case pyre.OpLiteral:
		fc.literal(n.Rune)
	case pyre.OpAnyChar, pyre.OpClass:
		fc.items = append(fc.items, fastItem{op: fastRun, set: fc.set(n), min: 1, max: 1})
	case pyre.OpBeginLine, pyre.OpBeginText:
		fc.items = append(fc.items, fastItem{op: fastBegin})
	case pyre.OpEndLine:
		fc.items = append(fc.items, fastItem{op: fastEndLine})
	case pyre.OpEndText:
		fc.items = append(fc.items, fastItem{op: fastEndText})
	case pyre.OpConcat:
		for _, s := range n.Sub {
			if !fc.node(s) {
				return false
			}
		}
	case pyre.OpCapture:
		fc.items = append(fc.items, fastItem{op: fastOpen, group: n.Index - 1})
		if !fc.node(n.Sub[0]) {
			return false
		}
		fc.items = append(fc.items, fastItem{op: fastClose, group: n.Index - 1})
	case pyre.OpGroup:
		return n.FlagsOn == 0 && n.FlagsOff == 0 && fc.node(n.Sub[0])
	case pyre.OpRepeat:
		return fc.repeat(n)
	default:
		return false
	}
	return true
}

func (fc *fastCompiler) literal(r rune) {
	if k := len(fc.items) - 1; k >= 0 && fc.items[k].op == fastLit {
		fc.items[k].lit += string(r)
		return
	}
	fc.items = append(fc.items, fastItem{op: fastLit, lit: string(r)})
}

// repeat takes a repeated single character: x? [^/]+ \d{4} .+ and lazy
// forms. Possessive repeats and repeated groups stay on regexp2.
func (fc *fastCompiler) repeat(n *pyre.Node) bool {
	sub := n.Sub[0]
	if n.Possessive {
		return false
	}
	for sub.Op == pyre.OpGroup && sub.FlagsOn == 0 && sub.FlagsOff == 0 {
		sub = sub.Sub[0]
	}
	var set *charSet
	switch sub.Op {
	case pyre.OpLiteral:
		set = newClassSet(&pyre.Class{Items: []pyre.ClassItem{{Lo: sub.Rune, Hi: sub.Rune}}}, fc.ascii)
	case pyre.OpAnyChar, pyre.OpClass:
		set = fc.set(sub)
	default:
		return false
	}
	fc.items = append(fc.items, fastItem{op: fastRun, set: set, min: n.Min, max: n.Max, lazy: n.Lazy})
	return true
}

func (fc *fastCompiler) set(n *pyre.Node) *charSet {
	if n.Op == pyre.OpAnyChar {
		return newDotSet(fc.dotAll)
	}
	return newClassSet(n.Class, fc.ascii)
}

// match finds the pattern in s as regexp2's FindRunesMatch does (the
// leftmost match; only at 0 when anchored) and returns where the match
// ends, with the byte span of group i in caps[2i], caps[2i+1]. caps must
// hold 2*ngroups ints; its contents are undefined when ok is false.
func (m *fastMatcher) match(s string, caps []int) (end int, ok bool) {
	if len(s) < m.minLen {
		return 0, false
	}
	if m.anchored {
		end = m.at(s, 0, 0, caps)
		return end, end >= 0
	}
	for start := 0; start <= len(s)-m.minLen; {
		if end = m.at(s, 0, start, caps); end >= 0 {
			return end, true
		}
		if start == len(s) {
			break
		}
		start += runeLen(s, start)
	}
	return 0, false
}

// runeLen is the length of the character at s[i].
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// at matches items[i:] at pos, returning the end of the match or -1.
func (m *fastMatcher) at(s string, i, pos int, caps []int) int {
	for ; i < len(m.items); i++ {
		it := &m.items[i]
		switch it.op {
		case fastLit:
			if !strings.HasPrefix(s[pos:], it.lit) {
				return -1
			}
			pos += len(it.lit)
		case fastRun:
			if it.lazy {
				return m.lazyRun(s, i, pos, caps)
			}
			if it.min == it.max || it.longestOnly {
				n, p := it.set.span(s, pos, it.max)
				if n < it.min {
					return -1
				}
				pos = p
				continue
			}
			return m.greedyRun(s, i, pos, caps)
		case fastOpen:
			caps[2*it.group] = pos
		case fastClose:
			caps[2*it.group+1] = pos
		case fastBegin:
			if pos != 0 {
				return -1
			}
		case fastEndLine:
			if pos != len(s) && (pos != len(s)-1 || s[pos] != '\n') {
				return -1
			}
		case fastEndText:
			if pos != len(s) {
				return -1
			}
		}
	}
	return pos
}

// span counts the characters of the set at s[pos:], at most max (max < 0:
// no limit), and returns the count and where they end.
func (set *charSet) span(s string, pos, max int) (n, end int) {
	for pos < len(s) && n != max {
		b := s[pos]
		if b < utf8.RuneSelf {
			if !set.hasByte(b) {
				break
			}
			pos++
		} else {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if !set.has(r) {
				break
			}
			pos += size
		}
		n++
	}
	return n, pos
}

// greedyRun takes as many characters as it can, then gives them back one
// at a time until the rest matches.
func (m *fastMatcher) greedyRun(s string, i, pos int, caps []int) int {
	it := &m.items[i]
	n, p := it.set.span(s, pos, it.max)
	if n < it.min {
		return -1
	}
	for {
		if end := m.at(s, i+1, p, caps); end >= 0 {
			return end
		}
		if n == it.min {
			return -1
		}
		_, size := utf8.DecodeLastRuneInString(s[:p])
		p -= size
		n--
	}
}

// lazyRun takes as few characters as it can, then one more at a time
// until the rest matches.
func (m *fastMatcher) lazyRun(s string, i, pos int, caps []int) int {
	it := &m.items[i]
	n, p := it.set.span(s, pos, it.min)
	if n < it.min {
		return -1
	}
	for {
		if end := m.at(s, i+1, p, caps); end >= 0 {
			return end
		}
		if n == it.max || p == len(s) {
			return -1
		}
		k, q := it.set.span(s, p, 1)
		if k == 0 {
			return -1
		}
		p = q
		n++
	}
}
