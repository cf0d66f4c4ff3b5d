package pyre

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

func TestGoExpr(t *testing.T) {
	const w = `\p{L}\p{N}_`
	tests := []struct {
		pattern string
		ascii   bool
		mode    Mode
		expr    string
	}{
		{`^articles/(?P<year>[0-9]{4})/$`, false, Fullmatch, `\Aarticles/([0-9]{4})/\z`},
		{`^a$|^b$`, false, Fullmatch, `\A(?:\Aa\z|\Ab\z)\z`},
		{`a\\z`, false, Fullmatch, `\Aa\\z\z`},
		{`^articles/(?P<year>[0-9]{4})/$`, false, Test, `\Aarticles/([0-9]{4})/(?:\n?\z)`},
		{`^(?P<slug>[\w-]+)/\Z`, false, Search, `\A([` + w + `\-]+)/\z`},
		{`^(?P<slug>[\w-]+)/\Z`, true, Search, `\A([0-9A-Z_a-z\-]+)/\z`},
		{`(?a)\d\s`, false, Search, `[0-9][\t-\r ]`},
		{`\W\D\S`, false, Search, `[^` + w + `][^\p{Nd}][^\t-\r\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]`},
		{`[\W.]`, false, Search, `(?:[.]|[^` + w + `])`},
		{`[^\W.]`, false, Search, `(?:[^.\P{L}]|[^.\P{N}]|_)`},
		{`[^\W_]`, false, Search, `(?:[^_\P{L}]|[^_\P{N}])`},
		{`[^\D5]`, false, Search, `[^5\P{Nd}]`},
		{`[^\D5]`, true, Search, `[012346789]`},
		{`[^\S\n]`, true, Search, `[\x{9}\x{B}\x{C}\x{D} ]`},
		{`[\W\S]`, false, Search, `[\x00-\x{10FFFF}]`},
		{`[^\W\S]`, false, Search, `[^\x00-\x{10FFFF}]`},
		{`[][\\^-]`, false, Search, `[\]\[\\\^\-]`},
		{`.*+?(){}|^$#`[:2] + `\*\+\?\(\)\{\}\|\^\$\#\.\ `, false, Search, `.*\*\+\?\(\)\{\}\|\^\$#\. `},
		{`(?s)a.(?-s:.)`, false, Search, `a(?s:.)(?:.)`},
		{`(?m)^a$`, false, Search, `(?m:^)a(?m:$)`},
		{`(?a)\bx\b`, false, Search, `\bx\b`},
		{`(?:ab)+?|c{2,}|d{,3}|e{4}`, false, Search, `(?:ab)+?|c{2,}|d{0,3}|e{4}`},
		{`x(?:a|b$)`, false, Fullmatch, `\Ax(?:a|b\z)\z`},
		{`(a*)?`, false, Search, `(a*)?`},
		{"\x01\u00a0é😀\\U0001F600", false, Search, `\x{1}\x{A0}é😀😀`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/ascii=%v/%v", tt.pattern, tt.ascii, tt.mode), func(t *testing.T) {
			re, err := Parse(tt.pattern)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.pattern, err)
			}
			rx, err := re.Go(tt.ascii, tt.mode)
			if err != nil {
				t.Fatalf("Go(%q, ascii=%v, %v): %v", tt.pattern, tt.ascii, tt.mode, err)
			}
			if rx.String() != tt.expr {
				t.Errorf("Go(%q, ascii=%v, %v)\n got %s\nwant %s", tt.pattern, tt.ascii, tt.mode, rx, tt.expr)
			}
		})
	}
}

// Every construct Go's regexp would answer differently is refused, with
// what and where.
func TestGoRefuses(t *testing.T) {
	tests := []struct {
		pattern string
		mode    Mode
		err     string
	}{
		{`^(?P<a>x)/(?P=a)$`, Fullmatch, "back-reference at position 10"},
		{`^(x)\1`, Search, "back-reference at position 4"},
		{`^a(?=b)`, Search, "lookahead at position 2"},
		{`^a(?!b)`, Search, "negative lookahead at position 2"},
		{`(?<=a)b`, Search, "lookbehind at position 0"},
		{`(?<!a)b`, Search, "negative lookbehind at position 0"},
		{`(a)?(?(1)b|c)`, Search, "conditional group at position 4"},
		{`(?>a+)b`, Search, "atomic group at position 0"},
		{`^é+a*+`, Search, "possessive quantifier at position 3"},
		{`(?i)abc`, Search, "case-insensitive matching at position 0"},
		{`a(?i:b)`, Search, "case-insensitive matching at position 1"},
		{`\bx`, Search, `\b with Unicode word characters at position 0`},
		{`(?a)x\B`, Search, `\B at position 5`},
		{`(a*)+`, Search, "repeated group that can match the empty string at position 0"},
		{`(a|)+`, Search, "repeated group that can match the empty string at position 0"},
		{`x(?:a?b?){2}`, Search, "repeated group that can match the empty string at position 1"},
		{`(?:^)*`, Search, "repeated group that can match the empty string at position 0"},
		{`a{1001}`, Search, "repeat count over 1000 at position 0"},
		{`^a$`, Search, "'$' in a pattern that is searched, not fullmatched at position 2"},
		{`^a$b`, Fullmatch, "'$' before more of the pattern at position 2"},
		{`^(?:a$)+`, Test, "'$' before more of the pattern at position 5"},
		{`^a$\Z`, Test, "'$' before more of the pattern at position 2"},
		{`(?:(?:(?:a{1000}){1000}){1000})`, Search, "Go's regexp rejects it: invalid repeat count: `{1000}`"},
		{`a(?=(b))\1`, Search, "lookahead at position 1"}, // the first in source order
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			re, err := Parse(tt.pattern)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.pattern, err)
			}
			_, err = re.Go(false, tt.mode)
			var nl *NotLinearError
			if !errors.As(err, &nl) || err.Error() != tt.err {
				t.Errorf("Go(%q, %v) = %v, want %q", tt.pattern, tt.mode, err, tt.err)
			}
		})
	}
	re, _ := Parse(`(?u)\w`)
	if _, err := re.Go(true, Search); err == nil || errors.As(err, new(*NotLinearError)) {
		t.Errorf("Go(true) on a (?u) pattern: %v, want the flag conflict", err)
	}
}

// goMatch runs rx as re.search or re.fullmatch and reports the match as
// Python does, in code points.
func goMatch(rx *regexp.Regexp, input string) *goldenMatch {
	loc := rx.FindStringSubmatchIndex(input)
	if loc == nil {
		return nil
	}
	at := func(i int) int { return utf8.RuneCountInString(input[:i]) }
	gm := &goldenMatch{Span: []int{at(loc[0]), at(loc[1])}, Groups: [][]int{}, Values: []*string{}}
	for i := 2; i < len(loc); i += 2 {
		if loc[i] < 0 {
			gm.Groups = append(gm.Groups, nil)
			gm.Values = append(gm.Values, nil)
			continue
		}
		v := input[loc[i]:loc[i+1]]
		gm.Groups = append(gm.Groups, []int{at(loc[i]), at(loc[i+1])})
		gm.Values = append(gm.Values, &v)
	}
	return gm
}

// The translation gives CPython's own answers, recorded in golden.json,
// for every case it takes.
func TestGoGolden(t *testing.T) {
	g := loadGolden(t)
	taken := 0
	for _, c := range g.Cases {
		re, err := Parse(c.Pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.Pattern, err)
		}
		for _, mode := range []Mode{Search, Fullmatch, Test} {
			rx, err := re.Go(c.ASCII, mode)
			if err != nil {
				continue
			}
			taken++
			want := c.Search
			if mode == Fullmatch {
				want = c.Fullmatch
			}
			got := goMatch(rx, c.Input)
			if mode == Test {
				if (got != nil) != (want != nil) {
					t.Errorf("test %q (ascii=%v) on %q via %s: %v, want %v", c.Pattern, c.ASCII, c.Input, rx, got != nil, want != nil)
				}
				continue
			}
			if !sameMatch(got, want) {
				t.Errorf("%v %q (ascii=%v) on %q via %s:\n got %s\nwant %s", mode, c.Pattern, c.ASCII, c.Input, rx, dumpMatch(got), dumpMatch(want))
			}
		}
	}
	if taken < 1000 {
		t.Errorf("only %d golden case and mode pairs have a Go form", taken)
	}
}

func (m Mode) String() string {
	switch m {
	case Search:
		return "search"
	case Fullmatch:
		return "fullmatch"
	}
	return "test"
}

// The class writers for Go and regexp2 agree with Class.Contains on
// every code point up to U+0800 and on a sample beyond.
func TestClassWritersAgree(t *testing.T) {
	step := 61
	if testing.Short() {
		step = 251
	}
	classes := []string{`\d`, `\w`, `\s`, `\D`, `\W`, `\S`, `[\w-]`, `[^/]`, `[^\d/]`, `[\s\d]`, `[\W.]`, `[^\W.]`,
		`[^\W_]`, `[^\W\d]`, `[\D\W]`, `[^\D\W]`, `[^\S\n]`, `[\S\n]`, `[^\s\d]`, `[\W\S]`, `[^\W\S]`, `[^\D5é]`,
		`[^\s\S]`, `[é-ü\d]`, `[^\W\s]`, `[_\W]`, `[^_\W]`, `[\x00-\x1f\W]`, `[^\u3000\S]`}
	for _, class := range classes {
		for _, ascii := range []bool{false, true} {
			re, err := Parse(class)
			if err != nil {
				t.Fatal(err)
			}
			c := re.Root.Class
			rx, err := re.Go(ascii, Fullmatch)
			if err != nil {
				t.Fatalf("Go(%q): %v", class, err)
			}
			expr, opts, err := re.Dotnet(ascii)
			if err != nil {
				t.Fatal(err)
			}
			net := regexp2.MustCompile(`\A`+expr+`\z`, opts)
			for r := rune(0); r <= utf8.MaxRune; r++ {
				if r >= 0x800 && r%rune(step) != 0 && r != 0x3000 || r >= 0xD800 && r <= 0xDFFF {
					continue
				}
				want := c.Contains(r, ascii)
				if got := rx.MatchString(string(r)); got != want {
					t.Fatalf("%s (ascii %v) on %U: Go %v, Contains %v", class, ascii, r, got, want)
				}
				if got, _ := net.MatchRunes([]rune{r}); got != want {
					t.Fatalf("%s (ascii %v) on %U: regexp2 %v, Contains %v", class, ascii, r, got, want)
				}
			}
		}
	}
	for r := rune(maxShorthandRune + 1); r <= utf8.MaxRune; r++ {
		if IsSpace(r, false) {
			t.Fatalf("%U is a space beyond maxShorthandRune", r)
		}
	}
}

// compareGo reports any difference between the Go translation and
// regexp2 (the reference for Python's meaning) for one pattern and mode,
// on each input: match or not, span, every group. It reports whether the
// pattern has a Go form.
func compareGo(t testing.TB, pattern string, ascii bool, mode Mode, inputs ...string) bool {
	t.Helper()
	re, err := Parse(pattern)
	if err != nil || ascii && re.Flags&Unicode != 0 {
		return false
	}
	rx, err := re.Go(ascii, mode)
	if err != nil {
		var nl *NotLinearError
		if !errors.As(err, &nl) {
			t.Fatalf("Go(%q, %v): %v", pattern, mode, err)
		}
		return false
	}
	var ref *regexp2.Regexp
	for _, input := range inputs {
		if backtrackBound(re.Root, utf8.RuneCountInString(input)) > maxOracleWork {
			continue // too slow to check on regexp2
		}
		if ref == nil {
			ref = compileDotnet(t, pattern, ascii, mode == Fullmatch)
		}
		want := toGolden(t, ref, input)
		got := goMatch(rx, input)
		if mode == Test {
			if (got != nil) != (want != nil) {
				t.Errorf("test %q (ascii %v) on %q via %s: Go %v, regexp2 %v", pattern, ascii, input, rx, got != nil, want != nil)
			}
			continue
		}
		if !sameMatch(got, want) {
			t.Errorf("%v %q (ascii %v) on %q via %s:\n     Go %s\nregexp2 %s", mode, pattern, ascii, input, rx, dumpMatch(got), dumpMatch(want))
		}
	}
	return true
}

// maxOracleWork bounds the paths regexp2 may explore for one check, so
// that the reference runs in bounded time without a clock.
const maxOracleWork = 2e6

// backtrackBound is an upper bound on the paths a backtracking engine
// explores matching n on an input of n runes from every start: every
// character is taken to match every atom, and the ways to consume each
// length are counted.
func backtrackBound(n *Node, runes int) float64 {
	total := 0.0
	for _, w := range ways(n, runes) {
		total += w
	}
	return total * float64(runes+1) * float64(runes+1)
}

// ways returns, for each length l up to max, how many ways n can consume
// exactly l characters, at most.
func ways(n *Node, max int) []float64 {
	one := func(l int) []float64 { v := make([]float64, max+1); v[l] = 1; return v }
	switch n.Op {
	case OpLiteral, OpAnyChar, OpClass:
		if max == 0 {
			return []float64{0}
		}
		return one(1)
	case OpConcat:
		acc := one(0)
		for _, s := range n.Sub {
			acc = convolve(acc, ways(s, max))
		}
		return acc
	case OpAlternate:
		acc := make([]float64, max+1)
		for _, s := range n.Sub {
			for l, w := range ways(s, max) {
				acc[l] += w
			}
		}
		return acc
	case OpCapture, OpGroup:
		return ways(n.Sub[0], max)
	case OpRepeat:
		body := ways(n.Sub[0], max)
		acc, sum := one(0), make([]float64, max+1)
		for k := 0; ; k++ {
			if k >= n.Min {
				for l, w := range acc {
					sum[l] += w
				}
			}
			if n.Max >= 0 && k >= n.Max {
				return sum
			}
			if body[0] != 0 && n.Max < 0 {
				return huge(max)
			}
			if acc = convolve(acc, body); slices.Max(acc) == 0 {
				return sum
			}
		}
	}
	return one(0)
}

func huge(max int) []float64 {
	v := make([]float64, max+1)
	v[0] = 1e300
	return v
}

func convolve(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i, x := range a {
		if x == 0 {
			continue
		}
		for j, y := range b[:len(a)-i] {
			out[i+j] += x * y
		}
	}
	return out
}

// trickyGo are patterns at the edges of the translation: classes with
// negated shorthands, anchors, $ before a final newline, multiline,
// groups that do not take part, repeats of groups, lazy repeats.
var trickyGo = []string{
	`^articles/(?P<year>[0-9]{4})/$`, `^(?P<name>.+)/[0-9]+/$`, `(?P<lead>.+)/security/$`, `mid/`,
	`^(?:(?P<a>\w+)/)?(?P<b>\w+)/$`, `^(?P<one>[0-9]+)|(?P<two>[0-9]+)/$`, `^nested/capture/((\w+)/)?$`,
	`(?:(a)|b)+`, `((a)|b)+`, `(?:(a)|(b))+`, `(a){2}`, `(?:(a)|b){2,}`, `(?:(a)b|a)*c`, `(a+)+`,
	`(a*)?`, `(|a)?`, `(a|)?`, `(a?){0,1}b`, `(a|ab)(c|bcd)(d*)`, `(a+?)(a*)`, `(a{1,3}?)(a*)`,
	`a$`, `(a$|b)`, `x(?:a|b$)`, `(?:x|y$)?`, `(?m)^a$`, `(?m)(?:^b|$)`, `(?m:^)$`, `(?s).+$`, `.+$`,
	`[\W.]+`, `[^\W.]+`, `[^\W\d]+`, `[\D\W]`, `[^\S\n]+`, `(?a)[^\S\n]+`, `\s+\S`, `(?a)\bx\b`,
	`\Aa|b\Z`, `^$`, `$`, `(?:)`, `()`, `(a)|b`, `((a)|(b))c`, `[é-ü\d]+`, `(?a:\w+)\w`, `(?s:.)(.)`,
	`^(?P<w>\w)[^/]*/(?P<x>\d*)\.(?:json|xml)$`, `(?:/[a-z]+)+/?$`, `(?:[a-z]+/){1,3}$`,
}

var goInputs = []string{"", "a", "aa", "ab", "abc", "abac", "a\n", "\n", "b\nb", "x/security/", "a/1/", "a/b/1/",
	"articles/2003/", "articles/2003/\n", "é/٣/", "mid/", "x/mid/", "12", "12/", "aab", "abcd", "abcbcd",
	"aaa", "éü5", "x a\n", "\u2003x", "a/b/c/", "w9/x/1.json", "w9/x/.xml\n", "_", "a_b", "ab/cd/"}

// The translation agrees with regexp2 on the tricky patterns, every
// mode, both meanings of the shorthands.
func TestGoAgreesTricky(t *testing.T) {
	for _, p := range trickyGo {
		t.Run(p, func(t *testing.T) {
			for _, ascii := range []bool{false, true} {
				for _, mode := range []Mode{Search, Fullmatch, Test} {
					compareGo(t, p, ascii, mode, goInputs...)
				}
			}
		})
	}
}

// The translation agrees with regexp2 on Django's own patterns, from
// its URL resolver tests, on paths near the ones they are written for.
func TestGoAgreesDjango(t *testing.T) {
	patterns := loadDjangoPatterns(t)
	taken := 0
	for _, p := range patterns {
		inputs := append(samplePaths(p), goInputs...)
		for _, mode := range []Mode{Search, Fullmatch, Test} {
			if compareGo(t, p, false, mode, inputs...) && mode == Fullmatch {
				taken++
			}
		}
	}
	if taken*10 < len(patterns)*9 {
		t.Errorf("only %d of %d Django patterns have a Go form for fullmatch", taken, len(patterns))
	}
}

// samplePaths are texts near what pattern matches: its literal
// characters, with digits and letters where it has classes.
func samplePaths(pattern string) []string {
	lit := strings.NewReplacer(`^`, "", `$`, "", `\Z`, "", `\`, "", `(?P<`, "", `>`, "", `(`, "", `)`, "", `?`, "", `+`, "", `*`, "", `[`, "", `]`, "")
	base := lit.Replace(pattern)
	return []string{base, base + "\n", "x" + base, base + "/", strings.TrimSuffix(base, "/"), "37/" + base}
}

// Random patterns over the whole syntax the translation takes, on random
// inputs over an alphabet that has every kind of character the classes
// and anchors tell apart.
func TestGoAgreesRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	n := 1500
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		data := make([]byte, 24)
		rng.Read(data)
		p := generatePattern(data)
		ascii := rng.Intn(4) == 0
		mode := Mode(rng.Intn(3))
		inputs := make([]string, 8)
		for j := range inputs {
			inputs[j] = randomGoInput(rng)
		}
		compareGo(t, p, ascii, mode, inputs...)
		if t.Failed() {
			return
		}
	}
}

func randomGoInput(rng *rand.Rand) string {
	var b strings.Builder
	for k := rng.Intn(9); k > 0; k-- {
		b.WriteString(goAlphabet[rng.Intn(len(goAlphabet))])
	}
	return b.String()
}

var (
	goAlphabet = []string{"a", "b", "/", "-", "_", "1", "٣", "é", "\n", " ", "x", "\u0301", "\u2003", "Z", "\x1c", "."}
	goAtoms    = []string{"a", "b", "/", "-", "é", `\.`, "x", "[^/]", `\d`, `\w`, `[-\w]`, `\s`, `\W`, `[^-a-z\d]`,
		".", `\D`, `\S`, `[\W.]`, `[^\W\d]`, `[^\S\n]`, "\\n", "^", "$", `\A`, `\Z`, `\b`, "(?:)", "[é-ü]"}
	goQuants = []string{"", "", "", "+", "*", "?", "{2}", "{1,3}", "+?", "*?", "{0,2}?", "??", "{2,}"}
	goOpens  = []string{"(", "(?P<g>", "(?:", "(?s:", "(?m:", "(?a:", "(?-s:"}
	goFlags  = []string{"", "", "", "(?s)", "(?m)", "(?a)", "(?sm)"}
)

// generatePattern turns bytes into a pattern: each byte chooses the next
// piece, so that a small change of the bytes is a small change of the
// pattern, which is what a fuzzer needs.
func generatePattern(data []byte) string {
	next := func(n int) int {
		if len(data) == 0 {
			return 0
		}
		c := int(data[0])
		data = data[1:]
		return c % n
	}
	var b strings.Builder
	b.WriteString(goFlags[next(len(goFlags))])
	depth, groups := 0, 0
	for len(data) > 0 {
		switch k := next(10); {
		case k < 6:
			b.WriteString(goAtoms[next(len(goAtoms))])
			if a := b.String(); !strings.HasSuffix(a, "^") && !strings.HasSuffix(a, "$") && !strings.HasSuffix(a, `\A`) && !strings.HasSuffix(a, `\Z`) && !strings.HasSuffix(a, `\b`) {
				b.WriteString(goQuants[next(len(goQuants))])
			}
		case k == 6 && depth < 3:
			open := goOpens[next(len(goOpens))]
			if open == "(?P<g>" {
				groups++
				open = fmt.Sprintf("(?P<g%d>", groups)
			}
			b.WriteString(open)
			depth++
		case k == 7 && depth > 0:
			b.WriteString(")")
			depth--
			b.WriteString(goQuants[next(len(goQuants))])
		case k == 8:
			b.WriteString("|")
		}
	}
	for ; depth > 0; depth-- {
		b.WriteString(")")
	}
	return b.String()
}

// loadDjangoPatterns reads the regexes of Django's URL resolver tests.
func loadDjangoPatterns(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/django_patterns.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// FuzzGo: for any pattern that has a Go form and any input, the Go
// regexp and regexp2 agree on the match and every group, in the mode the
// fuzzer picks.
func FuzzGo(f *testing.F) {
	seeds := append(append([]string{}, trickyGo...), loadDjangoPatterns(f)...)
	for _, c := range loadGolden(f).Cases {
		seeds = append(seeds, c.Pattern)
	}
	for i, p := range seeds {
		f.Add(p, goInputs[i%len(goInputs)], uint8(i))
	}
	f.Fuzz(func(t *testing.T, pattern, input string, mode uint8) {
		if len(pattern) > 64 || !utf8.ValidString(input) || utf8.RuneCountInString(input) > 16 {
			return
		}
		compareGo(t, pattern, mode&4 != 0, Mode(mode%3), input)
	})
}

// FuzzGoGenerated is FuzzGo on patterns generated from the fuzzer's
// bytes, so that nearly every input is a valid pattern that uses the
// constructs the translation rewrites.
func FuzzGoGenerated(f *testing.F) {
	for i, s := range []string{"\x00\x01\x02\x03\x04\x05", "abcdefghij", "\x06\x07\x06\x09\x0a", "\xff\x10\x20\x30\x40\x50\x60\x70"} {
		f.Add([]byte(s), goInputs[i], uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, input string, mode uint8) {
		if len(data) > 48 || !utf8.ValidString(input) || utf8.RuneCountInString(input) > 16 {
			return
		}
		compareGo(t, generatePattern(data), mode&4 != 0, Mode(mode%3), input)
	})
}
