package urlconf

import (
	"strings"
	"testing"
)

func TestI18nPatternsBuild(t *testing.T) {
	t.Run("root only", func(t *testing.T) {
		_, err := New(Entries(Include("app/", Entries(I18nPatterns(Entries(Path("x/", "x")))))))
		if err == nil || !strings.Contains(err.Error(), "I18nPatterns is allowed in the root conf only") || !strings.Contains(err.Error(), "i18n_test.go:") {
			t.Errorf("err = %v, want the root-only error with the entry's location", err)
		}
	})
	t.Run("a translation that does not compile names its language", func(t *testing.T) {
		b := Builder{Languages: []string{"nl"}, Translate: func(lang, text string) string {
			if lang == "nl" {
				return "^(over/$"
			}
			return text
		}}
		_, err := b.Build(Entries(RePath(`^about/$`, "about", Translated())))
		if err == nil || !strings.Contains(err.Error(), `in language "nl"`) {
			t.Errorf("err = %v, want one naming the language", err)
		}
	})
	t.Run("a conf that depends on no language", func(t *testing.T) {
		conf, err := (&Builder{Languages: []string{"nl"}}).Build(Entries(Path("x/", "x")))
		if err != nil {
			t.Fatal(err)
		}
		nl, _ := conf.ForLanguage("nl")
		if nl != conf || conf.Language() != "" || conf.Languages() != nil {
			t.Errorf("ForLanguage = %p (conf %p), Language %q, Languages %v", nl, conf, conf.Language(), conf.Languages())
		}
	})
	t.Run("a language outside Languages is built on first use", func(t *testing.T) {
		conf, err := (&Builder{LanguageCode: "en", Languages: []string{"en"}}).Build(Entries(I18nPatterns(Entries(Path("x/", "x", Name("x"))))))
		if err != nil {
			t.Fatal(err)
		}
		fr, err := conf.ForLanguage("fr")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := conf.ForLanguage("fr")
		u, err := fr.Reverse("x")
		if again != fr || err != nil || u != "/fr/x/" || fr.Language() != "fr" {
			t.Errorf("fr: reverse %q, %v; cached %v", u, err, again == fr)
		}
		if m, err := fr.Resolve("/fr/x/"); err != nil || m.Route != "fr/x/" {
			t.Errorf("Resolve in fr: %+v, %v", m, err)
		}
		if got := conf.Languages(); len(got) != 1 || got[0] != "en" {
			t.Errorf("Languages() = %v", got)
		}
	})
}
