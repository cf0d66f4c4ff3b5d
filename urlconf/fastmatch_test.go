package urlconf

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// Patterns Django sites write every day must take the fast path.
func TestFastSubset(t *testing.T) {
	fast := []string{
		`^$`, `^repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/pulls$`, `^articles/(?P<year>[0-9]{4})/$`,
		`^hello/(?P<username>\w+)/$`, `^(?P<slug>[-\w]+)/$`, `^files/(?P<path>.+)$`, `^blog/`,
		`^page/(\d+)/?$`, `(?P<lead>.+)/security/$`, `^x/(?:y)?`, `^a+?b`, `(?a)^\w+$`, `(?s)^.+\Z`,
	}
	for _, p := range fast {
		if fastFor(t, p, false, true) == nil {
			t.Errorf("%q: not compiled for the fast matcher", p)
		}
	}
	slow := []string{`^(?P<f>json|xml)$`, `(?i)^abc$`, `^a(?=b)`, `^(?P<a>x)(?P=a)$`, `\bx`, `^(ab)+$`, `^a++`, `(?m)^a$`}
	for _, p := range slow {
		if fastFor(t, p, false, true) != nil {
			t.Errorf("%q: compiled for the fast matcher, which cannot match it", p)
		}
	}
	// Two places to backtrack (runs that may give back characters, or the
	// start of a search) would make the byte matcher polynomial.
	for _, p := range []string{`^(?P<a>.+)/(?P<b>.+)/$`, `^(.*?)-(.*)-`, `(?P<lead>.+)/security/`, `a*?b`} {
		if fastFor(t, p, false, false) != nil {
			t.Errorf("%q: compiled for the fast matcher, which would backtrack in two places", p)
		}
	}
	for _, p := range []string{`(?P<lead>.+)/security/$`, `^(?P<a>.+)/(?P<b>[^/]+)/$`, `^(.*)$`, `^(.+)\n?$`, `[^/]+/x`} {
		if fastFor(t, p, false, p[0] != '[') == nil {
			t.Errorf("%q: not compiled for the fast matcher", p)
		}
	}
	for _, route := range []string{"articles/<int:year>/", "<slug:s>/<uuid:u>/", "files/<path:p>", "s/<str:s>/"} {
		e := Path(route, "v")
		p, err := compilePattern(&e, builtinConverters, false)
		if err != nil || p.fast == nil {
			t.Errorf("route %q: fast %v, err %v", route, p != nil && p.fast != nil, err)
		}
	}
}

func fastFor(t testing.TB, pattern string, ascii, full bool) *fastMatcher {
	t.Helper()
	re, err := pyre.Parse(pattern)
	if err != nil {
		t.Fatalf("%q: %v", pattern, err)
	}
	return compileFast(re, ascii, full)
}

// The fast matcher and regexp2 agree on hand-picked cases that sit on
// the edges: "$" before a final newline, Unicode classes, backtracking.
func TestFastMatchCases(t *testing.T) {
	cases := []struct {
		pattern string
		inputs  []string
	}{
		{`^repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/pulls$`, []string{"repos/a/b/pulls", "repos/a/b/pulls\n", "repos/a//pulls", "repos/é/中/pulls", "repos/a/b/c/pulls"}},
		{`^hello/(?P<username>\w+)/$`, []string{"hello/José/", "hello/٣٤/", "hello/e\u0301/", "hello/a b/", "hello//", "hello/x/\n"}},
		{`^articles/(?P<year>[0-9]{4})/$`, []string{"articles/2024/", "articles/202/", "articles/20245/", "articles/٢٠٢٤/"}},
		{`(?P<lead>.+)/security/$`, []string{"a/security/", "a/b/security/", "/security/", "x/security/\n", "a\n/security/"}},
		{`^(\w+)(\w+)x$`, []string{"abcx", "ax", "abx", "éé_x"}},
		{`^(.*?)/(.*)$`, []string{"a/b/c", "/", "abc", "a\nb/c"}},
		{`(?s)^(.+)\Z`, []string{"a\n", "\n"}},
		{`^a\d*?9`, []string{"a129", "a9", "a٩9", "a"}},
		{`^x/?$`, []string{"x", "x/", "x//", "x\n", "x/\n"}},
		{`[-\w]+`, []string{"--", "é-", "/ /", ""}},
		{`\s+\S`, []string{"\x1c a", "\u2003x", " "}},
	}
	for _, c := range cases {
		for _, ascii := range []bool{false, true} {
			for _, full := range []bool{false, true} {
				for _, in := range c.inputs {
					compareFast(t, c.pattern, ascii, full, in)
				}
			}
		}
	}
}

// compareFast reports any difference between the fast matcher and
// regexp2 for one pattern and input: match or not, end, every group.
func compareFast(t testing.TB, pattern string, ascii, full bool, input string) {
	t.Helper()
	re, err := pyre.Parse(pattern)
	if err != nil {
		return
	}
	fm := compileFast(re, ascii, full)
	if fm == nil {
		return
	}
	expr, opts, err := re.Dotnet(ascii)
	if err != nil {
		return
	}
	if full {
		expr = `\A(?:` + expr + `)\z`
	}
	want := regexp2.MustCompile(expr, opts)
	got := fastResult(fm, input)
	if w := regexp2Result(want, re.NumGroups, input); got != w {
		t.Errorf("%q (ascii %v, full %v) on %q:\nfast    %s\nregexp2 %s", pattern, ascii, full, input, got, w)
	}
}

func fastResult(fm *fastMatcher, input string) string {
	caps := make([]int, 2*fm.ngroups)
	end, ok := fm.match(input, caps)
	if !ok {
		return "no match"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "end %d", end)
	for i := 0; i < fm.ngroups; i++ {
		fmt.Fprintf(&b, " g%d=%q", i+1, input[caps[2*i]:caps[2*i+1]])
	}
	return b.String()
}

func regexp2Result(re *regexp2.Regexp, ngroups int, input string) string {
	runes := []rune(input)
	m, err := re.FindRunesMatch(runes)
	if err != nil || m == nil {
		return "no match"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "end %d", len(string(runes[:m.Index+m.Length])))
	for i := 1; i <= ngroups; i++ {
		g := m.GroupByNumber(i)
		if g == nil || len(g.Captures) == 0 {
			fmt.Fprintf(&b, " g%d=unset", i)
			continue
		}
		fmt.Fprintf(&b, " g%d=%q", i, g.String())
	}
	return b.String()
}

// Random patterns of the subset, on random inputs over an alphabet that
// has every kind of character the classes tell apart.
func TestFastMatchRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		p := randomPattern(rng)
		ascii, full := rng.Intn(4) == 0, rng.Intn(2) == 0
		for j := 0; j < 12; j++ {
			compareFast(t, p, ascii, full, randomInput(rng))
		}
		if t.Failed() {
			return
		}
	}
}

var (
	fastAtoms  = []string{"a", "b", "/", "-", "é", `\.`, "x", "[^/]", `\d`, `\w`, `[-\w]`, "[0-9]", `\s`, `\W`, "[a-z]", `[^-a-z\d]`, ".", `\D`, "[é-ü]", `\S`, "[/a]"}
	fastQuants = []string{"", "", "+", "*", "?", "{2}", "{1,3}", "+?", "*?", "{0,2}?", "??", "{2,}"}
	fastInput  = []string{"a", "b", "/", "-", "_", "1", "٣", "é", "\n", " ", "x", "\u0301", "\u2003", "中", "Z", "9", "\x1c", "ü"}
)

func randomPattern(rng *rand.Rand) string {
	var b strings.Builder
	if rng.Intn(3) > 0 {
		b.WriteString("^")
	}
	group := 0
	for k := rng.Intn(6) + 1; k > 0; k-- {
		open := rng.Intn(4) == 0
		if open {
			group++
			if rng.Intn(2) == 0 {
				fmt.Fprintf(&b, "(?P<g%d>", group)
			} else {
				b.WriteString("(")
			}
		}
		for m := rng.Intn(2) + 1; m > 0; m-- {
			b.WriteString(fastAtoms[rng.Intn(len(fastAtoms))])
			b.WriteString(fastQuants[rng.Intn(len(fastQuants))])
		}
		if open {
			b.WriteString(")")
		}
	}
	switch rng.Intn(4) {
	case 0:
		b.WriteString("$")
	case 1:
		b.WriteString(`\Z`)
	}
	return b.String()
}

func randomInput(rng *rand.Rand) string {
	var b strings.Builder
	for k := rng.Intn(10); k > 0; k-- {
		b.WriteString(fastInput[rng.Intn(len(fastInput))])
	}
	return b.String()
}

// The class tables agree with regexp2 on every rune below U+0800 and a
// sample of the rest.
func TestFastClassesAgree(t *testing.T) {
	// Every rune up to U+0800, then a sample: under -race the whole
	// range takes minutes.
	step := 7
	if testing.Short() {
		step = 97
	}
	for _, class := range []string{`\d`, `\w`, `\s`, `\D`, `\W`, `\S`, `[-\w]`, `[^/]`, `[^\d/]`, `[\s\d]`, `.`} {
		for _, ascii := range []bool{false, true} {
			re, err := pyre.Parse(class)
			if err != nil {
				t.Fatal(err)
			}
			fm := compileFast(re, ascii, false)
			expr, opts, _ := re.Dotnet(ascii)
			want := regexp2.MustCompile(`\A`+expr+`\z`, opts)
			set := fm.items[0].set
			for r := rune(0); r <= utf8.MaxRune; r++ {
				if r >= 0x800 && r%rune(step) != 0 || r > 0xFFFF && r%(31*rune(step)) != 0 || r >= 0xD800 && r <= 0xDFFF {
					continue
				}
				ok, _ := want.MatchRunes([]rune{r})
				if set.has(r) != ok {
					t.Fatalf("%s (ascii %v) on %U: fast %v, regexp2 %v", class, ascii, r, set.has(r), ok)
				}
			}
		}
	}
}

// FuzzFastMatch: for any pattern the fast matcher takes and any input,
// it agrees with regexp2 on the match and every group.
func FuzzFastMatch(f *testing.F) {
	f.Add(`^repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/pulls$`, "repos/a/b/pulls\n", uint8(0))
	f.Add(`(?P<lead>.+)/security/$`, "é/security/", uint8(1))
	f.Add(`^(\w+?)(\d*)x?$`, "ab٣x", uint8(2))
	f.Add(`[-\w]+/?`, "-é_/", uint8(3))
	f.Fuzz(func(t *testing.T, pattern, input string, mode uint8) {
		if len(pattern) > 48 || len(input) > 48 || !utf8.ValidString(input) {
			return
		}
		compareFast(t, pattern, mode&1 != 0, mode&2 != 0, input)
	})
}
