package urlconf

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// engineOf names the engine compilePattern chose for p.
func engineOf(p *pattern) string {
	switch {
	case p.fast != nil:
		return "bytes"
	case p.gore != nil:
		return "go"
	}
	return "regexp2"
}

// Each pattern runs on the first engine that gives Python's answer: the
// byte matcher, else Go's regexp, else regexp2.
func TestEngineChoice(t *testing.T) {
	tests := []struct {
		entry  Entry
		engine string
	}{
		{RePath(`^articles/(?P<year>[0-9]{4})/$`, "v"), "bytes"},
		{RePath(`^(?P<slug>[-\w]+)/$`, "v"), "bytes"},
		{Path("files/<path:p>", "v"), "bytes"},
		{RePath(`(?P<lead>.+)/security/$`, "v"), "bytes"},  // fullmatch: anchored, one place to backtrack
		{ReInclude(`(?P<lead>.+)/security/`, nil), "go"},   // search: a start and a run to choose
		{RePath(`^(?P<a>.+)/(?P<b>.+)/$`, "v"), "go"},      // two runs to choose: cubic on bytes
		{RePath(`^(?P<f>json|xml)/$`, "v"), "go"},          // alternation
		{RePath(`^(?:[a-z]+/){1,3}$`, "v"), "go"},          // repeated group
		{RePath(`(?i)^abc/$`, "v"), "regexp2"},             // case folding
		{RePath(`^(?P<a>\w+)/(?P=a)/$`, "v"), "regexp2"},   // back-reference
		{RePath(`^x/(?!y)(?P<z>[^/]+)/$`, "v"), "regexp2"}, // look-around
		{RePath(`^(?:a|)+/$`, "v"), "regexp2"},             // a repeated group that can match empty
		{ReInclude(`^(?:x|y)$`, nil), "regexp2"},           // $ where the end of the match counts
		{ReInclude(`^x$`, nil), "bytes"},                   // which the byte matcher keeps
		{RePath(`^(?:x|y$)`, "v"), "regexp2"},              // the same in a searched endpoint
		{RePath(`^(?:x|y)$`, "v"), "go"},                   // fullmatch: $ is the end
		{RePath(`(?s)^(?:.|\n)+$`, "v"), "go"},
	}
	for _, tt := range tests {
		t.Run(tt.entry.pattern, func(t *testing.T) {
			p, err := compilePattern(&tt.entry, builtinConverters, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := engineOf(p); got != tt.engine {
				t.Errorf("on %s, want %s", got, tt.engine)
			}
			var why *pyre.NotLinearError
			if onRegexp2 := tt.engine == "regexp2"; errors.As(p.backtracks, &why) != onRegexp2 {
				t.Errorf("on %s with reason %v", engineOf(p), p.backtracks)
			}
		})
	}
}

// referenceMatch matches p with regexp2 and reports the byte spans, as
// matchLinear does.
func referenceMatch(t testing.TB, p *pattern, s string) string {
	runes := []rune(s)
	m, err := p.regexp().FindRunesMatch(runes)
	if err != nil {
		t.Fatalf("%s on %q: %v", p.source, s, err)
	}
	if m == nil {
		return "no match"
	}
	at := func(i int) int { return len(string(runes[:i])) }
	var b strings.Builder
	fmt.Fprintf(&b, "end %d", at(m.Index+m.Length))
	for i := range p.groups {
		if g := m.GroupByNumber(i + 1); g != nil && len(g.Captures) > 0 {
			fmt.Fprintf(&b, " g%d=%d:%d", i+1, at(g.Index), at(g.Index+g.Length))
		} else {
			fmt.Fprintf(&b, " g%d=unset", i+1)
		}
	}
	return b.String()
}

func linearMatch(p *pattern, s string) string {
	caps := make([]int, 2*len(p.groups))
	end, ok := p.matchLinear(s, caps)
	if !ok {
		return "no match"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "end %d", end)
	for i := range p.groups {
		if caps[2*i] >= 0 {
			fmt.Fprintf(&b, " g%d=%d:%d", i+1, caps[2*i], caps[2*i+1])
		} else {
			fmt.Fprintf(&b, " g%d=unset", i+1)
		}
	}
	return b.String()
}

// Every pattern of Django's recorded confs runs on a linear engine unless
// it needs backtracking, and there gives regexp2's answer on the paths of
// the recorded cases and the rests an include leaves of them.
func TestEnginesAgreeDjango(t *testing.T) {
	o := loadOracle(t, "resolve_cases.json")
	var paths []string
	seen := map[string]bool{}
	for _, raw := range o.Cases {
		var c resolveCase
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		for _, p := range pathVariants(strings.TrimPrefix(c.FullPath, "/")) {
			for rest := p; ; {
				if !seen[rest] && utf8.ValidString(rest) {
					seen[rest] = true
					paths = append(paths, rest)
				}
				i := strings.IndexByte(rest, '/')
				if i < 0 {
					break
				}
				rest = rest[i+1:]
			}
		}
	}
	cb := confBuilder{o}
	engines := map[string]int{}
	done := map[*pattern]bool{}
	for key := range o.Confs {
		conf, err := cb.tryBuild(key)
		if err != nil {
			continue
		}
		forEachNode(conf.root, func(n *node) {
			p := n.pat
			if done[p] {
				return
			}
			done[p] = true
			engines[engineOf(p)]++
			if !p.linear() {
				var why *pyre.NotLinearError
				if !errors.As(p.backtracks, &why) {
					t.Errorf("%s: on regexp2 without a reason", p.source)
				}
				return
			}
			for _, s := range paths {
				if got, want := linearMatch(p, s), referenceMatch(t, p, s); got != want {
					t.Errorf("%s (%s, full %v) on %q:\n got %s\nwant %s", p.source, engineOf(p), p.fullMatch, s, got, want)
				}
			}
		})
	}
	t.Logf("engines of the %d patterns: %v", len(done), engines)
	if engines["regexp2"]*10 > len(done) {
		t.Errorf("%d of %d patterns left on regexp2", engines["regexp2"], len(done))
	}
}

// forEachNode calls f on every node of l and of the levels below, once
// per level.
func forEachNode(l *level, f func(*node)) {
	seen := map[*level]bool{}
	var visit func(l *level)
	visit = func(l *level) {
		if seen[l] {
			return
		}
		seen[l] = true
		for _, n := range l.nodes {
			f(n)
			if n.sub != nil {
				visit(n.sub)
			}
		}
	}
	visit(l)
}

// A miss on Go's regexp allocates nothing; a hit allocates the group
// spans Go's regexp returns, once.
func TestGoMatcherAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool, which Go's regexp uses, drop items at random")
	}
	e := RePath(`^(?P<f>json|xml)/(?P<id>\d+)/$`, "v")
	p, err := compilePattern(&e, builtinConverters, false)
	if err != nil || p.gore == nil {
		t.Fatalf("not on Go's regexp: %v", err)
	}
	caps := make([]int, 2*len(p.groups))
	for _, tt := range []struct {
		path   string
		allocs float64
	}{
		{"xml/12", 0}, // the prefix alone decides
		{"csv/12/", 0},
		{"json/x/", 0},
		{"json/12/", 1},
	} {
		t.Run(tt.path, func(t *testing.T) {
			if got := testing.AllocsPerRun(100, func() { p.matchLinear(tt.path, caps) }); got != tt.allocs {
				t.Errorf("%v allocations, want %v", got, tt.allocs)
			}
		})
	}
}

// BenchmarkEngines matches one pattern on each engine, on a hit and a
// miss: the byte matcher, Go's regexp and regexp2 (on the path's runes,
// made per match here as the walk makes them per request).
func BenchmarkEngines(b *testing.B) {
	e := RePath(`^articles/(?P<year>[0-9]{4})/(?P<slug>[-\w]+)/$`, "v")
	p, err := compilePattern(&e, builtinConverters, false)
	if err != nil || p.fast == nil {
		b.Fatalf("not on the byte matcher: %v", err)
	}
	rx, err := p.syntax.Go(false, pyre.Fullmatch)
	if err != nil {
		b.Fatal(err)
	}
	gm := newGoMatcher(rx, p.syntax, true)
	re2 := p.regexp()
	caps := make([]int, 2*len(p.groups))
	for _, path := range []struct{ name, s string }{
		{"hit", "articles/2003/building-a-django-site/"},
		{"miss", "articles/2003/building-a-django-site"},
		{"miss-prefix", "blog/2003/building-a-django-site/"},
	} {
		b.Run("bytes/"+path.name, func(b *testing.B) {
			for b.Loop() {
				p.fast.match(path.s, caps)
			}
		})
		b.Run("go/"+path.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				gm.match(path.s, caps)
			}
		})
		b.Run("regexp2/"+path.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := re2.FindRunesMatch([]rune(path.s)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// engineConf has patterns on each engine, at the root and below
// includes (where the walk shifts group spans by the prefix's length),
// with optional groups that may not take part.
func engineConf(t testing.TB) *Conf {
	conf, err := New(Entries(
		RePath(`^(?P<f>json|xml)/(?:(?P<v>v\d+)/)?$`, "go.root"),
		RePath(`^a/(?P<x>[^/]+)/$`, "bytes.root"),
		RePath(`^b/(?P<w>\w+)/(?P=w)/$`, "regexp2.root"),
		ReInclude(`^inc/(?P<i>x|y)?`, Entries(
			RePath(`^/(?P<b>b)?$`, "go.inc"),
			RePath(`^/(?P<s>[a-z]+)(?:\.(?P<ext>json|xml))?$`, "go.ext"),
			RePath(`^/(?!z)(?P<n>\d+)/$`, "regexp2.inc"),
			Path("p/<int:n>/", "bytes.inc"),
		)),
		Include("deep/", Entries(ReInclude(`^(?P<d>[a-c])?/`, Entries(
			RePath(`^(?P<e>e)?(?P<g>(?:gh)+)?/?$`, "go.deep"),
		)))),
		RePath(`^(?P<lead>.+)/(?P<tail>.+)/$`, "go.two-runs"),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

var enginePaths = []string{"/json/", "/xml/v2/", "/json/v/", "/a/x/", "/b/ab/ab/", "/b/ab/ac/", "/inc/", "/inc/b", "/incx/",
	"/incy/b", "/inc/item.json", "/incx/item.xml", "/inc/item.csv", "/inc/12/", "/incx/z1/", "/inc/p/3/", "/deep//",
	"/deep/a/e", "/deep/b/ghgh/", "/deep/c/egh", "/deep/d/", "/q/r/", "/q/r/s/"}

// Resolve gives the reference walk's answer on every engine, at every
// depth: groups that did not take part stay unset below an include.
func TestEnginesResolve(t *testing.T) {
	conf := engineConf(t)
	for _, p := range enginePaths {
		for _, v := range pathVariants(p) {
			checkAgainstReference(t, conf, v)
		}
	}
}

// FuzzEnginesResolve: any path resolves on the three engines as the
// ordered regexp2 walk resolves it.
func FuzzEnginesResolve(f *testing.F) {
	for _, p := range enginePaths {
		f.Add(p)
	}
	conf := engineConf(f)
	f.Fuzz(func(t *testing.T, path string) {
		if len(path) > 48 {
			return // the reference walk backtracks; short paths keep it quick
		}
		checkAgainstReference(t, conf, path)
	})
}
