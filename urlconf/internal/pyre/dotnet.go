package pyre

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// Dotnet writes re as an expression for regexp2's default mode, to be
// compiled with regexp2.Compile(expr, opts). ascii requests Python's
// re.ASCII, as the (?a) flag does.
//
// The translation keeps Python's meaning:
//   - every group is written as a plain (...), so regexp2's group numbers
//     are Python's (.NET would number named groups after unnamed ones);
//     back-references become \k<N> and conditionals (?(N)...);
//   - \d \w \s and their negations use Python's str definitions (see
//     shorthandBody), and \b \B are look-around constructs over Python's
//     word class, since .NET's \w also matches combining marks;
//   - \Z becomes \z; ^ $ \A and . keep their meaning in .NET;
//   - possessive repeats become atomic groups; i m s become options or
//     scoped groups; x has been consumed by the parser.
//
// Known gaps, all outside what URL patterns use:
//   - Case-insensitive matching is .NET's (lower-case both sides), not
//     Python's case folding: (?i)s does not match 'ſ' (U+017F). Under
//     (?ai), Python's ASCII-only folding is reproduced for literals and
//     for shorthands written alone (\w \W \b ...), not for class
//     members: (?ai)[a-z] matches 'K' (U+212A) where Python does not.
//   - Under (?i), .NET folds class members and class subtraction its own
//     way; for letters the result agrees with Python.
//   - Captures inside a look-behind whose body can match in several
//     ways may differ: .NET matches look-behinds right to left.
//   - Unicode data is Go's (Unicode 15.0, as CPython 3.12).
//
// An error means the translation failed to compile, which is a bug in
// this package; it is reported rather than left to panic later.
func (re *Regexp) Dotnet(ascii bool) (expr string, opts regexp2.RegexOptions, err error) {
	if ascii && re.Flags&Unicode != 0 {
		return "", 0, fmt.Errorf("pyre: ASCII and UNICODE flags are incompatible")
	}
	e := &emitter{ascii: ascii || re.Flags&ASCII != 0, ignoreCase: re.Flags&IgnoreCase != 0}
	e.node(re.Root)
	expr = e.b.String()
	if re.Flags&IgnoreCase != 0 {
		opts |= regexp2.IgnoreCase
	}
	if re.Flags&Multiline != 0 {
		opts |= regexp2.Multiline
	}
	if re.Flags&DotAll != 0 {
		opts |= regexp2.Singleline
	}
	if err := tryCompile(expr, opts); err != nil {
		return "", 0, fmt.Errorf("pyre: internal error: %q translated to %q: %v", re.Source, expr, err)
	}
	return expr, opts, nil
}

// tryCompile compiles expr, turning a regexp2 panic into an error.
func tryCompile(expr string, opts regexp2.RegexOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("regexp2 panicked: %v", r)
		}
	}()
	_, err = regexp2.Compile(expr, opts)
	return err
}

// emitter writes a tree as .NET syntax. ascii and ignoreCase track the
// flags in effect at the node being written, as scoped groups change them.
type emitter struct {
	b          strings.Builder
	ascii      bool
	ignoreCase bool
}

func (e *emitter) node(n *Node) {
	switch n.Op {
	case OpEmpty:
	case OpLiteral:
		e.literal(n.Rune)
	case OpAnyChar:
		e.b.WriteByte('.')
	case OpClass:
		e.class(n.Class)
	case OpBeginLine:
		e.b.WriteByte('^')
	case OpEndLine:
		e.b.WriteByte('$')
	case OpBeginText:
		e.b.WriteString(`\A`)
	case OpEndText:
		e.b.WriteString(`\z`)
	case OpWordBoundary, OpNoWordBoundary:
		e.boundary(n.Op == OpWordBoundary)
	case OpConcat:
		for _, s := range n.Sub {
			if s.Op == OpAlternate {
				e.wrap("(?:", s, ")")
			} else {
				e.node(s)
			}
		}
	case OpAlternate:
		for i, s := range n.Sub {
			if i > 0 {
				e.b.WriteByte('|')
			}
			e.node(s)
		}
	case OpRepeat:
		e.repeat(n)
	case OpCapture:
		e.wrap("(", n.Sub[0], ")")
	case OpGroup:
		e.group(n)
	case OpLookahead:
		e.wrap("(?=", n.Sub[0], ")")
	case OpNegLookahead:
		e.wrap("(?!", n.Sub[0], ")")
	case OpLookbehind:
		e.wrap("(?<=", n.Sub[0], ")")
	case OpNegLookbehind:
		e.wrap("(?<!", n.Sub[0], ")")
	case OpAtomic:
		e.wrap("(?>", n.Sub[0], ")")
	case OpBackref:
		e.b.WriteString(`\k<` + strconv.Itoa(n.Index) + ">")
	case OpConditional:
		// The no branch is always written: regexp2 v1.12 fails (?(1)a)
		// when group 1 is unset instead of matching the empty string.
		e.b.WriteString("(?(" + strconv.Itoa(n.Index) + ")")
		e.wrap("(?:", n.Sub[0], ")|")
		if len(n.Sub) > 1 {
			e.wrap("(?:", n.Sub[1], ")")
		}
		e.b.WriteByte(')')
	}
}

// literal writes one character. Under re.ASCII with case folding Python
// folds ASCII letters only, while .NET lower-cases any input character:
// it would let 'é' match 'É', and 'K' (U+212A, Kelvin) or 'İ' (U+0130)
// match 'k' or 'i'. Those literals are written case-sensitively instead.
func (e *emitter) literal(r rune) {
	if !e.ascii || !e.ignoreCase || unicode.SimpleFold(r) == r {
		writeRune(&e.b, r, false)
		return
	}
	switch lr := unicode.ToLower(r); {
	case r >= utf8.RuneSelf:
		e.b.WriteString("(?-i:")
		writeRune(&e.b, r, false)
		e.b.WriteByte(')')
	case lr == 'k' || lr == 'i':
		e.b.WriteString("(?-i:[" + string(lr) + string(unicode.ToUpper(lr)) + "])")
	default:
		writeRune(&e.b, r, false)
	}
}

func (e *emitter) wrap(open string, n *Node, close string) {
	e.b.WriteString(open)
	e.node(n)
	e.b.WriteString(close)
}

// repeat writes a quantified node. Operands that are not a single .NET
// atom are wrapped in (?:...), possessive ones in an atomic group.
func (e *emitter) repeat(n *Node) {
	if n.Possessive {
		e.b.WriteString("(?>")
	}
	switch sub := n.Sub[0]; sub.Op {
	case OpLiteral, OpAnyChar, OpClass, OpCapture, OpGroup, OpAtomic, OpBackref:
		e.node(sub)
	default:
		e.wrap("(?:", sub, ")")
	}
	writeQuantifier(&e.b, n)
	if n.Possessive {
		e.b.WriteByte(')')
	}
}

// group writes (?:...) or a scoped-flag group. i, m and s map to .NET's
// own scoped options; a and u only change how shorthands are written.
func (e *emitter) group(n *Node) {
	saveASCII, saveIC := e.ascii, e.ignoreCase
	on, off := n.FlagsOn&(IgnoreCase|Multiline|DotAll), n.FlagsOff&(IgnoreCase|Multiline|DotAll)
	e.b.WriteString("(?" + on.String())
	if off != 0 {
		e.b.WriteString("-" + off.String())
	}
	e.b.WriteByte(':')
	if n.FlagsOn&ASCII != 0 {
		e.ascii = true
	}
	if n.FlagsOn&Unicode != 0 {
		e.ascii = false
	}
	if on&IgnoreCase != 0 {
		e.ignoreCase = true
	}
	if off&IgnoreCase != 0 {
		e.ignoreCase = false
	}
	e.node(n.Sub[0])
	e.b.WriteByte(')')
	e.ascii, e.ignoreCase = saveASCII, saveIC
}

// class writes a class. Under re.ASCII with case folding on, .NET would
// fold 'K' (U+212A, Kelvin) into \w's 'k'; Python does not fold
// categories, so a class made only of shorthands is shielded with (?-i:).
func (e *emitter) class(c *Class) {
	shield := e.ignoreCase && e.ascii && onlyShorthands(c)
	if shield {
		e.b.WriteString("(?-i:")
	}
	writeClass(&e.b, c, e.ascii)
	if shield {
		e.b.WriteByte(')')
	}
}

func onlyShorthands(c *Class) bool {
	for _, it := range c.Items {
		if it.Shorthand == 0 {
			return false
		}
	}
	return true
}

// boundary writes Python's \b or \B as look-arounds over Python's word
// class. Python's \B never matches in an empty string, hence (?!\A\z).
func (e *emitter) boundary(word bool) {
	w := "[" + shorthandBody('w', e.ascii) + "]"
	if e.ignoreCase {
		e.b.WriteString("(?-i:")
	}
	if word {
		e.b.WriteString("(?:(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + "))")
	} else {
		e.b.WriteString("(?:(?<=" + w + ")(?=" + w + ")|(?<!" + w + ")(?!" + w + `)(?!\A\z))`)
	}
	if e.ignoreCase {
		e.b.WriteByte(')')
	}
}

// writeRune writes r so that .NET reads it as that one character, in a
// class when inClass is set. Metacharacters are escaped; in a class they
// ([ ] \ ^ and -, as - before [ would be a subtraction) become \uXXXX,
// because regexp2 misreads an escaped "-" as the end of a range
// ("[\--1]" does not match "0"). Control, invisible and surrogate code
// points become \uXXXX; anything else is written as is.
func writeRune(b *strings.Builder, r rune, inClass bool) {
	switch {
	case inClass && r < 0x80 && strings.ContainsRune(`\[]^-`, r):
		fmt.Fprintf(b, `\u%04X`, r)
	case !inClass && r < 0x80 && strings.ContainsRune(`\*+?|{}[]()^$.#`, r):
		b.WriteByte('\\')
		b.WriteRune(r)
	case r <= 0xFFFF && !unicode.IsPrint(r):
		fmt.Fprintf(b, `\u%04X`, r)
	default:
		b.WriteRune(r)
	}
}
