package pyre

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// dump renders a tree compactly for comparisons.
func dump(n *Node) string {
	var b strings.Builder
	dumpTo(&b, n)
	return b.String()
}

func dumpTo(b *strings.Builder, n *Node) {
	subs := func(sep string) {
		for i, s := range n.Sub {
			if i > 0 {
				b.WriteString(sep)
			}
			dumpTo(b, s)
		}
		b.WriteByte(')')
	}
	switch n.Op {
	case OpEmpty:
		b.WriteString("empty")
	case OpLiteral:
		fmt.Fprintf(b, "%q", n.Rune)
	case OpAnyChar:
		b.WriteString(".")
	case OpClass:
		b.WriteString("[")
		if n.Class.Negated {
			b.WriteString("^")
		}
		for _, it := range n.Class.Items {
			switch {
			case it.Shorthand != 0:
				b.WriteString(`\` + string(it.Shorthand))
			case it.Lo == it.Hi:
				fmt.Fprintf(b, "%c", it.Lo)
			default:
				fmt.Fprintf(b, "%c-%c", it.Lo, it.Hi)
			}
		}
		b.WriteString("]")
	case OpBeginLine:
		b.WriteString("^")
	case OpEndLine:
		b.WriteString("$")
	case OpBeginText:
		b.WriteString(`\A`)
	case OpEndText:
		b.WriteString(`\Z`)
	case OpWordBoundary:
		b.WriteString(`\b`)
	case OpNoWordBoundary:
		b.WriteString(`\B`)
	case OpConcat:
		b.WriteString("cat(")
		subs(" ")
	case OpAlternate:
		b.WriteString("alt(")
		subs(" | ")
	case OpRepeat:
		fmt.Fprintf(b, "rep{%d,%d}", n.Min, n.Max)
		if n.Lazy {
			b.WriteString("?")
		}
		if n.Possessive {
			b.WriteString("+")
		}
		b.WriteString("(")
		subs("")
	case OpCapture:
		fmt.Fprintf(b, "cap%d", n.Index)
		if n.Name != "" {
			b.WriteString("<" + n.Name + ">")
		}
		b.WriteString("(")
		subs("")
	case OpGroup:
		b.WriteString("grp")
		if n.FlagsOn != 0 {
			b.WriteString("+" + n.FlagsOn.String())
		}
		if n.FlagsOff != 0 {
			b.WriteString("-" + n.FlagsOff.String())
		}
		b.WriteString("(")
		subs("")
	case OpLookahead, OpNegLookahead, OpLookbehind, OpNegLookbehind, OpAtomic:
		b.WriteString(map[Op]string{OpLookahead: "la(", OpNegLookahead: "nla(", OpLookbehind: "lb(", OpNegLookbehind: "nlb(", OpAtomic: "atom("}[n.Op])
		subs("")
	case OpBackref:
		fmt.Fprintf(b, `\k%d`, n.Index)
	case OpConditional:
		fmt.Fprintf(b, "cond%d(", n.Index)
		subs(" | ")
	}
}

func TestParseTree(t *testing.T) {
	tests := []struct {
		pattern string
		tree    string
		flags   Flags
		names   []string
	}{
		{``, `empty`, 0, []string{}},
		{`a`, `'a'`, 0, []string{}},
		{`^articles/(?P<year>[0-9]{4})/$`,
			`cat(^ 'a' 'r' 't' 'i' 'c' 'l' 'e' 's' '/' cap1<year>(rep{4,4}([0-9])) '/' $)`, 0, []string{"year"}},
		{`(a)(?P<n>b)(c)`, `cat(cap1('a') cap2<n>('b') cap3('c'))`, 0, []string{"", "n", ""}},
		{`(?P<o>(a)(?P<i>b))(c)`, `cat(cap1<o>(cat(cap2('a') cap3<i>('b'))) cap4('c'))`, 0, []string{"o", "", "i", ""}},
		{`a|b|`, `alt('a' | 'b' | empty)`, 0, []string{}},
		{`(?:ab)*?`, `rep{0,-1}?(grp(cat('a' 'b')))`, 0, []string{}},
		{`a{,3}b{2,}c{2}d{,}`, `cat(rep{0,3}('a') rep{2,-1}('b') rep{2,2}('c') rep{0,-1}('d'))`, 0, []string{}},
		{`a*+b++c?+d{1,2}+`, `cat(rep{0,-1}+('a') rep{1,-1}+('b') rep{0,1}+('c') rep{1,2}+('d'))`, 0, []string{}},
		{`a{b{}c{1,x}`, `cat('a' '{' 'b' '{' '}' 'c' '{' '1' ',' 'x' '}')`, 0, []string{}},
		{`[]a-c\d-]`, `[]a-c\d-]`, 0, []string{}},
		{`[^\W.]`, `[^\W.]`, 0, []string{}},
		{`[\b\x41-\u0043\101]`, "[\bA-CA]", 0, []string{}},
		{`\d\D\s\S\w\W`, `cat([\d] [\D] [\s] [\S] [\w] [\W])`, 0, []string{}},
		{`\A\b\B\Z.`, `cat(\A \b \B \Z .)`, 0, []string{}},
		{`(a)\1(?P<x>b)(?P=x)`, `cat(cap1('a') \k1 cap2<x>('b') \k2)`, 0, []string{"", "x"}},
		{`(a)\1011`, `cat(cap1('a') 'A' '1')`, 0, []string{""}},
		{`(a)\1\1a`, `cat(cap1('a') \k1 \k1 'a')`, 0, []string{""}},
		{`\0\012\7`[:6], `cat('\x00' '\n')`, 0, []string{}},
		{`(?=a)(?!b)(?<=c)(?<!d)(?>e)`, `cat(la('a') nla('b') lb('c') nlb('d') atom('e'))`, 0, []string{}},
		{`(a)?(?(1)b|c)`, `cat(rep{0,1}(cap1('a')) cond1('b' | 'c'))`, 0, []string{""}},
		{`(?P<q>')?(?(q)x)`, `cat(rep{0,1}(cap1<q>('\'')) cond1('x'))`, 0, []string{"q"}},
		{`(?(1)a)(b)`, `cat(cond1('a') cap1('b'))`, 0, []string{""}},
		{`(?i)(?m)a`, `'a'`, IgnoreCase | Multiline, []string{}},
		{`(?sx) a b`, `cat('a' 'b')`, DotAll | Verbose, []string{}},
		{`(?a)\w`, `[\w]`, ASCII, []string{}},
		{`(?i:a)(?-i:b)(?s-i:c)(?a:d)`, `cat(grp+i('a') grp-i('b') grp+s-i('c') grp+a('d'))`, 0, []string{}},
		{"(?x)a # c\n b [ ]\\ ", `cat('a' 'b' [ ] ' ')`, Verbose, []string{}},
		{"(?x:a b)c d", `cat(grp+x(cat('a' 'b')) 'c' ' ' 'd')`, 0, []string{}},
		{`a(?#c)*`, `rep{0,-1}('a')`, 0, []string{}},
		{`é+😀`, `cat(rep{1,-1}('é') '😀')`, 0, []string{}},
		{`\U0001F600\N`[:10], `'😀'`, 0, []string{}},
	}
	for _, tt := range tests {
		re, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		if got := dump(re.Root); got != tt.tree {
			t.Errorf("Parse(%q) tree\n got %s\nwant %s", tt.pattern, got, tt.tree)
		}
		if re.Flags != tt.flags {
			t.Errorf("Parse(%q).Flags = %q, want %q", tt.pattern, re.Flags, tt.flags)
		}
		if !reflect.DeepEqual(re.GroupNames, tt.names) || re.NumGroups != len(tt.names) {
			t.Errorf("Parse(%q) groups %d %q, want %q", tt.pattern, re.NumGroups, re.GroupNames, tt.names)
		}
		wantNamed := false
		for _, n := range tt.names {
			wantNamed = wantNamed || n != ""
		}
		if re.HasNamedGroups() != wantNamed {
			t.Errorf("Parse(%q).HasNamedGroups() = %v", tt.pattern, !wantNamed)
		}
	}
}

// TestParseOffsets checks that every node's Pos:End spans its source text.
func TestParseOffsets(t *testing.T) {
	tests := []struct {
		pattern string
		spans   []string // Source[Pos:End] of each node, pre-order
	}{
		{`^(?P<y>\d{4})/é+$`, []string{`^(?P<y>\d{4})/é+$`, `^`, `(?P<y>\d{4})`, `\d{4}`, `\d`, `/`, `é+`, `é`, `$`}},
		{`a|[bc]*?`, []string{`a|[bc]*?`, `a`, `[bc]*?`, `[bc]`}},
		{`(x)(?(1)y|z)`, []string{`(x)(?(1)y|z)`, `(x)`, `x`, `(?(1)y|z)`, `y`, `z`}},
		{`a{x`, []string{`a{x`, `a`, `{`, `x`}},
		{`(?i)ab`, []string{`ab`, `a`, `b`}},
		{`(a)\1(?P=n)`[:5], []string{`(a)\1`, `(a)`, `a`, `\1`}},
		{`\x41\0`, []string{`\x41\0`, `\x41`, `\0`}},
	}
	for _, tt := range tests {
		re, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		var got []string
		walk(re.Root, func(n *Node) { got = append(got, tt.pattern[n.Pos:n.End]) })
		if !reflect.DeepEqual(got, tt.spans) {
			t.Errorf("Parse(%q) spans\n got %q\nwant %q", tt.pattern, got, tt.spans)
		}
	}
}

// TestParseErrors covers what the golden file cannot: CPython 3.12
// behaviour that differs from the 3.11 used to generate it, and this
// package's own limits.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		pattern, err string
	}{
		// 3.12: a numeric group reference is ASCII digits only.
		{`(?(+1)a)(b)`, `bad character in group name '+1' at position 3`},
		{`(?(٣)a)`, `bad character in group name '٣' at position 3`},
		{`(?( 1)a)`, `bad character in group name ' 1' at position 3`},
		// Not supported here: no Unicode name table.
		{`\N{EM DASH}`, `\N{...} character names are not supported; write the character or \uXXXX instead at position 0`},
		// regexp2 reads 2**31-1 as unbounded.
		{`a{2147483647}`, `the repetition number is too large at position 1`},
		{"a\xffb", `invalid UTF-8 in pattern at position 1`},
		// The .NET named group gets a hint.
		{`(?<year>\d+)`, `unknown extension ?<y at position 1 (Python spells a named group (?P<name>...), not (?<name>...))`},
		{`(?<1>x)`, `unknown extension ?<1 at position 1`},
		// Python gives no position for this compile-time error; we do.
		{`x(?<=a+)`, `look-behind requires fixed-width pattern at position 1`},
		{"(?x)\n(", "missing ), unterminated subpattern at position 5 (line 2, column 1)"},
		{`(?P<a>x)(?P<b>y)(?P<a>z)`, `redefinition of group name 'a' as group 3; was group 1 at position 20`},
		{`(?P=a'b)`, `bad character in group name "a'b" at position 4`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.pattern)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want *Error", tt.pattern, err)
			continue
		}
		if err.Error() != tt.err {
			t.Errorf("Parse(%q) error\n got %q\nwant %q", tt.pattern, err.Error(), tt.err)
		}
	}
}
