package pyre

import (
	"fmt"
	"strings"
)

// Flags are Python's regular expression flags, as set by the inline
// groups (?aimsux) and (?flags:...).
type Flags uint16

const (
	IgnoreCase Flags = 1 << iota // i: case-insensitive matching
	Multiline                    // m: ^ and $ match at line boundaries
	DotAll                       // s: . matches \n too
	Verbose                      // x: whitespace and # comments are ignored
	ASCII                        // a: \d \w \s \b are ASCII-only
	Unicode                      // u: \d \w \s \b are Unicode (the default for str)

	// flagTemplate is Python's (?t): accepted as a global no-op so that
	// parse results agree with Python, never reported.
	flagTemplate
)

// String returns the flags as Python's inline letters, e.g. "ims".
func (f Flags) String() string {
	var b []byte
	for i, c := range "imsxau" {
		if f&(1<<i) != 0 {
			b = append(b, byte(c))
		}
	}
	return string(b)
}

// Op is the kind of a Node.
type Op uint8

const (
	OpEmpty          Op = iota // matches the empty string
	OpLiteral                  // matches Rune
	OpAnyChar                  // . (any character but \n unless DotAll)
	OpClass                    // [...] or a shorthand such as \d; see Class
	OpBeginLine                // ^
	OpEndLine                  // $
	OpBeginText                // \A
	OpEndText                  // \Z (the very end; Python's \Z is .NET's \z)
	OpWordBoundary             // \b
	OpNoWordBoundary           // \B
	OpConcat                   // Sub[0] Sub[1] ...
	OpAlternate                // Sub[0] | Sub[1] | ...
	OpRepeat                   // Sub[0]{Min,Max}, greedy unless Lazy or Possessive
	OpCapture                  // (...) or (?P<Name>...), group Index
	OpGroup                    // (?:...) or (?FlagsOn-FlagsOff:...)
	OpLookahead                // (?=...)
	OpNegLookahead             // (?!...)
	OpLookbehind               // (?<=...)
	OpNegLookbehind            // (?<!...)
	OpBackref                  // \N or (?P=name): group Index
	OpAtomic                   // (?>...)
	OpConditional              // (?(Index)Sub[0]|Sub[1]); Sub[1] is optional
)

var opNames = [...]string{
	OpEmpty: "Empty", OpLiteral: "Literal", OpAnyChar: "AnyChar", OpClass: "Class",
	OpBeginLine: "BeginLine", OpEndLine: "EndLine", OpBeginText: "BeginText",
	OpEndText: "EndText", OpWordBoundary: "WordBoundary", OpNoWordBoundary: "NoWordBoundary",
	OpConcat: "Concat", OpAlternate: "Alternate", OpRepeat: "Repeat", OpCapture: "Capture",
	OpGroup: "Group", OpLookahead: "Lookahead", OpNegLookahead: "NegLookahead",
	OpLookbehind: "Lookbehind", OpNegLookbehind: "NegLookbehind", OpBackref: "Backref",
	OpAtomic: "Atomic", OpConditional: "Conditional",
}

// String returns the name of the op without its "Op" prefix.
func (op Op) String() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return "Op(?)"
}

// IsAssertion reports whether op is a zero-width position test (^ $ \A
// \Z \b \B). Python refuses to repeat those ("nothing to repeat").
func (op Op) IsAssertion() bool {
	switch op {
	case OpBeginLine, OpEndLine, OpBeginText, OpEndText, OpWordBoundary, OpNoWordBoundary:
		return true
	}
	return false
}

// A Node is one node of the syntax tree.
type Node struct {
	Op       Op
	Pos, End int // byte offsets of the node in Regexp.Source: Source[Pos:End]

	Rune  rune   // OpLiteral
	Class *Class // OpClass

	// Sub holds the operands. OpConcat and OpAlternate: the items.
	// OpRepeat, OpCapture, OpGroup, look-arounds and OpAtomic: exactly
	// one. OpConditional: the yes branch and, if written, the no branch.
	Sub []*Node

	Min, Max         int  // OpRepeat; Max == -1 means unbounded
	Lazy, Possessive bool // OpRepeat: x*? and x*+

	// Index is, for OpCapture, the 1-based group number in Python's
	// numbering (named and unnamed groups share one count, left to
	// right); for OpBackref and OpConditional, the referenced group.
	Index int
	Name  string // OpCapture: the group name, "" if unnamed

	FlagsOn, FlagsOff Flags // OpGroup: scoped flags, (?on-off:...)
}

// A Regexp is a parsed Python regular expression.
type Regexp struct {
	Source     string
	Root       *Node
	Flags      Flags    // global flags, from the leading (?aiLmsux) groups
	NumGroups  int      // number of capturing groups
	GroupNames []string // GroupNames[i] is the name of group i+1, "" if unnamed
}

// HasNamedGroups reports whether any group is named. Django passes named
// groups as keyword arguments and ignores unnamed ones when any named
// group exists, so callers need this often.
func (re *Regexp) HasNamedGroups() bool {
	for _, n := range re.GroupNames {
		if n != "" {
			return true
		}
	}
	return false
}

// writeQuantifier writes n's repetition in the syntax Python, .NET and
// Go's regexp share: *, +, ?, {m,}, {m} or {m,n}, then ? when lazy.
func writeQuantifier(b *strings.Builder, n *Node) {
	switch {
	case n.Min == 0 && n.Max == -1:
		b.WriteByte('*')
	case n.Min == 1 && n.Max == -1:
		b.WriteByte('+')
	case n.Min == 0 && n.Max == 1:
		b.WriteByte('?')
	case n.Max == -1:
		fmt.Fprintf(b, "{%d,}", n.Min)
	case n.Min == n.Max:
		fmt.Fprintf(b, "{%d}", n.Min)
	default:
		fmt.Fprintf(b, "{%d,%d}", n.Min, n.Max)
	}
	if n.Lazy {
		b.WriteByte('?')
	}
}
