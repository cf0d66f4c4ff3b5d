package djangotest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/urlconf/djangotest"
)

type hexConverter struct{}

func (hexConverter) Regex() string               { return "[0-9a-f]+" }
func (hexConverter) ToGo(s string) (any, error)  { return s, nil }
func (hexConverter) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }
func (hexConverter) Unported() string            { return "port shop.converters.Hex" }

func testConf(t testing.TB) *urlconf.Conf {
	t.Helper()
	var b urlconf.Builder
	if err := b.RegisterConverter("hex", hexConverter{}); err != nil {
		t.Fatal(err)
	}
	conf, err := b.Build(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "news.year", urlconf.Name("year")),
		urlconf.RePath(`^pos/([0-9]+)/(x)?/$`, "news.pos", urlconf.Name("pos")),
		urlconf.Path("id/<uuid:id>/", "news.id", urlconf.Name("id"), urlconf.Kwargs(map[string]any{"raw": []byte{0xff}})),
		urlconf.Include("shop/", urlconf.Entries(
			urlconf.Path("<hex:code>/", "shop.item", urlconf.Name("item")),
		), urlconf.AppName("shop")),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

func TestResolveCheck(t *testing.T) {
	conf := testConf(t)
	tests := []struct {
		name    string
		c       djangotest.Resolve
		wantErr string // "" for agreement
		notes   int
	}{
		{name: "match", c: djangotest.Resolve{Path: "/articles/2003/", View: "news.year", URLName: "year", Route: "articles/<int:year>/", ViewName: "year",
			Args: `[]`, Kwargs: `{"year": 2003}`, CapturedKwargs: `{"year": 2003}`, ExtraKwargs: `{}`}},
		{name: "int is not str", c: djangotest.Resolve{Path: "/articles/2003/", View: "news.year", URLName: "year", Route: "articles/<int:year>/", ViewName: "year",
			Kwargs: `{"year": "2003"}`}, wantErr: `Resolve("/articles/2003/").Kwargs = {"year":2003}, Django's {"year":"2003"}`},
		{name: "None arg", c: djangotest.Resolve{Path: "/pos/7//", View: "news.pos", URLName: "pos", Route: `^pos/([0-9]+)/(x)?/$`, ViewName: "pos",
			Args: `["7", null]`, Kwargs: `{}`}},
		{name: "None is not the empty string", c: djangotest.Resolve{Path: "/pos/7//", View: "news.pos", URLName: "pos", Route: `^pos/([0-9]+)/(x)?/$`, ViewName: "pos",
			Args: `["7", ""]`, Kwargs: `{}`}, wantErr: `Resolve("/pos/7//").ArgMatched(1) = false; Django's arg is a string`},
		{name: "typed values", c: djangotest.Resolve{Path: "/id/12345678-1234-5678-1234-567812345678/", View: "news.id", URLName: "id", Route: "id/<uuid:id>/", ViewName: "id",
			Kwargs: `{"id": {"$type": "uuid", "value": "12345678-1234-5678-1234-567812345678"}, "raw": {"$type": "bytes", "value": "\u00ff"}}`}},
		{name: "value with no Go equivalent", c: djangotest.Resolve{Path: "/articles/1/", View: "news.year", URLName: "year", Route: "articles/<int:year>/", ViewName: "year",
			Kwargs: `{"year": 1, "when": {"$type": "datetime.date", "repr": "datetime.date(2020, 1, 2)"}}`}, notes: 1},
		{name: "wrong view and namespace", c: djangotest.Resolve{Path: "/shop/ff/", View: "shop.other", URLName: "item", Route: "shop/<hex:code>/",
			AppNames: []string{"shop"}, Namespaces: []string{"shop"}, AppName: "shop", Namespace: "shop", ViewName: "shop:item", Kwargs: `{"code": "ff"}`},
			wantErr: `Resolve("/shop/ff/").View = "shop.item", Django's "shop.other"`},
		{name: "Resolver404", c: djangotest.Resolve{Path: "/nope/", Error: "Resolver404", Unmatched: "nope/",
			Tried: `[[{"kind":"path","pattern":"articles/<int:year>/","name":"year"}],[{"kind":"re_path","pattern":"^pos/([0-9]+)/(x)?/$","name":"pos"}],` +
				`[{"kind":"path","pattern":"id/<uuid:id>/","name":"id"}],[{"kind":"include","pattern":"shop/","name":null}]]`}},
		{name: "Resolver404, tried differs", c: djangotest.Resolve{Path: "/nope/", Error: "Resolver404", Unmatched: "nope/", Tried: `[]`},
			wantErr: `patterns tried`},
		{name: "Django matched, hoop did not", c: djangotest.Resolve{Path: "/gone/", View: "x.y", Route: "gone/"},
			wantErr: `Resolve("/gone/"): urlconf: no pattern matches "gone/" (4 tried); Django resolved it to x.y (route "gone/")`},
		{name: "Django raised, hoop matched", c: djangotest.Resolve{Path: "/articles/1/", Error: "TypeError", Message: "boom"},
			wantErr: "Django raised TypeError: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes, err := tt.c.Check(conf)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Check: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Check: %v, want an error with %q", err, tt.wantErr)
			}
			if len(notes) != tt.notes {
				t.Errorf("notes %q, want %d", notes, tt.notes)
			}
		})
	}
}

func TestReverseCheck(t *testing.T) {
	conf := testConf(t)
	tests := []struct {
		name    string
		c       djangotest.Reverse
		wantErr string
	}{
		{name: "kwargs", c: djangotest.Reverse{Name: "year", Kwargs: `{"year": 2003}`, Want: "/articles/2003/"}},
		{name: "args", c: djangotest.Reverse{Name: "year", Args: `["2003"]`, Want: "/articles/2003/"}},
		{name: "uuid", c: djangotest.Reverse{Name: "id", Args: `[{"$type": "uuid", "value": "12345678-1234-5678-1234-567812345678"}]`,
			Want: "/id/12345678-1234-5678-1234-567812345678/"}},
		{name: "namespace", c: djangotest.Reverse{Name: "shop:item", Kwargs: `{"code": "ff"}`, Want: "/shop/ff/"}},
		{name: "by view", c: djangotest.Reverse{Name: "news.pos", ByView: true, Args: `["7", ""]`, Want: "/pos/7//"}},
		{name: "a view name is not a URL name", c: djangotest.Reverse{Name: "news.year", Args: `[1]`, Error: "NoReverseMatch",
			Message: "Reverse for 'news.year' not found. 'news.year' is not a valid view function or pattern name."}},
		{name: "NoReverseMatch", c: djangotest.Reverse{Name: "year", Error: "NoReverseMatch",
			Message: `Reverse for 'year' with no arguments not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']`}},
		{name: "wrong URL", c: djangotest.Reverse{Name: "year", Args: `[1]`, Want: "/articles/2/"},
			wantErr: `Reverse("year", args [1], kwargs none) = "/articles/1/", Django's "/articles/2/"`},
		{name: "kwargs in Python's order", c: djangotest.Reverse{Name: "year", Kwargs: `{"year": "x", "page": "2, 'a': 3"}`, Error: "NoReverseMatch",
			Message: `Reverse for 'year' with keyword arguments '{'year': 'x', 'page': "2, 'a': 3"}' not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']`}},
		{name: "kwargs differ", c: djangotest.Reverse{Name: "year", Kwargs: `{"year": "x", "page": "2"}`, Error: "NoReverseMatch",
			Message: `Reverse for 'year' with keyword arguments '{'year': 'y', 'page': '2'}' not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']`},
			wantErr: "message"},
		{name: "message differs", c: djangotest.Reverse{Name: "year", Error: "NoReverseMatch", Message: "something else"},
			wantErr: "message"},
		{name: "hoop reversed, Django raised", c: djangotest.Reverse{Name: "year", Args: `[1]`, Error: "TypeError", Message: "no"},
			wantErr: "Django raised TypeError"},
		{name: "no Go equivalent", c: djangotest.Reverse{Name: "year", Args: `[{"$type": "decimal.Decimal", "repr": "Decimal('1')"}]`, Want: "/articles/1/"},
			wantErr: "a Python decimal.Decimal has no Go equivalent"},
		{name: "bad JSON", c: djangotest.Reverse{ID: "r1", Name: "year", Kwargs: `{"year": `},
			wantErr: "case r1: Kwargs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Check(conf)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Check: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Check: %v, want an error with %q", err, tt.wantErr)
			}
		})
	}
}

func TestRunSkipsUnportedConverters(t *testing.T) {
	conf := testConf(t)
	unported := djangotest.Unported(map[string]urlconf.Converter{"hex": hexConverter{}, "int": urlconf.IntConverter{}})
	if len(unported) != 1 || unported["hex"] != "port shop.converters.Hex" {
		t.Fatalf("Unported = %v", unported)
	}
	// The case is wrong on purpose: it must be skipped, not run.
	cases := []djangotest.Resolve{{ID: "item", Path: "/shop/ff/", View: "wrong", Converters: []string{"hex"}}}
	djangotest.RunResolve(t, conf, cases, unported)
	djangotest.RunReverse(t, conf, []djangotest.Reverse{{ID: "skipped", Name: "year", Want: "/wrong/", Skip: "i18n: later"}}, unported)
}

func TestLanguages(t *testing.T) {
	b := urlconf.Builder{LanguageCode: "en", Languages: []string{"en", "fr"}}
	conf, err := b.Build(urlconf.Entries(
		urlconf.I18nPatterns(urlconf.Entries(urlconf.Path("about/", "pages.about", urlconf.Name("about")))),
	))
	if err != nil {
		t.Fatal(err)
	}
	match := djangotest.Resolve{Path: "/fr/about/", Language: "fr", View: "pages.about", URLName: "about", Route: "fr/about/", ViewName: "about", Kwargs: `{}`}
	if _, err := match.Check(conf); err != nil {
		t.Error(err)
	}
	match.Language = "" // in English, /fr/about/ is not found
	if _, err := match.Check(conf); err == nil || !strings.Contains(err.Error(), "no pattern matches") {
		t.Errorf("in the default language: %v, want no match", err)
	}
	for lang, want := range map[string]string{"fr": "/fr/about/", "en": "/en/about/", "": "/en/about/"} {
		if err := (djangotest.Reverse{Name: "about", Language: lang, Want: want}).Check(conf); err != nil {
			t.Errorf("language %q: %v", lang, err)
		}
	}
}
