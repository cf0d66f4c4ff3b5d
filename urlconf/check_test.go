package urlconf

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// whereRef is a placeholder in a wanted finding: {0} is where entries[0]
// was declared, {3.1} where entry 1 of the conf entries[3] includes.
var whereRef = regexp.MustCompile(`\{([0-9.]+)\}`)

func entryAt(t *testing.T, entries []Entry, path string) Entry {
	t.Helper()
	var e Entry
	for i, part := range strings.Split(path, ".") {
		if i > 0 {
			entries = e.patterns()
		}
		k, err := strconv.Atoi(part)
		if err != nil || k >= len(entries) {
			t.Fatalf("bad entry reference %q", path)
		}
		e = entries[k]
	}
	return e
}

func expandWhere(t *testing.T, entries []Entry, s string) string {
	return whereRef.ReplaceAllStringFunc(s, func(ref string) string {
		return entryAt(t, entries, ref[1:len(ref)-1]).where
	})
}

// an app conf for the include cases.
func checkApp() []Entry {
	return []Entry{
		Path("", "app.index", Name("index")),
		Path("<int:pk>/", "app.detail", Name("detail")),
	}
}

type slowConverter struct{}

func (slowConverter) Regex() string               { return "(?:a+)+(?=-)" }
func (slowConverter) ToGo(s string) (any, error)  { return s, nil }
func (slowConverter) ToURL(v any) (string, error) { return textOf(v), nil }

func TestCheck(t *testing.T) {
	tests := []struct {
		name        string
		entries     []Entry
		appendSlash bool
		want        []string // Finding.String(), with {i.j} for where entries were declared
	}{
		// urls.W001
		{
			name:    "W001 include ending in $",
			entries: []Entry{ReInclude(`^include-with-dollar$`, Entries(RePath(`^$`, "v")))},
			want: []string{
				`{0}: urls.W001: Your URL pattern '^include-with-dollar$' uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.`,
			},
		},
		{
			name:    "W001 escaped dollar is fine",
			entries: []Entry{ReInclude(`^\$`, Entries(RePath(`^$`, "v")))},
		},
		{
			name: "W001 hidden by a warning below, as in Django",
			entries: []Entry{ReInclude(`^include-with-dollar$`, Entries(
				RePath(`^$`, "v", Name("name_with:colon")),
			))},
			want: []string{
				`{0.0}: urls.W003: Your URL pattern '^$' [name='name_with:colon'] has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`,
			},
		},
		{
			name: "W001 hidden by a warning two levels below",
			entries: []Entry{ReInclude(`^outer$`, Entries(
				ReInclude(`^inner$`, Entries(RePath(`^$`, "v", Name("a:b")))),
			))},
			want: []string{
				`{0.0.0}: urls.W003: Your URL pattern '^$' [name='a:b'] has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`,
			},
		},
		{
			name: "W001 not hidden by a sibling's warning or by hoop's own checks",
			entries: []Entry{
				RePath(`^x$`, "x", Name("x:y")),
				ReInclude(`^inc$`, Entries(RePath(`^(a+)+(?=!)$`, "v"))),
			},
			want: []string{
				`{0}: urls.W003: Your URL pattern '^x$' [name='x:y'] has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`,
				`{1.0}: hoop.W103: pattern '^(a+)+(?=!)$' runs on the backtracking regex engine: lookahead at position 6; it risks catastrophic backtracking: nested quantifier at position 1`,
				`{1}: urls.W001: Your URL pattern '^inc$' uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.`,
			},
		},
		// urls.W002
		{
			name:        "W002 leading slash with APPEND_SLASH",
			appendSlash: true,
			entries: []Entry{
				Path("/path-starting-with-slash/", "a"),
				RePath(`/url-starting-with-slash/$`, "b"),
				RePath(`^\/escaped/$`, "c", Name("c")),
				Include("/include-with-slash/", checkApp),
				RePath(`^/ends-with-slash/`, "d"),
			},
			want: []string{
				`{0}: urls.W002: Your URL pattern '/path-starting-with-slash/' has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.`,
				`{1}: urls.W002: Your URL pattern '/url-starting-with-slash/$' has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.`,
				`{2}: urls.W002: Your URL pattern '^\/escaped/$' [name='c'] has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.`,
			},
		},
		{
			name: "W002 only with APPEND_SLASH",
			entries: []Entry{
				Path("/path-starting-with-slash/", "a"),
				RePath(`/url-starting-with-slash/$`, "b"),
			},
		},
		// urls.W003
		{
			name:    "W003 colon in name",
			entries: []Entry{Path("x/", "v", Name("name_with:colon"))},
			want: []string{
				`{0}: urls.W003: Your URL pattern 'x/' [name='name_with:colon'] has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`,
			},
		},
		// urls.W005, Django's non_unique_namespaces.py
		{
			name: "W005 namespace not unique",
			entries: func() []Entry {
				common := Entries(Include("app-ns1/", Entries()), Include("app-url/", Entries()))
				return []Entry{
					Include("app-ns1-0/", common, AppName("app-ns1")),
					Include("app-ns1-1/", common, AppName("app-ns1")),
					Include("app-some-url/", Entries(), AppName("app"), Namespace("app-1")),
					Include("app-some-url-2/", Entries(), AppName("app"), Namespace("app-1")),
				}
			}(),
			want: []string{
				`{1}: urls.W005: URL namespace 'app-ns1' isn't unique. You may not be able to reverse all URLs in this namespace`,
				`{3}: urls.W005: URL namespace 'app-1' isn't unique. You may not be able to reverse all URLs in this namespace`,
			},
		},
		{
			name: "W005 the same namespace under different parents is unique",
			entries: []Entry{
				Include("p1/", Entries(Include("app/", checkApp, AppName("app"))), AppName("p1")),
				Include("p2/", Entries(Include("app/", checkApp, AppName("app"))), AppName("p2")),
			},
		},
		{
			name: "W005 nested duplicate",
			entries: []Entry{
				Include("p/", Entries(
					Include("a/", checkApp, AppName("app")),
					Include("b/", checkApp, AppName("app")),
				), AppName("p")),
			},
			want: []string{
				`{0.1}: urls.W005: URL namespace 'p:app' isn't unique. You may not be able to reverse all URLs in this namespace`,
			},
		},
		// 2_0.W001
		{
			name: "2_0.W001 route that looks like a regex",
			entries: []Entry{
				Path("^beginning-with-caret", "a"),
				Path(`(?P<named_group>\d+)`, "b"),
				Path("ending-with-dollar$", "c", Name("c")),
				Include("inc$", checkApp),
			},
			want: []string{
				`{0}: 2_0.W001: Your URL pattern '^beginning-with-caret' has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to django.urls.path().`,
				`{1}: 2_0.W001: Your URL pattern '(?P<named_group>\d+)' has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to django.urls.path().`,
				`{2}: 2_0.W001: Your URL pattern 'ending-with-dollar$' [name='c'] has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to django.urls.path().`,
				`{3}: 2_0.W001: Your URL pattern 'inc$' has a route that contains '(?P<', begins with a '^', or ends with a '$'. This was likely an oversight when migrating to django.urls.path().`,
			},
		},
		// hoop.W101
		{
			name: "W101 literal after a catch-all slug",
			entries: []Entry{
				RePath(`^(?P<slug>[-\w]+)/$`, "pages.page"),
				RePath(`^about/$`, "pages.about", Name("about")),
			},
			want: []string{
				`{1}: hoop.W101: pattern '^about/$' [name='about'] is shadowed by '^(?P<slug>[-\w]+)/$' ({0}): /about/ resolves to the earlier pattern`,
			},
		},
		{
			name: "W101 int after str",
			entries: []Entry{
				Path("<str:name>/", "by_name"),
				Path("<int:pk>/", "by_pk"),
			},
			want: []string{
				`{1}: hoop.W101: pattern '<int:pk>/' is shadowed by '<str:name>/' ({0}): /1/ resolves to the earlier pattern`,
			},
		},
		{
			name: "W101 through includes",
			entries: []Entry{
				Include("blog/", Entries(Path("<slug:slug>/", "blog.detail"))),
				Path("blog/archive/", "blog.archive", Name("archive")),
				Include("shop/", Entries(
					RePath(`^(?P<path>.*)$`, "shop.any"),
					Path("cart/", "shop.cart"),
				)),
			},
			want: []string{
				`{1}: hoop.W101: pattern 'blog/archive/' [name='archive'] is shadowed by 'blog/<slug:slug>/' ({0.0}): /blog/archive/ resolves to the earlier pattern`,
				`{2.1}: hoop.W101: pattern 'shop/cart/' is shadowed by 'shop/(?P<path>.*)$' ({2.0}): /shop/cart/ resolves to the earlier pattern`,
			},
		},
		{
			name: "W101 a mount takes every path under its prefix",
			entries: []Entry{
				Mount("files/", "files", Name("files")),
				Path("files/readme/", "readme"),
				Include("files/", Entries(RePath(`^(?P<n>[0-9]+)/$`, "numbered"))),
				Path("filesystem/", "fs"),
				Mount("api/<slug:version>/", "api"),
				Path("api/v1/health/", "health"),
				Path("api/health/", "top-health"), // version=health: the mount takes it too
				Path("api/", "api-root"),
			},
			want: []string{
				`{1}: hoop.W101: pattern 'files/readme/' is shadowed by the mount 'files/' ({0}), which takes every path under its prefix: /files/readme/ goes to the mount`,
				`{2.0}: hoop.W101: pattern 'files/(?P<n>[0-9]+)/$' is shadowed by the mount 'files/' ({0}), which takes every path under its prefix: /files/0/ goes to the mount`,
				`{5}: hoop.W101: pattern 'api/v1/health/' is shadowed by the mount 'api/<slug:version>/' ({4}), which takes every path under its prefix: /api/v1/health/ goes to the mount`,
				`{6}: hoop.W101: pattern 'api/health/' is shadowed by the mount 'api/<slug:version>/' ({4}), which takes every path under its prefix: /api/health/ goes to the mount`,
			},
		},
		{
			name:    "W101 a mount shadowed by an earlier catch-all",
			entries: []Entry{RePath(`^files/`, "prefix"), Mount("files/", "files")},
			want: []string{
				`{1}: hoop.W101: pattern 'files/' is shadowed by '^files/' ({0}): /files/ resolves to the earlier pattern`,
			},
		},
		{
			name: "W101 partial overlap is not shadowing",
			entries: []Entry{
				RePath(`^p1/(?P<x>[a-z]+)/$`, "lower"),
				RePath(`^p1/(?P<y>\w+)/$`, "word"),
				Path("p2/<int:pk>/", "by_pk"),
				Path("p2/<str:name>/", "by_name"),
				RePath(`^p3/(?P<d>[0-9])/(?P<e>[0-9]+)/$`, "one"),
				RePath(`^p3/(?P<d>[0-9]+)/(?P<e>[0-9]+)/$`, "many"),
				RePath(`^p4/(?:(?P<lang>[a-z]{2})/)?docs/$`, "docs"),
				RePath(`^p4/docs/(?P<page>\w+)?$`, "page"),
				Path("p5/<slug:s>/", "by_slug"),
				Path("p5/<str:s>/", "by_str"),
				RePath(`^p6/(?P<x>[^/]+)$`, "segment"),
				Path("p6/<path:p>", "path"),
			},
		},
		// hoop.W102
		{
			name: "W102 alternation outside a group",
			entries: []Entry{
				RePath(`^a/|^b/`, "ab", Name("ab")),
				RePath(`^c/|^d/`, "cd"), // unnamed: not reversed by name
				RePath(`^(?P<kind>e|f)/$`, "ef", Name("ef")),
				// Django's normalize gives up on a "|" inside (?:...) too.
				ReInclude(`^(?:x|y)/`, Entries(RePath(`^z/$`, "z", Name("z")))),
				ReInclude(`^g/|^h/`, Entries(RePath(`^i/$`, "i", Name("i")))),
			},
			want: []string{
				`{0}: hoop.W102: pattern '^a/|^b/' [name='ab'] cannot be reversed: alternation outside a group`,
				`{3.0}: hoop.W102: pattern '^(?:x|y)/z/$' [name='z'] cannot be reversed: alternation outside a group`,
				`{4.0}: hoop.W102: pattern '^g/|^h/i/$' [name='i'] cannot be reversed: alternation outside a group`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.entries
			conf, err := New(func() []Entry { return entries })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range conf.Check(CheckOptions{AppendSlash: tt.appendSlash}) {
				if f.Level != Warning {
					t.Errorf("%s: level %v, want warning", f, f.Level)
				}
				got = append(got, f.String())
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, expandWhere(t, entries, w))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// backtrackRisk names the first construct at risk of catastrophic
// backtracking, where the backtracking engine is the one that runs a
// pattern.
func TestBacktrackRisk(t *testing.T) {
	tests := []struct {
		pattern string
		want    string // what and where, or "" for none
	}{
		{`^(a+)+$`, "nested quantifier at position 1"},
		{`^x/(\w+/?)*$`, "nested quantifier at position 3"},
		{`^y/(?:a*)*$`, "nested quantifier at position 3"},
		{`^(a|a)*$`, "quantified alternation with overlapping branches at position 1"},
		{`^(\w|\d)+$`, "quantified alternation with overlapping branches at position 1"},
		{`^(?:[a-z]|\d|x)+/$`, "quantified alternation with overlapping branches at position 1"},
		{`^(?P<x>.+)(?P<y>.+)$`, "'.+' capture not followed by a literal at position 1"},
		{`^(?P<p>.*?)(?P<q>\d+)`, "'.*?' capture not followed by a literal at position 1"},
		{`^(?:x(?P<p>.*))+$`, "nested quantifier at position 1"},
		{`^(?P<a>.+)(?:(?P<b>\d+)/)?$`, "'.+' capture not followed by a literal at position 1"},
		{`^(?:(?P<a>.*)(?:x|\d))$`, "'.*' capture not followed by a literal at position 4"},
		{`^é/(a+)+$`, "nested quantifier at position 3"},  // characters, not bytes
		{`^((a+)+)+$`, "nested quantifier at position 1"}, // one finding per pattern

		{`^articles/(?P<year>[0-9]{4})/$`, ""},
		{`^(?P<slug>[-\w]+)/$`, ""},
		{`^(?P<path>.*)$`, ""},
		{`^(?P<name>.+)/$`, ""},
		{`^(?P<name>.+)(?:/edit)?$`, ""},
		{`^(?P<name>.+)(?:/edit)?/$`, ""},
		{`^(?P<a>.+)(?:-(?P<b>\d+))?$`, ""},
		{`^(?:(?P<name>.+)/)?x$`, ""},
		{`^dirs/(?:[\w-]+/)*$`, ""},
		{`^segs(?:/[a-z]+)+/$`, ""},
		{`^(?:\d{2})+/$`, ""},
		{`^(?:a|b)+/$`, ""},
		{`^(?P<a>.+)-(?P<b>.+)\.html$`, ""},
		{`^(?>a+)+/$`, ""},
		{`^(?:a++)+/$`, ""},
		{`^(?P<x>.+)`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			e := RePath(tt.pattern, "v")
			p, err := compilePattern(&e, builtinConverters, false)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if what, at := backtrackRisk(p.syntax, false); at != nil {
				got = p.describeAt(what, at.Pos)
			}
			if got != tt.want {
				t.Errorf("%q, want %q", got, tt.want)
			}
		})
	}
}

// hoop.W103 names exactly the patterns that run on the backtracking
// engine, with why, and the risk they run there. Each pattern is built
// alone, so that the patterns cannot shadow each other.
func TestCheckBacktracking(t *testing.T) {
	tests := []struct {
		pattern string
		ascii   bool
		want    string // what follows "runs on the backtracking regex engine: ", or "" for no finding
	}{
		{`^(?P<a>\w+)/(?P=a)/$`, false, "back-reference at position 12"},
		{`^(a+)+(?=!)b$`, false, "lookahead at position 6; it risks catastrophic backtracking: nested quantifier at position 1"},
		{`^lookahead-/(?!not-a-city)(?P<city>[^/]+)/$`, false, "negative lookahead at position 12"},
		{`^x/(?<=x/)y/$`, false, "lookbehind at position 3"},
		{`^x/(?<!y/)y/$`, false, "negative lookbehind at position 3"},
		{`^(x)?(?(1)y|z)/$`, false, "conditional group at position 5"},
		{`^y/(?:a*)*$`, false, "repeated group that can match the empty string at position 3; it risks catastrophic backtracking: nested quantifier at position 3"},
		{`^(?>a+)+/$`, false, "atomic group at position 1"},
		{`^(?:a++)+/$`, false, "possessive quantifier at position 4"},
		{`(?i)^abc/$`, false, "case-insensitive matching at position 0"},
		{`^\bx/$`, false, `\b with Unicode word characters at position 1`},
		{`^x\B/$`, true, `\B at position 2`},
		{`^é/(?P<w>\w+)(?=/)`, false, "lookahead at position 13"}, // characters, not bytes
		// The one class membership, with re.ASCII's meaning under
		// Builder.ASCII: é is not in ASCII \w, so the branches do not
		// overlap there.
		{`^(?:\w|é)+(?=/)`, false, "lookahead at position 10; it risks catastrophic backtracking: quantified alternation with overlapping branches at position 1"},
		{`^(?:\w|é)+(?=/)`, true, "lookahead at position 10"},
		{`(?a)^(?:\w|é)+(?=/)`, false, "lookahead at position 14"},

		{`^(a+)+$`, false, ""},
		{`^(a|a)*$`, false, ""},
		{`^(?P<x>.+)(?P<y>.+)$`, false, ""},
		{`^(?P<a>.+)/(?P<b>.+)/$`, false, ""},
		{`^articles/(?P<year>[0-9]{4})/$`, false, ""},
		{`^(?P<f>json|xml)/$`, false, ""},
		{`^\bx\b/$`, true, ""},
		{`(?a)^\bx\b/$`, false, ""},
		{`^(?:x|y/$)`, false, "'$' in a pattern that is searched, not fullmatched at position 8"},
		{`^(?:x|y/)$`, false, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/ascii=%v", tt.pattern, tt.ascii), func(t *testing.T) {
			entries := []Entry{RePath(tt.pattern, "v")}
			conf, err := (&Builder{ASCII: tt.ascii}).Build(Entries(entries...))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if tt.want != "" {
				want = []string{entries[0].where + ": hoop.W103: pattern '" + tt.pattern + "' runs on the backtracking regex engine: " + tt.want}
			}
			var got []string
			for _, f := range conf.Check(CheckOptions{}) {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
	// An include prefix is checked too.
	entries := []Entry{ReInclude(`^(?P<p>.*?)(?P<q>\d+)(?=/)`, checkApp)}
	got := buildConf(t, Entries(entries...)).Check(CheckOptions{})
	want := entries[0].where + ": hoop.W103: pattern '^(?P<p>.*?)(?P<q>\\d+)(?=/)' runs on the backtracking regex engine: lookahead at position 21; it risks catastrophic backtracking: '.*?' capture not followed by a literal at position 1"
	if len(got) != 1 || got[0].String() != want {
		t.Errorf("include: got %v, want %s", got, want)
	}
}

func TestCheckRouteConverterBacktracking(t *testing.T) {
	var b Builder
	if err := b.RegisterConverter("slow", slowConverter{}); err != nil {
		t.Fatal(err)
	}
	entries := []Entry{Path("x/<slow:word>/", "v"), Path("files/<path:p>", "files")}
	conf, err := b.Build(func() []Entry { return entries })
	if err != nil {
		t.Fatal(err)
	}
	got := conf.Check(CheckOptions{})
	want := entries[0].where + ": hoop.W103: pattern 'x/<slow:word>/' runs on the backtracking regex engine: lookahead in parameter 'word' (regex '(?:a+)+(?=-)'); it risks catastrophic backtracking: nested quantifier in parameter 'word' (regex '(?:a+)+(?=-)')"
	if len(got) != 1 || got[0].String() != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// cleanSite is the example site's conf, and its blog app's, with more
// of the patterns sites write.
func cleanSite() []Entry {
	return []Entry{
		RePath(`^$`, "pages.index", Name("index")),
		RePath(`^hello/(?P<username>\w+)/$`, "pages.hello", Name("hello")),
		Path("articles/<int:year>/", "pages.year_archive", Name("year-archive")),
		RePath(`^articles/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$`, "pages.month_archive", Name("month-archive")),
		Include("blog/", cleanBlog, AppName("blog")),
		Include("news/", cleanBlog, AppName("blog"), Namespace("news")),
		Path("api/echo/", "api.echo", Name("echo")),
		Path("api/items/<uuid:id>/", "api.item", Name("item")),
		Path("static/<path:file>", "static", Name("static")),
		RePath(`^(?:(?P<lang>[a-z]{2})/)?docs/(?P<page>[\w-]+)/$`, "docs", Name("docs")),
		RePath(`^(?P<slug>[-\w]+)/$`, "pages.page", Name("page")),
		RePath(`^(?P<path>.*)$`, "pages.not_found"),
	}
}

func cleanBlog() []Entry {
	return []Entry{
		Path("", "blog.index", Name("index")),
		Path("<int:year>/", "blog.year", Name("year")),
		Path("<int:year>/<slug:slug>/", "blog.detail", Name("detail")),
		Path("tags/<str:tag>/", "blog.tag", Name("tag")),
	}
}

func TestCheckClean(t *testing.T) {
	conf := buildConf(t, cleanSite)
	for _, appendSlash := range []bool{false, true} {
		if got := conf.Check(CheckOptions{AppendSlash: appendSlash}); len(got) != 0 {
			t.Errorf("AppendSlash %v: got %v, want no findings", appendSlash, got)
		}
	}
}

// A conf that includes itself under an empty prefix: Resolve would
// recurse on a path nothing matches, Check must not.
func selfUnderEmptyPrefix() []Entry {
	return []Entry{
		Path("x/", "x"),
		Include("", selfUnderEmptyPrefix, AppName("self")),
	}
}

func TestCheckRecursive(t *testing.T) {
	for name, patterns := range map[string]func() []Entry{
		"two functions": recursiveA,
		"empty prefix":  selfUnderEmptyPrefix,
	} {
		t.Run(name, func(t *testing.T) {
			conf := buildConf(t, patterns)
			if got := conf.Check(CheckOptions{AppendSlash: true}); len(got) != 0 {
				t.Errorf("got %v, want no findings", got)
			}
		})
	}
}

func recursiveDup() []Entry {
	return []Entry{
		Path("leaf/", "leaf", Name("a:b")),
		Include("r/", recursiveDup),
	}
}

// A finding below a conf that includes itself is reported once.
func TestCheckRecursiveOnce(t *testing.T) {
	conf := buildConf(t, recursiveDup)
	got := conf.Check(CheckOptions{})
	if len(got) != 1 || got[0].ID != "urls.W003" {
		t.Errorf("got %v, want one urls.W003", got)
	}
}

func TestCheckDeterministic(t *testing.T) {
	entries := []Entry{
		Include("a/", checkApp, AppName("x")),
		Include("b/", checkApp, AppName("x")),
		Include("c/", checkApp, AppName("y")),
		Include("d/", checkApp, AppName("y")),
		RePath(`^(?P<s>\w+)/$`, "s"),
		RePath(`^e/$`, "e", Name("e:f")),
	}
	conf := buildConf(t, func() []Entry { return entries })
	first := conf.Check(CheckOptions{})
	if len(first) != 4 {
		t.Fatalf("got %v, want 2 urls.W005, a hoop.W101 and a urls.W003", first)
	}
	for i := 0; i < 20; i++ {
		again := conf.Check(CheckOptions{})
		for j := range first {
			if again[j] != first[j] {
				t.Fatalf("run %d: finding %d is %v, was %v", i, j, again[j], first[j])
			}
		}
	}
	if first[0].Hint != "It is also declared at "+entries[0].where+"." {
		t.Errorf("W005 hint %q", first[0].Hint)
	}
}

func TestLevelString(t *testing.T) {
	if Warning.String() != "warning" || Error.String() != "error" || Level(7).String() != "Level(7)" {
		t.Errorf("got %s %s %s", Warning, Error, Level(7))
	}
	f := Finding{ID: "urls.W002", Message: "m", Where: "urls.go:14"}
	if f.String() != "urls.go:14: urls.W002: m" {
		t.Errorf("got %q", f.String())
	}
}

func buildConf(t *testing.T, patterns func() []Entry) *Conf {
	t.Helper()
	c, err := New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func colonApp() []Entry {
	return []Entry{Path("x/", "x", Name("x:y"))}
}

// An entry reached through two includes is checked twice, but the same
// finding at the same place is reported once.
func TestCheckDeduplicates(t *testing.T) {
	conf := buildConf(t, Entries(Include("a/", colonApp), Include("b/", colonApp)))
	got := conf.Check(CheckOptions{})
	if len(got) != 1 || got[0].ID != "urls.W003" {
		t.Errorf("got %v, want one urls.W003", got)
	}
}
