package urlconf

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// normalizeCase is one "normalize" entry of testdata/pattern_cases.json:
// Django's normalize() output for a pattern, as [format, [params]] pairs.
type normalizeCase struct {
	Pattern  string            `json:"pattern"`
	Expected []json.RawMessage `json:"expected"`
}

func loadNormalizeCases(tb testing.TB) []normalizeCase {
	tb.Helper()
	data, err := os.ReadFile("testdata/pattern_cases.json")
	if err != nil {
		tb.Fatal(err)
	}
	var file struct {
		Normalize []normalizeCase `json:"normalize"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		tb.Fatal(err)
	}
	if len(file.Normalize) == 0 {
		tb.Fatal("no normalize cases in testdata/pattern_cases.json")
	}
	return file.Normalize
}

// formPair is a form as Django prints it: (format string, params).
type formPair struct {
	Format string
	Params []string
}

func pairsOf(forms []form) []formPair {
	out := []formPair{}
	for _, f := range forms {
		params := append([]string{}, f.params...)
		out = append(out, formPair{f.format(), params})
	}
	return out
}

func decodePairs(t *testing.T, raw []json.RawMessage) []formPair {
	t.Helper()
	out := []formPair{}
	for _, r := range raw {
		var pair [2]json.RawMessage
		var p formPair
		if err := json.Unmarshal(r, &pair); err != nil {
			t.Fatalf("bad expected entry %s: %v", r, err)
		}
		if err := json.Unmarshal(pair[0], &p.Format); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(pair[1], &p.Params); err != nil {
			t.Fatal(err)
		}
		if p.Params == nil {
			p.Params = []string{}
		}
		out = append(out, p)
	}
	return out
}

func TestNormalizeDjango(t *testing.T) {
	for _, c := range loadNormalizeCases(t) {
		forms, err := normalize(c.Pattern)
		if err != nil {
			t.Errorf("normalize(%q): %v", c.Pattern, err)
			continue
		}
		got, want := pairsOf(forms), decodePairs(t, c.Expected)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("normalize(%q)\n got %q\nwant %q", c.Pattern, got, want)
		}
	}
}

// fp builds an expected form pair in tests.
func fp(format string, params ...string) formPair {
	if params == nil {
		params = []string{}
	}
	return formPair{format, params}
}

func TestNormalizeRules(t *testing.T) {
	empty := []formPair{fp("")}
	tests := []struct {
		name, pattern string
		want          []formPair
	}{
		{"empty", ``, empty},
		{"anchors only", `^$`, empty},
		{"named group", `^a/(?P<x>\d+)/$`, []formPair{fp("a/%(x)s/", "x")}},
		{"positional groups", `^(\d+)/(\w+)/$`, []formPair{fp("%(_0)s/%(_1)s/", "_0", "_1")}},
		{"named groups do not count as positional", `(?P<a>x)(y)(?P<b>z)(w)`, []formPair{fp("%(a)s%(_0)s%(b)s%(_1)s", "a", "_0", "b", "_1")}},
		{"nested groups are one parameter", `^((a)(?P<p>b))c$`, []formPair{fp("%(_0)sc", "_0")}},
		{"escaped paren inside a group", `^(a\)b)c$`, []formPair{fp("%(_0)sc", "_0")}},
		{"backreference", `(?P<a>\w+)-(?P=a)/`, []formPair{fp("%(a)s-%(a)s/", "a")}},
		{"backreference alone lists nothing", `x(?P=a)`, []formPair{fp("x%(a)s")}},
		{"non-capturing inlined", `^(?:ab)c$`, []formPair{fp("abc")}},
		{"nested non-capturing", `^(?:a(?:b)c)d$`, []formPair{fp("abcd")}},
		{"lookahead dropped", `^a(?=b)c$`, []formPair{fp("ac")}},
		{"negative lookahead dropped", `^a(?!b(c))d$`, []formPair{fp("ad")}},
		{"lookbehind dropped", `^a(?<=a)b$`, []formPair{fp("ab")}},
		{"negative lookbehind dropped", `^a(?<!x)b$`, []formPair{fp("ab")}},
		{"star is zero", `^ab*c$`, []formPair{fp("ac")}},
		{"question is zero", `^ab?c$`, []formPair{fp("ac")}},
		{"plus is one", `^ab+c$`, []formPair{fp("abc")}},
		{"lazy quantifier", `^ab+?c*?d$`, []formPair{fp("abd")}},
		{"brace n", `^a{3}$`, []formPair{fp("aaa")}},
		{"brace n,m", `^a{2,4}b$`, []formPair{fp("aab")}},
		{"brace n,", `^a{2,}b$`, []formPair{fp("aab")}},
		{"brace zero", `^ab{0}c$`, []formPair{fp("ac")}},
		{"brace 0,n", `^ab{0,5}c$`, []formPair{fp("ac")}},
		{"lazy brace", `^a{2}?b$`, []formPair{fp("aab")}},
		{"repeated non-capturing", `^(?:ab){2}$`, []formPair{fp("abab")}},
		{"repeated parameter", `^(\d){2}$`, []formPair{fp("%(_0)s%(_0)s", "_0", "_0")}},
		{"optional group", `^a/(?P<x>\d+)?/$`, []formPair{fp("a//"), fp("a/%(x)s/", "x")}},
		{"optional non-capturing with group",
			`^optional/(?P<arg1>\d+)/(?:(?P<arg2>\d+)/)?$`,
			[]formPair{fp("optional/%(arg1)s/", "arg1"), fp("optional/%(arg1)s/%(arg2)s/", "arg1", "arg2")}},
		{"optional non-capturing without group", `^a(?:bc)?d$`, []formPair{fp("ad")}},
		{"cartesian product", `^(a)?-(b)*$`, []formPair{fp("-"), fp("-%(_1)s", "_1"), fp("%(_0)s-", "_0"), fp("%(_0)s-%(_1)s", "_0", "_1")}},
		{"star group with brace zero", `^x(?P<a>y){0}$`, []formPair{fp("x"), fp("x%(a)s", "a")}},
		{"class first char", `^[abcdef0-9]$`, []formPair{fp("a")}},
		{"class dollar", `^[$]/[\$]$`, []formPair{fp("$/$")}},
		{"class escape", `^[\w-]$`, []formPair{fp("x")}},
		{"negated class", `^[^/]+$`, []formPair{fp("^")}},
		{"class with escaped bracket", `^[\]a]b$`, []formPair{fp("]b")}},
		{"dot", `^a.b$`, []formPair{fp("a.b")}},
		{"escapes", `\d\w\s\D\S\W`, []formPair{fp("0x xx!")}},
		{"anchors dropped", `\Aa\bb\Bc\Z`, []formPair{fp("abc")}},
		{"escaped literals", `\$\.\^\|\(\)\[\*\\`, []formPair{fp(`$.^|()[*\`)}},
		{"dollar ends", `^a$b(c)`, []formPair{fp("a")}},
		{"caret anywhere ignored", `a^b`, []formPair{fp("ab")}},
		{"disjunction at top level", `^a|b$`, empty},
		{"disjunction in non-capturing", `^x/(?:a|b)/(?P<y>\d+)$`, empty},
		{"disjunction in a group", `^places/([0-9]+|[a-z_]+)/$`, []formPair{fp("places/%(_0)s/", "_0")}},
		{"disjunction after dollar", `^a$|b`, []formPair{fp("a")}},
		{"disjunction inside a class", `^[|]$`, []formPair{fp("|")}},
		{"percent escaped", `^100%/(?P<p>\d+)%$`, []formPair{fp("100%%/%(p)s%%", "p")}},
		{"unterminated group", `(regex_error/$`, []formPair{fp("%(_0)s", "_0")}},
		{"unterminated class", `ab[cd`, []formPair{fp("abc")}},
		{"unterminated brace", `ab{2`, []formPair{fp("ab")}},
		{"unterminated name", `ab(?P<x`, []formPair{fp("ab")}},
		{"quantifier look-ahead is unescaped", `^a*\$b`, []formPair{fp("")}},
		{"quantifier empties an open group", `0(?:*)1`, []formPair{fp("1")}},
		{"unicode", `^café/(?P<n>\d+)/ü$`, []formPair{fp("café/%(n)s/ü", "n")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms, err := normalize(tt.pattern)
			if err != nil {
				t.Fatalf("normalize(%q): %v", tt.pattern, err)
			}
			if got := pairsOf(forms); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("normalize(%q)\n got %q\nwant %q", tt.pattern, got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		pattern string
		want    error
	}{
		{`^(?x)a$`, errNonReversible},
		{`^(?i)a$`, errNonReversible},
		{`^a(?#comment)$`, errNonReversible},
		{`^(?>a)$`, errNonReversible},
		{`^(?Px)$`, errNonReversible},
		{`^a)$`, errNormalize},
		{`*a`, errNormalize},
		{`^?`, errNormalize},
		{`a{x}`, errNormalize},
		{`a{,3}`, errNormalize},
		{`a{999999999}`, errNormalize},
		{`abc\`, errNormalize},
		{`(?P<>a)`, errNormalize},
		{`(?:(a)?){20}`, errNormalize}, // 2^20 forms
	}
	for _, tt := range tests {
		forms, err := normalize(tt.pattern)
		if !errors.Is(err, tt.want) {
			t.Errorf("normalize(%q) = %q, %v; want error %v", tt.pattern, pairsOf(forms), err, tt.want)
		}
	}
	// A disjunction met before the bad part wins, as in Django.
	if forms, err := normalize(`a|(?x)`); err != nil || len(forms) != 1 || forms[0].format() != "" {
		t.Errorf(`normalize("a|(?x)") = %q, %v; want [""]`, pairsOf(forms), err)
	}
	// A trailing backslash the scan never reaches is harmless.
	if forms, err := normalize(`a$\`); err != nil || pairsOf(forms)[0].Format != "a" {
		t.Errorf(`normalize("a$\\") = %q, %v`, pairsOf(forms), err)
	}
}

func TestPyInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"2", 2, true}, {" 2 ", 2, true}, {"+3", 3, true}, {"-1", -1, true},
		{"007", 7, true}, {"1_0", 10, true}, {"", 0, false}, {"_1", 0, false},
		{"1_", 0, false}, {"1__0", 0, false}, {"x", 0, false}, {"1 2", 0, false},
	}
	for _, tt := range tests {
		got, ok := pyInt(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pyInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormExpand(t *testing.T) {
	forms, err := normalize(`^a%/(?P<x>\w+)/(?P<y>\d+)-(?P=x)/$`)
	if err != nil {
		t.Fatal(err)
	}
	got := forms[0].expand(map[string]string{"x": "a b", "y": "7"})
	if want := "a%/a b/7-a b/"; got != want {
		t.Errorf("expand = %q, want %q", got, want)
	}
}

// parseFormat splits a Python %-format string back into pieces, as Python's
// % operator reads it: %% is a literal %, and %(name)s a parameter whose
// name may hold balanced parentheses. ok is false for anything else.
func parseFormat(s string) (pieces []formPiece, ok bool) {
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			pieces = append(pieces, formPiece{literal: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			lit.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "%%"):
			lit.WriteByte('%')
			i++
		case strings.HasPrefix(s[i:], "%("):
			depth, j := 1, i+2
			for ; j < len(s) && depth > 0; j++ {
				switch s[j] {
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			if depth > 0 || j >= len(s) || s[j] != 's' {
				return nil, false
			}
			flush()
			pieces = append(pieces, formPiece{param: s[i+2 : j-1]})
			i = j
		default:
			return nil, false
		}
	}
	flush()
	return pieces, true
}

// balanced reports whether name can round-trip through %(name)s.
func balanced(name string) bool {
	depth := 0
	for _, r := range name {
		switch r {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

func FuzzNormalize(f *testing.F) {
	for _, c := range loadNormalizeCases(f) {
		f.Add(c.Pattern)
	}
	for _, s := range []string{`(?:(?P<a>x)|y)?`, `a{2}{3}`, `[`, `(?P=`, `\`, `a*\(`, `%(a)s`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		forms, err := normalize(pattern)
		if err != nil {
			if !errors.Is(err, errNonReversible) && !errors.Is(err, errNormalize) {
				t.Fatalf("normalize(%q): unexpected error kind %v", pattern, err)
			}
			return
		}
		if len(forms) == 0 {
			t.Fatalf("normalize(%q) returned no forms", pattern)
		}
		for _, fm := range forms {
			inPieces := map[string]bool{}
			roundTrip := true
			for i, p := range fm.pieces {
				if p.param != "" {
					inPieces[p.param] = true
					roundTrip = roundTrip && balanced(p.param)
				} else if p.literal == "" {
					t.Fatalf("normalize(%q): empty literal piece", pattern)
				} else if i > 0 && fm.pieces[i-1].param == "" {
					t.Fatalf("normalize(%q): adjacent literal pieces", pattern)
				}
			}
			for _, name := range fm.params {
				if !inPieces[name] {
					t.Fatalf("normalize(%q): param %q not in pieces of %q", pattern, name, fm.format())
				}
			}
			if !roundTrip {
				continue
			}
			back, ok := parseFormat(fm.format())
			if !ok || len(back) != len(fm.pieces) || (len(back) > 0 && !reflect.DeepEqual(back, fm.pieces)) {
				t.Fatalf("normalize(%q): format %q does not round-trip: %q vs %q", pattern, fm.format(), back, fm.pieces)
			}
		}
	})
}
