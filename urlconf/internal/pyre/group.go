package pyre

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseGroup parses what follows a ( at start. It returns nil for
// constructs that leave nothing in the tree: comments (?#...) and global
// flags (?aiLmsux), the latter reported by global. first reports whether
// global flags are allowed here (Python 3.11+: only at the very start).
func (p *parser) parseGroup(start int, verbose bool, depth int, first bool) (n *Node, global bool) {
	if !p.match("?") {
		return p.parseCapture(start, "", verbose, depth), false
	}
	char := p.next()
	switch {
	case char == "":
		p.fail(p.pos, "unexpected end of pattern")
	case char == "P":
		return p.parsePExtension(start, verbose, depth), false
	case char == ":":
		return p.parseSub(&Node{Op: OpGroup, Pos: start}, start, verbose, depth), false
	case char == ">":
		return p.parseSub(&Node{Op: OpAtomic, Pos: start}, start, verbose, depth), false
	case char == "#":
		for {
			if p.tok == "" {
				p.fail(start, "missing ), unterminated comment")
			}
			if p.next() == ")" {
				return nil, false
			}
		}
	case char == "=":
		return p.parseSub(&Node{Op: OpLookahead, Pos: start}, start, verbose, depth), false
	case char == "!":
		return p.parseSub(&Node{Op: OpNegLookahead, Pos: start}, start, verbose, depth), false
	case char == "<":
		return p.parseLookbehind(start, verbose, depth), false
	case char == "(":
		return p.parseConditional(start, verbose, depth), false
	case char == "-" || isFlagToken(char):
		on, off, global := p.parseFlags(char)
		if global {
			if !first {
				p.fail(start, "global flags not at the start of the expression")
			}
			p.flags |= on
			return nil, true
		}
		n := &Node{Op: OpGroup, Pos: start, FlagsOn: on, FlagsOff: off}
		sub := (verbose || on&Verbose != 0) && off&Verbose == 0
		return p.parseSub(n, start, sub, depth), false
	}
	p.fail(start+1, "unknown extension ?"+char)
	return nil, false
}

// parseSub parses the body of a group into n and consumes its ).
func (p *parser) parseSub(n *Node, start int, verbose bool, depth int) *Node {
	n.Sub = []*Node{p.parseAlt(verbose, depth+1)}
	if !p.match(")") {
		p.fail(start, "missing ), unterminated subpattern")
	}
	n.End = p.pos
	return n
}

// parseCapture opens group number len(p.caps)+1, parses its body and
// closes it. Python numbers a group when its ( is read.
func (p *parser) parseCapture(start int, name string, verbose bool, depth int) *Node {
	n := &Node{Op: OpCapture, Pos: start, Index: len(p.caps) + 1, Name: name}
	if name != "" {
		if g, ok := p.names[name]; ok {
			p.failf(p.back(p.pos, len([]rune(name))+1), "redefinition of group name %s as group %d; was group %d", Repr(name), n.Index, g)
		}
		p.names[name] = n.Index
	}
	p.caps = append(p.caps, n)
	p.closed = append(p.closed, false)
	p.parseSub(n, start, verbose, depth)
	p.closed[n.Index-1] = true
	return n
}

// parsePExtension parses Python's (?P<name>...) and (?P=name).
func (p *parser) parsePExtension(start int, verbose bool, depth int) *Node {
	switch {
	case p.match("<"):
		name, pos := p.getUntil(">", "group name")
		p.checkGroupName(name, pos)
		return p.parseCapture(start, name, verbose, depth)
	case p.match("="):
		name, pos := p.getUntil(")", "group name")
		p.checkGroupName(name, pos)
		g, ok := p.names[name]
		if !ok {
			p.failf(pos, "unknown group name %s", Repr(name))
		}
		if !p.closed[g-1] {
			p.fail(pos, "cannot refer to an open group")
		}
		p.checkLookbehindGroup(g)
		return &Node{Op: OpBackref, Pos: start, End: p.pos, Index: g}
	}
	char := p.next()
	if char == "" {
		p.fail(p.pos, "unexpected end of pattern")
	}
	p.fail(start+1, "unknown extension ?P"+char)
	return nil
}

// parseLookbehind parses (?<=...) and (?<!...); anything else after (?<
// is an error, with a hint for the .NET/PCRE named group (?<name>...).
func (p *parser) parseLookbehind(start int, verbose bool, depth int) *Node {
	char := p.next()
	var op Op
	switch char {
	case "":
		p.fail(p.pos, "unexpected end of pattern")
	case "=":
		op = OpLookbehind
	case "!":
		op = OpNegLookbehind
	default:
		e := &Error{Pattern: p.src, Offset: start + 1, Msg: "unknown extension ?<" + char}
		if isIdentifier(char) {
			e.Hint = "Python spells a named group (?P<name>...), not (?<name>...)"
		}
		panic(bailout{e})
	}
	outer := p.lookbehindBase < 0
	if outer {
		p.lookbehindBase = len(p.caps)
	}
	n := p.parseSub(&Node{Op: op, Pos: start}, start, verbose, depth)
	if outer {
		p.lookbehindBase = -1
	}
	return n
}

// parseConditional parses (?(name)yes|no) and (?(N)yes|no).
func (p *parser) parseConditional(start int, verbose bool, depth int) *Node {
	name, pos := p.getUntil(")", "group name")
	var g int
	switch {
	case isIdentifier(name):
		var ok bool
		if g, ok = p.names[name]; !ok {
			p.failf(pos, "unknown group name %s", Repr(name))
		}
	case strings.Trim(name, "0123456789") == "":
		for i := 0; i < len(name) && g < maxGroups; i++ {
			g = g*10 + int(name[i]-'0')
		}
		if g == 0 {
			p.fail(pos, "bad group number")
		}
		if g >= maxGroups {
			p.failf(pos, "invalid group reference %s", strings.TrimLeft(name, "0"))
		}
		if g > len(p.caps) {
			p.condRef = append(p.condRef, groupRef{g, pos})
		}
	default:
		p.failf(pos, "bad character in group name %s", Repr(name))
	}
	p.checkLookbehindGroup(g)
	n := &Node{Op: OpConditional, Pos: start, Index: g}
	n.Sub = []*Node{p.parseConcat(verbose, depth+1, false)}
	if p.match("|") {
		n.Sub = append(n.Sub, p.parseConcat(verbose, depth+1, false))
		if p.tok == "|" {
			p.fail(p.pos, "conditional backref with more than two branches")
		}
	}
	if !p.match(")") {
		p.fail(start, "missing ), unterminated subpattern")
	}
	n.End = p.pos
	return n
}

// flagOf maps Python's inline flag letters; L (locale) is recognised
// only to be rejected, as Python does for str patterns.
func flagOf(tok string) Flags {
	switch tok {
	case "i":
		return IgnoreCase
	case "m":
		return Multiline
	case "s":
		return DotAll
	case "x":
		return Verbose
	case "a":
		return ASCII
	case "u":
		return Unicode
	case "t":
		return flagTemplate
	}
	return 0
}

func isFlagToken(tok string) bool { return tok == "L" || flagOf(tok) != 0 }

func isAlphaToken(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return tok != "" && tok[0] != '\\' && unicode.IsLetter(r)
}

const typeFlags = ASCII | Unicode

// parseFlags parses the flags after (? whose first token, char, is
// consumed. global reports the (?flags) form, whose ) is consumed;
// otherwise the : of (?on-off: is consumed.
func (p *parser) parseFlags(char string) (on, off Flags, global bool) {
	if char != "-" {
		for {
			if char == "L" {
				p.fail(p.pos, "bad inline flags: cannot use 'L' flag with a str pattern")
			}
			f := flagOf(char)
			on |= f
			if f&typeFlags != 0 && on&typeFlags != f {
				p.fail(p.pos, "bad inline flags: flags 'a', 'u' and 'L' are incompatible")
			}
			pos := p.pos
			char = p.next()
			if char == "" {
				p.fail(p.pos, "missing -, : or )")
			}
			if char == ")" || char == "-" || char == ":" {
				break
			}
			if !isFlagToken(char) {
				p.fail(pos, flagMsg(char, "missing -, : or )"))
			}
		}
	}
	if char == ")" {
		return on, 0, true
	}
	if on&flagTemplate != 0 {
		p.fail(p.pos-1, "bad inline flags: cannot turn on global flag")
	}
	if char == "-" {
		pos := p.pos
		char = p.next()
		if char == "" {
			p.fail(p.pos, "missing flag")
		}
		if !isFlagToken(char) {
			p.fail(pos, flagMsg(char, "missing flag"))
		}
		for {
			if char == "L" || flagOf(char)&typeFlags != 0 {
				p.fail(p.pos, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
			}
			off |= flagOf(char)
			pos = p.pos
			char = p.next()
			if char == "" {
				p.fail(p.pos, "missing :")
			}
			if char == ":" {
				break
			}
			if !isFlagToken(char) {
				p.fail(pos, flagMsg(char, "missing :"))
			}
		}
	}
	if off&flagTemplate != 0 {
		p.fail(p.pos-1, "bad inline flags: cannot turn off global flag")
	}
	if on&off != 0 {
		p.fail(p.pos-1, "bad inline flags: flag turned on and off")
	}
	return on, off, false
}

// flagMsg words an unexpected token in a flag group as Python does:
// letters are unknown flags, anything else means a delimiter is missing.
func flagMsg(tok, missing string) string {
	if isAlphaToken(tok) {
		return "unknown flag"
	}
	return missing
}
