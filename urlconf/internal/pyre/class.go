package pyre

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Class is a character class as written: [...] or one of the
// shorthands \d \D \s \S \w \W (a Class with a single shorthand item).
type Class struct {
	Negated bool        // [^...]
	Items   []ClassItem // in source order, duplicates kept
}

// A ClassItem is a range Lo-Hi (Lo == Hi for a single character) or,
// when Shorthand is not 0, one of 'd', 'D', 's', 'S', 'w', 'W'; Lo and
// Hi are then unused. What a shorthand matches depends on the ASCII flag
// in effect, which is why the tree keeps the letter.
type ClassItem struct {
	Lo, Hi    rune
	Shorthand byte
}

// parseClass parses a class whose [ (at start) has been consumed,
// following CPython: a ] right after [ or [^ is a literal, - is literal
// at either end, and a range may not involve a shorthand.
func (p *parser) parseClass(start int) *Node {
	c := &Class{Negated: p.match("^")}
	for {
		thisPos := p.pos
		this := p.next()
		if this == "" {
			p.fail(start, "unterminated character set")
		}
		if this == "]" && len(c.Items) > 0 {
			break
		}
		lo := p.classAtom(this, thisPos)
		if !p.match("-") {
			c.Items = append(c.Items, lo)
			continue
		}
		thatPos := p.pos
		that := p.next()
		if that == "" {
			p.fail(start, "unterminated character set")
		}
		if that == "]" {
			c.Items = append(c.Items, lo, ClassItem{Lo: '-', Hi: '-'})
			break
		}
		hi := p.classAtom(that, thatPos)
		if lo.Shorthand != 0 || hi.Shorthand != 0 || hi.Lo < lo.Lo {
			// Python words this with the raw tokens and counts back
			// from the current position, even after \xhh.
			n := utf8.RuneCountInString(this) + 1 + utf8.RuneCountInString(that)
			p.failf(p.back(p.pos, n), "bad character range %s-%s", this, that)
		}
		c.Items = append(c.Items, ClassItem{Lo: lo.Lo, Hi: hi.Lo})
	}
	return &Node{Op: OpClass, Pos: start, End: p.pos, Class: c}
}

// classAtom decodes one class member token: a character, a character
// escape (where \b is a backspace and \1 is octal) or a shorthand.
func (p *parser) classAtom(tok string, pos int) ClassItem {
	if tok[0] != '\\' {
		r, _ := utf8.DecodeRuneInString(tok)
		return ClassItem{Lo: r, Hi: r}
	}
	if strings.IndexByte("dDsSwW", tok[1]) >= 0 {
		return ClassItem{Shorthand: tok[1]}
	}
	r, ok := p.charEscape(tok, pos, true)
	if !ok {
		p.failf(pos, "bad escape %s", p.src[pos:p.pos])
	}
	return ClassItem{Lo: r, Hi: r}
}

// Contains reports whether c matches r, with Python's meaning of the
// shorthands in str patterns, or re.ASCII's when ascii is set: the
// positive items are a union, a negated shorthand (\D \S \W) matches
// everything outside its class, and [^...] negates the union.
//
// This is the one definition of class membership every matcher and
// check uses; the writers for regexp2 (Dotnet) and Go's regexp (Go) are
// tested against it on every code point.
func (c *Class) Contains(r rune, ascii bool) bool {
	in := false
	for _, it := range c.Items {
		if it.Contains(r, ascii) {
			in = true
			break
		}
	}
	return in != c.Negated
}

// Contains reports whether the item alone matches r; see Class.Contains.
func (it ClassItem) Contains(r rune, ascii bool) bool {
	switch it.Shorthand {
	case 0:
		return it.Lo <= r && r <= it.Hi
	case 'd':
		return IsDigit(r, ascii)
	case 'D':
		return !IsDigit(r, ascii)
	case 'w':
		return IsWord(r, ascii)
	case 'W':
		return !IsWord(r, ascii)
	case 's':
		return IsSpace(r, ascii)
	case 'S':
		return !IsSpace(r, ascii)
	}
	return false
}

// IsDigit reports whether Python's \d matches r: str.isdecimal(), which
// is \p{Nd}, or [0-9] under re.ASCII.
func IsDigit(r rune, ascii bool) bool {
	if ascii || r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// IsWord reports whether Python's \w matches r: str.isalnum() or "_",
// which is [\p{L}\p{N}_] (no combining marks, unlike .NET's and
// PCRE's \w), or [a-zA-Z0-9_] under re.ASCII.
func IsWord(r rune, ascii bool) bool {
	if ascii || r < utf8.RuneSelf {
		return r == '_' || '0' <= r && r <= '9' || 'a' <= r|0x20 && r|0x20 <= 'z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// IsSpace reports whether Python's \s matches r: str.isspace(), which
// adds \x1c-\x1f to Unicode's White_Space, or [ \t\n\r\f\v] under
// re.ASCII.
func IsSpace(r rune, ascii bool) bool {
	switch {
	case '\t' <= r && r <= '\r' || r == ' ':
		return true
	case ascii:
		return false
	case 0x1c <= r && r <= 0x1f:
		return true
	}
	return r >= utf8.RuneSelf && unicode.IsSpace(r)
}

// shorthandBody returns the .NET class body (without brackets) for the
// positive shorthand d, s or w, as Python defines them for str patterns:
//
//	\d  str.isdecimal()             = \p{Nd}
//	\w  str.isalnum() or "_"        = \p{L}\p{N}_ (no marks, unlike .NET's \w)
//	\s  str.isspace()               = the list below, which adds \x1c-\x1f
//	                                  to .NET's \s and does not depend on it
//
// and, under re.ASCII, [0-9], [a-zA-Z0-9_] and [ \t\n\r\f\v].
func shorthandBody(c byte, ascii bool) string {
	switch {
	case c == 'd' && ascii:
		return `0-9`
	case c == 'd':
		return `\p{Nd}`
	case c == 'w' && ascii:
		return `a-zA-Z0-9_`
	case c == 'w':
		return `\p{L}\p{N}_`
	case c == 's' && ascii:
		return `\u0009-\u000D\u0020`
	}
	return `\u0009-\u000D\u001C-\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`
}

const (
	negD = 1 << iota
	negS
	negW
)

// writeClass writes c as a .NET class. Positive items are a plain union.
// A negated shorthand cannot be added to a union, so with P the positive
// items and I the intersection of the negated shorthands' complements,
// the class P ∪ ¬I is written ¬(I − P) as [\s\S-[I-[P]]] and its negation
// [^...] = I − P as [I-[P]], using .NET class subtraction, which is exact.
func writeClass(b *strings.Builder, c *Class, ascii bool) {
	var pos strings.Builder
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
			writeRune(&pos, it.Lo, true)
			if it.Hi != it.Lo {
				pos.WriteByte('-')
				writeRune(&pos, it.Hi, true)
			}
		default:
			pos.WriteString(shorthandBody(it.Shorthand, ascii))
		}
	}
	P := pos.String()
	// I: \d ⊂ \w, and \s is disjoint from both, so the intersection of
	// any two different complemented shorthands is \d or empty.
	var I string
	everything := false
	switch {
	case neg == 0:
	case neg&negS != 0 && neg != negS:
		everything = true
	case neg == negD|negW || neg == negD:
		I = shorthandBody('d', ascii)
	case neg == negW:
		I = shorthandBody('w', ascii)
	case neg == negS:
		I = shorthandBody('s', ascii)
	}
	switch {
	case neg == 0 && !c.Negated:
		b.WriteString("[" + P + "]")
	case neg == 0:
		b.WriteString("[^" + P + "]")
	case everything && !c.Negated:
		b.WriteString(`[\s\S]`)
	case everything:
		b.WriteString(`[^\s\S]`)
	case P == "" && !c.Negated:
		b.WriteString("[^" + I + "]")
	case P == "":
		b.WriteString("[" + I + "]")
	case !c.Negated:
		b.WriteString(`[\s\S-[` + I + "-[" + P + "]]]")
	default:
		b.WriteString("[" + I + "-[" + P + "]]")
	}
}
