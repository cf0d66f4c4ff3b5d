package dispatcher_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func i18nSite(t *testing.T, prefixDefault bool) http.Handler {
	t.Helper()
	dutch := map[string]string{"about/": "over/"}
	b := urlconf.Builder{
		LanguageCode: "en",
		Languages:    []string{"en", "nl", "pt-br"},
		Translate: func(lang, text string) string {
			if t, ok := dutch[text]; ok && lang == "nl" {
				return t
			}
			return text
		},
	}
	conf, err := b.Build(urlconf.Entries(
		urlconf.Path("robots.txt", "robots"),
		urlconf.I18nPatterns(urlconf.Entries(
			urlconf.Path("about/", "about", urlconf.Name("about"), urlconf.Translated()),
			urlconf.Path("article/<int:id>/", "article", urlconf.Name("article")),
		), urlconf.PrefixDefaultLanguage(prefixDefault)),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	page := func(w http.ResponseWriter, r *http.Request) {
		about, err1 := views.Reverse(r, "about")
		article, err2 := views.Reverse(r, "article", 7)
		if err1 != nil || err2 != nil {
			t.Errorf("reverse: %v, %v", err1, err2)
		}
		fmt.Fprintf(w, "%s %s %s", views.Language(r), about, article)
	}
	reg.HandleFunc("about", page)
	reg.HandleFunc("article", page)
	reg.HandleFunc("robots", page)
	s := prodSettings()
	s.LanguageCode, s.Languages = "en", []string{"en", "nl", "pt-br"}
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// A conf built for other languages than the settings name is a
	// start-up error that says how to build it.
	s.Languages = []string{"en", "de"}
	if _, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s}); err == nil || !strings.Contains(err.Error(), "urlconf.Builder{LanguageCode") {
		t.Errorf("New with other languages: %v", err)
	}
	return d
}

// Django's LocaleMiddleware, with i18n_patterns: the request's language
// comes from the path's prefix, else the language cookie, else
// Accept-Language, else the default; the path resolves in that
// language's conf (translated patterns included), reverse writes URLs in
// it, and a path without a prefix that resolves with the request's
// language is redirected there.
func TestLanguages(t *testing.T) {
	for _, c := range []struct {
		name          string
		prefixDefault bool
		path          string
		header        [2]string
		status        int
		body          string // for a 200; the Location for a redirect
		lang          string // Content-Language
	}{
		{"prefix", true, "/en/about/", [2]string{}, 200, "en /en/about/ /en/article/7/", "en"},
		{"translated", true, "/nl/over/", [2]string{}, 200, "nl /nl/over/ /nl/article/7/", "nl"},
		{"untranslated path in Dutch", true, "/nl/about/", [2]string{}, 404, "", "nl"},
		{"prefix wins over the header", true, "/en/about/", [2]string{"Accept-Language", "nl"}, 200, "en /en/about/ /en/article/7/", "en"},
		{"redirect in the header's language", true, "/over/", [2]string{"Accept-Language", "nl;q=0.8, en;q=0.5"}, 302, "/nl/over/", "nl"},
		{"redirect in the default language", true, "/about/?x=1", [2]string{}, 302, "/en/about/?x=1", "en"},
		{"no redirect to a path that 404s", true, "/about/", [2]string{"Accept-Language", "nl"}, 404, "", "nl"},
		{"cookie", true, "/article/7/", [2]string{"Cookie", "hoop_language=nl"}, 302, "/nl/article/7/", "nl"},
		{"redirect with the slash appended", true, "/article/7", [2]string{"Accept-Language", "en"}, 302, "/en/article/7/", "en"},
		{"variant", true, "/pt-br/about/", [2]string{}, 200, "pt-br /pt-br/about/ /pt-br/article/7/", "pt-br"},
		{"region of a language the site has", true, "/about/", [2]string{"Accept-Language", "pt-PT, nl;q=0.1"}, 302, "/pt-br/about/", "pt-br"},
		{"outside the patterns", true, "/robots.txt", [2]string{"Accept-Language", "nl"}, 200, "nl /nl/over/ /nl/article/7/", "nl"},
		{"unprefixed default", false, "/about/", [2]string{"Accept-Language", "nl"}, 200, "en /about/ /article/7/", "en"},
		{"unprefixed default, prefixed other", false, "/nl/over/", [2]string{}, 200, "nl /nl/over/ /nl/article/7/", "nl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", c.path, nil)
			if c.header[0] != "" {
				req.Header.Set(c.header[0], c.header[1])
			}
			rec := httptest.NewRecorder()
			i18nSite(t, c.prefixDefault).ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, c.status, rec.Body)
			}
			switch {
			case c.status == 200 && rec.Body.String() != c.body:
				t.Errorf("body %q, want %q", rec.Body, c.body)
			case c.status == 302 && rec.Header().Get("Location") != c.body:
				t.Errorf("Location %q, want %q", rec.Header().Get("Location"), c.body)
			}
			if got := rec.Header().Get("Content-Language"); got != c.lang {
				t.Errorf("Content-Language %q, want %q", got, c.lang)
			}
		})
	}
}
