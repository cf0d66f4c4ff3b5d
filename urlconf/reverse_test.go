package urlconf

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// smallConverter is Django's test converter whose to_url refuses values
// above 5: reverse then tries the next candidate.
type smallConverter struct{}

func (smallConverter) Regex() string              { return "[0-9]+" }
func (smallConverter) ToGo(s string) (any, error) { return s, nil }
func (smallConverter) ToURL(v any) (string, error) {
	if n, ok := v.(int); ok && n > 5 {
		return "", ErrNoMatch
	}
	return fmt.Sprint(v), nil
}

func reverseConf(t *testing.T) *Conf {
	t.Helper()
	var b Builder
	if err := b.RegisterConverter("small", smallConverter{}); err != nil {
		t.Fatal(err)
	}
	shop := Entries(Path("cart/", "shop.cart", Name("cart")))
	conf, err := b.Build(Entries(
		RePath(`^$`, "index", Name("index")),
		Path("articles/<int:year>/", "year", Name("year")),
		Path("u/<uuid:id>/", "uuid", Name("uuid")),
		RePath(`^people/(?P<name>\w+)/$`, "people", Name("people")),
		RePath(`^(?P<rest>.+)/security/$`, "sec", Name("security")),
		Path("n/big/<int:n>/", "big", Name("num")),
		Path("n/<small:n>/", "small", Name("num")), // tried first: declared last
		Path("q/", "q", Name("q")),
		Include("eu/", shop, AppName("shop"), Namespace("eu")),
		Include("us/", shop, AppName("shop"), Namespace("us")),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

func TestReverse(t *testing.T) {
	conf := reverseConf(t)
	u := UUID{0x12, 0x34, 0x56, 0x78}
	cases := []struct {
		name string
		opts ReverseOptions
		want string
	}{
		{"index", ReverseOptions{}, "/"},
		{"year", ReverseOptions{Args: []any{2003}}, "/articles/2003/"},
		{"year", ReverseOptions{Args: []any{"2003"}}, "/articles/2003/"},
		{"year", ReverseOptions{Kwargs: map[string]any{"year": 1999}}, "/articles/1999/"},
		{"uuid", ReverseOptions{Args: []any{u}}, "/u/12345678-0000-0000-0000-000000000000/"},
		{"people", ReverseOptions{Args: []any{"José"}}, "/people/Jos%C3%A9/"},
		// A leading "//" would be read as a host: it becomes "/%2F".
		{"security", ReverseOptions{Args: []any{"/example.com"}}, "/%2Fexample.com/security/"},
		// The converter refuses 7, so the next "num" is used.
		{"num", ReverseOptions{Args: []any{3}}, "/n/3/"},
		{"num", ReverseOptions{Args: []any{7}}, "/n/big/7/"},
		{"q", ReverseOptions{Query: url.Values{"hello": {"world"}, "foo": {"123", "456"}}}, "/q/?foo=123&foo=456&hello=world"},
		{"q", ReverseOptions{Fragment: "tab-1"}, "/q/#tab-1"},
		{"q", ReverseOptions{Query: url.Values{}}, "/q/"},
		{"q", ReverseOptions{ScriptPrefix: "/mount/"}, "/mount/q/"},
		{"q", ReverseOptions{ScriptPrefix: "/bump map/"}, "/bump%20map/q/"},
		// The last declared instance is the default; CurrentApp picks one.
		{"shop:cart", ReverseOptions{}, "/us/cart/"},
		{"shop:cart", ReverseOptions{CurrentApp: "eu"}, "/eu/cart/"},
		{"eu:cart", ReverseOptions{}, "/eu/cart/"},
	}
	for _, c := range cases {
		got, err := conf.ReverseWith(c.name, c.opts)
		if err != nil || got != c.want {
			t.Errorf("ReverseWith(%q, %+v) = %q, %v; want %q", c.name, c.opts, got, err, c.want)
		}
	}
}

func TestReverseErrors(t *testing.T) {
	conf := reverseConf(t)
	cases := []struct {
		name string
		opts ReverseOptions
		want string
	}{
		{"people", ReverseOptions{Args: []any{"name with spaces"}}, `Reverse for 'people' with arguments '('name with spaces',)' not found. 1 pattern(s) tried: ['people/(?P<name>\\w+)/$']`},
		{"year", ReverseOptions{}, `Reverse for 'year' with no arguments not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']`},
		{"year", ReverseOptions{Args: []any{-1}}, `with arguments '(-1,)' not found`},
		{"year", ReverseOptions{Kwargs: map[string]any{"yr": 1}}, `with keyword arguments '{'yr': 1}' not found`},
		{"nothing", ReverseOptions{}, `Reverse for 'nothing' not found. 'nothing' is not a valid view function or pattern name.`},
		{"nope:cart", ReverseOptions{}, `'nope' is not a registered namespace`},
		{"eu:nope:cart", ReverseOptions{}, `'nope' is not a registered namespace inside 'eu'`},
		{"cart", ReverseOptions{}, `'cart' is not a valid view function or pattern name`}, // only inside its namespace
	}
	for _, c := range cases {
		got, err := conf.ReverseWith(c.name, c.opts)
		var nrm *NoReverseMatch
		if !errors.As(err, &nrm) || !strings.Contains(nrm.Message, c.want) {
			t.Errorf("ReverseWith(%q, %+v) = %q, %v; want NoReverseMatch containing %q", c.name, c.opts, got, err, c.want)
		}
	}
}

// Reversing then resolving gives back the entry, for every named entry
// of a conf that has no shadowing.
func TestReverseRoundTrip(t *testing.T) {
	conf := reverseConf(t)
	for _, c := range []struct {
		name string
		args []any
	}{
		{"index", nil}, {"year", []any{42}}, {"people", []any{"ana"}}, {"num", []any{2}}, {"eu:cart", nil},
	} {
		u, err := conf.Reverse(c.name, c.args...)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := url.PathUnescape(u)
		m, err := conf.Resolve(p)
		if err != nil {
			t.Fatalf("Resolve(Reverse(%q)) = %v", c.name, err)
		}
		if name := strings.TrimPrefix(c.name, "eu:"); m.URLName != name {
			t.Errorf("Resolve(%q) = %s, want %s", u, m.URLName, name)
		}
	}
}

// Reverse takes URL names only: an entry whose view is called like
// another entry's URL name does not take that name over. ReverseView
// reverses by view name, unnamed entries included.
func TestReverseURLNamesAndViewNames(t *testing.T) {
	conf, err := New(Entries(
		RePath(`^$`, "pages.home", Name("index")),
		Path("old/", "index"),
		Path("unnamed/<int:n>/", "pages.unnamed"),
		Include("eu/", Entries(Path("cart/", "shop.cart", Name("cart"))), AppName("shop"), Namespace("eu")),
	))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		byView  bool
		opts    ReverseOptions
		want    string
		wantErr string
	}{
		{name: "index", want: "/"},
		{name: "index", byView: true, want: "/old/"},
		{name: "pages.home", byView: true, want: "/"},
		{name: "pages.unnamed", byView: true, opts: ReverseOptions{Args: []any{3}}, want: "/unnamed/3/"},
		{name: "eu:shop.cart", byView: true, want: "/eu/cart/"},
		{name: "pages.home", wantErr: "Reverse for 'pages.home' not found. 'pages.home' is not a valid view function or pattern name."},
		{name: "pages.unnamed", opts: ReverseOptions{Args: []any{3}}, wantErr: "'pages.unnamed' is not a valid view function or pattern name"},
		{name: "pages.unnamed", byView: true, wantErr: "Reverse for 'pages.unnamed' with no arguments not found. 1 pattern(s) tried: ['unnamed/(?P<n>[0-9]+)/\\\\Z']"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s view=%v", tt.name, tt.byView), func(t *testing.T) {
			reverse := conf.ReverseWith
			if tt.byView {
				reverse = conf.ReverseView
			}
			got, err := reverse(tt.name, tt.opts)
			var nrm *NoReverseMatch
			switch {
			case tt.wantErr == "" && (err != nil || got != tt.want):
				t.Errorf("= %q, %v; want %q", got, err, tt.want)
			case tt.wantErr != "" && (!errors.As(err, &nrm) || !strings.Contains(nrm.Message, tt.wantErr)):
				t.Errorf("= %q, %v; want NoReverseMatch %q", got, err, tt.wantErr)
			}
		})
	}
}

// Args and kwargs together are a mistake of the caller, reported before
// any pattern is tried, even for a name that does not exist: Django's
// ValueError, not a NoReverseMatch.
func TestReverseMixed(t *testing.T) {
	conf := reverseConf(t)
	for _, name := range []string{"year", "nothing", "nope:cart"} {
		for _, reverse := range []func(string, ReverseOptions) (string, error){conf.ReverseWith, conf.ReverseView} {
			_, err := reverse(name, ReverseOptions{Args: []any{1}, Kwargs: map[string]any{"year": 1}})
			var nrm *NoReverseMatch
			if !errors.Is(err, ErrMixedArgs) || errors.As(err, &nrm) {
				t.Errorf("%s: %v; want ErrMixedArgs", name, err)
			}
		}
	}
}
