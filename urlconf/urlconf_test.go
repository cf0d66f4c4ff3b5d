package urlconf

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustBuild(t *testing.T, entries ...Entry) *Conf {
	t.Helper()
	c, err := New(Entries(entries...))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResolveSemantics(t *testing.T) {
	inner := Entries(
		RePath(`^(?P<a>\d+)/$`, "inner.kw"),
		RePath(`^pos/(\d+)/$`, "inner.pos"),
		Path("x/<int:n>/", "inner.override", Kwargs(map[string]any{"n": 7})),
	)
	conf := mustBuild(t,
		RePath(`^$`, "index"),
		RePath(`^hello/(?P<username>\w+)/$`, "hello", Name("hello")),
		RePath(`^num/(?P<n>\d+)/$`, "num"),
		RePath(`^opt/(?P<a>\d+)/(?:(?P<b>\d+)/)?$`, "opt"),
		RePath(`^mixed/(\d+)/(?P<k>\d+)/$`, "mixed"),
		RePath(`^pair/(\d+)/(\d+)/$`, "pair"),
		RePath(`^backref/(?P<w>\w+)-(?P=w)/$`, "backref"),
		Path("int/<int:v>/", "int"),
		Path("uuid/<uuid:u>/", "uuid"),
		Path("path/<path:rest>", "path"),
		RePath(`^end\Z`, "endz"),
		ReInclude(`^inc(?P<outer>\d+)/`, inner, Kwargs(map[string]any{"d": "x"})),
		ReInclude(`^p(\d+)/`, inner),
		// Without "^" a pattern is searched for; an endpoint ending in "$" is
		// matched whole (Django's fullmatch), so only "\Z" shows the search.
		RePath(`anywhere/\Z`, "search"),
	)
	cases := []struct {
		path   string
		view   string
		args   []string
		kwargs string
	}{
		{"/", "index", nil, "map[]"},
		{"/hello/José/", "hello", nil, "map[username:José]"},
		{"/num/٣٤/", "num", nil, "map[n:٣٤]"},
		{"/opt/1/", "opt", nil, "map[a:1]"},
		{"/opt/1/2/", "opt", nil, "map[a:1 b:2]"},
		{"/mixed/1/2/", "mixed", nil, "map[k:2]"},
		{"/pair/1/2/", "pair", []string{"1", "2"}, "map[]"},
		{"/backref/ab-ab/", "backref", nil, "map[w:ab]"},
		{"/int/007/", "int", nil, "map[v:7]"},
		{"/uuid/12345678-1234-5678-1234-567812345678/", "uuid", nil, "map[u:12345678-1234-5678-1234-567812345678]"},
		{"/path/a/b/c", "path", nil, "map[rest:a/b/c]"},
		{"/end", "endz", nil, "map[]"},
		{"/inc5/6/", "inner.kw", nil, "map[a:6 d:x outer:5]"},
		// Outer positional args are dropped when there are kwargs; inner ones stay.
		{"/inc5/pos/6/", "inner.pos", []string{"6"}, "map[d:x outer:5]"},
		{"/p5/pos/6/", "inner.pos", []string{"5", "6"}, "map[]"},
		{"/inc5/x/3/", "inner.override", nil, "map[d:x n:7 outer:5]"},
		{"/some/prefix/anywhere/", "search", nil, "map[]"},
	}
	for _, c := range cases {
		m, err := conf.Resolve(c.path)
		if err != nil {
			t.Errorf("Resolve(%q): %v", c.path, err)
			continue
		}
		if m.View != c.view || !reflect.DeepEqual(m.Args, c.args) || fmt.Sprint(m.Kwargs) != c.kwargs {
			t.Errorf("Resolve(%q) = %s %q %v; want %s %q %s", c.path, m.View, m.Args, m.Kwargs, c.view, c.args, c.kwargs)
		}
	}
}

func TestResolveNoMatch(t *testing.T) {
	conf := mustBuild(t,
		RePath(`^hello/(?P<username>\w+)/$`, "hello"),
		Path("int/<int:v>/", "int"),
		Path("uuid/<uuid:u>/", "uuid"),
		RePath(`^end\Z`, "endz"),
		RePath(`^dollar$`, "dollar"),
		RePath(`elsewhere/$`, "fullmatch"), // "$" at the end: matched whole
		Include("app/", Entries(Path("a/", "a", Name("a")))),
	)
	for _, path := range []string{
		"",              // the path must begin with "/"
		"hello/bob/",    // idem
		"/hello/bob/\n", // an endpoint ending in $ never matches a trailing newline
		"/dollar\n",     // idem
		"/end\n",        // \Z is the absolute end
		"/int/-1/",      // negative numbers do not match int
		"/uuid/12345678-1234-5678-1234-56781234567A/", // upper case does not match uuid
		"/hello/a b/", // \w does not match a space
		"/app/b/",
		"/x/elsewhere/",
	} {
		_, err := conf.Resolve(path)
		var nf *NotFound
		if !errors.As(err, &nf) {
			t.Errorf("Resolve(%q) = %v, want NotFound", path, err)
		}
	}
	_, err := conf.Resolve("/app/b/")
	nf := err.(*NotFound)
	// As in Django, the unmatched path is the root's remainder: the
	// include gave up, and the root reports its own path.
	if nf.Path != "app/b/" {
		t.Errorf("unmatched path = %q, want %q", nf.Path, "app/b/")
	}
	last := nf.Tried[len(nf.Tried)-1]
	if len(last) != 2 || last[0].Pattern != "app/" || last[1].Name != "a" || last[0].Kind != "include" {
		t.Errorf("last tried row = %+v, want the include and its entry", last)
	}
}

func TestASCIIBuilder(t *testing.T) {
	b := Builder{ASCII: true}
	conf, err := b.Build(Entries(RePath(`^hello/(?P<username>\w+)/$`, "hello")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conf.Resolve("/hello/José/"); err == nil {
		t.Error("ASCII conf matched a non-ASCII \\w")
	}
	if _, err := conf.Resolve("/hello/Jose/"); err != nil {
		t.Errorf("ASCII conf: %v", err)
	}
}

// A conf may include itself, through another conf; Django evaluates
// includes lazily and hoop must too.
func TestRecursiveInclude(t *testing.T) {
	conf, err := New(recursiveA)
	if err != nil {
		t.Fatal(err)
	}
	m, err := conf.Resolve("/b/a/b/a/leaf/")
	if err != nil {
		t.Fatal(err)
	}
	if m.View != "leaf" || m.Namespace != "nsb:nsa:nsb:nsa" {
		t.Errorf("got view %q namespace %q", m.View, m.Namespace)
	}
	if n := len(conf.Endpoints()); n != 2 {
		t.Errorf("Endpoints() lists %d, want 2 (each once)", n)
	}
}

func recursiveA() []Entry {
	return []Entry{
		Path("leaf/", "leaf"),
		Include("b/", recursiveB, AppName("nsb")),
	}
}

func recursiveB() []Entry {
	return []Entry{
		Path("bleaf/", "bleaf"),
		Include("a/", recursiveA, AppName("nsa")),
	}
}

type errConverter struct{}

var errBroken = errors.New("broken converter")

func (errConverter) Regex() string               { return "[a-z]+" }
func (errConverter) ToGo(s string) (any, error)  { return nil, errBroken }
func (errConverter) ToURL(v any) (string, error) { return "", errBroken }

type evenConverter struct{}

func (evenConverter) Regex() string { return "[0-9]+" }
func (evenConverter) ToGo(s string) (any, error) {
	if (s[len(s)-1]-'0')%2 != 0 {
		return nil, ErrNoMatch
	}
	return s, nil
}
func (evenConverter) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }

func TestConverterErrors(t *testing.T) {
	var b Builder
	if err := b.RegisterConverter("even", evenConverter{}); err != nil {
		t.Fatal(err)
	}
	if err := b.RegisterConverter("broken", errConverter{}); err != nil {
		t.Fatal(err)
	}
	conf, err := b.Build(Entries(
		Path("n/<even:n>/", "even"),
		Path("n/<int:n>/", "odd"),
		Path("b/<broken:x>/", "broken"),
		Path("b/<str:x>/", "never"),
	))
	if err != nil {
		t.Fatal(err)
	}
	// ErrNoMatch means "try the next pattern".
	for path, view := range map[string]string{"/n/4/": "even", "/n/5/": "odd"} {
		if m, err := conf.Resolve(path); err != nil || m.View != view {
			t.Errorf("Resolve(%q) = %v, %v; want %s", path, m, err, view)
		}
	}
	// Any other error stops resolution.
	if _, err := conf.Resolve("/b/x/"); !errors.Is(err, errBroken) {
		t.Errorf("Resolve with a failing converter = %v, want errBroken", err)
	}
}

func TestRegisterConverterErrors(t *testing.T) {
	var b Builder
	for _, c := range []struct {
		name string
		conv Converter
		want string
	}{
		{"int", evenConverter{}, "built in"},
		{"1x", evenConverter{}, "not a valid identifier"},
		{"grp", groupConverter{}, "capturing groups"},
		{"bad", badRegexConverter{}, "invalid"},
	} {
		err := b.RegisterConverter(c.name, c.conv)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("RegisterConverter(%q) = %v, want an error containing %q", c.name, err, c.want)
		}
	}
	if err := b.RegisterConverter("even", evenConverter{}); err != nil {
		t.Fatal(err)
	}
	if err := b.RegisterConverter("even", evenConverter{}); err == nil || !strings.Contains(err.Error(), "already registered") {
		t.Errorf("second RegisterConverter = %v, want already registered", err)
	}
}

type groupConverter struct{ evenConverter }

func (groupConverter) Regex() string { return "([0-9])+" }

type badRegexConverter struct{ evenConverter }

func (badRegexConverter) Regex() string { return "[0-9" }

func TestBuildErrors(t *testing.T) {
	_, err := New(Entries(
		RePath(`^(regex_error/$`, "a"),
		Path("foo/<nonexistent:var>/", "b"),
		Path("hello/<int:1>/", "c"),
		Path("space/<str: x>/", "d"),
		Include("ns/", Entries(Path("", "e")), Namespace("ns")),
		Include("empty/", Entries(Path("", "e")), AppName("")),
		RePath(`^x/$`, ""),
		RePath(`^(?<name>x)/$`, "f"),
		Path("x/", "g", Namespace("n"), AppName("n")),
	))
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("New = %v, want a *BuildError", err)
	}
	wants := []string{
		`RePath("^(regex_error/$"): "^(regex_error/$" is not a valid regular expression: missing ), unterminated subpattern at position 1`,
		`Path("foo/<nonexistent:var>/"): URL route "foo/<nonexistent:var>/" uses invalid converter "nonexistent"`,
		`Path("hello/<int:1>/"): URL route "hello/<int:1>/" uses parameter name "1" which isn't a valid identifier`,
		`cannot contain whitespace in angle brackets`,
		`Namespace "ns" needs an AppName too`,
		`AppName is empty`,
		`has no view name`,
		`RePath("^(?<name>x)/$")`,
		`Namespace and AppName apply to includes`,
	}
	if len(be.Problems) != len(wants) {
		t.Errorf("got %d problems, want %d:\n%s", len(be.Problems), len(wants), err)
	}
	for i, want := range wants {
		if i >= len(be.Problems) {
			break
		}
		if !strings.Contains(be.Problems[i], want) {
			t.Errorf("problem %d = %q, want it to contain %q", i, be.Problems[i], want)
		}
		if !strings.HasPrefix(be.Problems[i], "urlconf/urlconf_test.go:") {
			t.Errorf("problem %d = %q, want it to start with the entry's location", i, be.Problems[i])
		}
	}
}

func TestPathValue(t *testing.T) {
	conf := mustBuild(t,
		Path("int/<int:v>/", "int"),
		Path("d/<int:v>/", "default", Kwargs(map[string]any{"v": 9})),
	)
	m, _ := conf.Resolve("/int/007/")
	if got := m.PathValue("v"); got != "007" {
		t.Errorf("PathValue of a captured int = %q, want the path text %q", got, "007")
	}
	m, _ = conf.Resolve("/d/1/")
	if got := m.PathValue("v"); got != "9" {
		t.Errorf("PathValue of an overriding default = %q, want %q", got, "9")
	}
}

// Bytes that are not UTF-8 reach the patterns percent-encoded, as in
// Django, never as U+FFFD.
func TestResolveBrokenUTF8(t *testing.T) {
	conf := mustBuild(t, RePath(`^(?P<lead>.+)/security/$`, "sec"))
	m, err := conf.Resolve("/\x83/security/")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Kwargs["lead"]; got != "%83" {
		t.Errorf("lead = %q, want %q", got, "%83")
	}
}

// A conf that includes itself under an empty prefix must not recurse
// forever on a path that matches nothing.
func TestSelfIncludeEmptyPrefix(t *testing.T) {
	conf, err := New(selfEmpty)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conf.Resolve("/nothing/here/"); err == nil {
		t.Error("matched a path that nothing matches")
	}
	if m, err := conf.Resolve("/leaf/"); err != nil || m.View != "leaf" {
		t.Errorf("Resolve(/leaf/) = %v, %v", m, err)
	}
}

func selfEmpty() []Entry {
	return []Entry{
		Path("leaf/", "leaf"),
		Include("", selfEmpty),
	}
}

// An optional positional group that did not take part in the match is
// told apart from one that matched the empty string, as Python's None is
// from ”, through includes too.
func TestArgMatched(t *testing.T) {
	conf, err := New(Entries(
		RePath(`^opt/(\d+)?(x*)/$`, "opt"),
		ReInclude(`^inc/(a)?`, Entries(RePath(`^/(b)?$`, "inc"))),
	))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path    string
		args    []string
		matched []bool
	}{
		{"/opt//", []string{"", ""}, []bool{false, true}},
		{"/opt/7x/", []string{"7", "x"}, []bool{true, true}},
		{"/inc//", []string{"", ""}, []bool{false, false}},
		{"/inc/a/b", []string{"a", "b"}, []bool{true, true}},
	} {
		m, err := conf.Resolve(c.path)
		if err != nil {
			t.Fatalf("Resolve(%q): %v", c.path, err)
		}
		var got []bool
		for i := range m.Args {
			got = append(got, m.ArgMatched(i))
		}
		if !reflect.DeepEqual(m.Args, c.args) || !reflect.DeepEqual(got, c.matched) {
			t.Errorf("Resolve(%q): Args %q matched %v, want %q %v", c.path, m.Args, got, c.args, c.matched)
		}
	}
}
