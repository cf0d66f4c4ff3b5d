package dispatcher

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// locale is what the dispatcher does for a conf that depends on the
// language (urlconf.I18nPatterns, urlconf.Translated): Django's
// LocaleMiddleware. Each request gets a language (from its path's
// prefix, then the language cookie, then Accept-Language, then the
// default), is resolved against that language's conf, and views read
// the language with views.Language; a path that 404s without a language
// prefix, and resolves with the request's, is redirected there.
type locale struct {
	code          string                   // the default language, the conf's
	languages     []string                 // the conf's languages, default first
	confs         map[string]*urlconf.Conf // by language
	prefixed      bool                     // the root uses I18nPatterns
	prefixDefault bool                     // ... with a prefix for the default language
	cookie        string                   // settings.LanguageCookieName
}

func newLocale(conf *urlconf.Conf, cookie string) (*locale, error) {
	langs := conf.Languages()
	if langs == nil {
		return nil, nil
	}
	l := &locale{code: conf.Language(), languages: langs, confs: map[string]*urlconf.Conf{}, cookie: cookie}
	l.prefixed, l.prefixDefault = conf.LanguagePrefix()
	views := resolution.Views(conf)
	for _, lang := range langs {
		c, err := conf.ForLanguage(lang)
		if err != nil {
			return nil, err
		}
		// The dispatcher's views are indexed by view ID: every language's
		// conf has the same entries, so the same IDs.
		if !slices.Equal(resolution.Views(c), views) {
			return nil, fmt.Errorf("the conf of language %q names other views than the default language's", lang)
		}
		l.confs[lang] = c
	}
	return l, nil
}

// pathLanguage matches a language prefix, as Django's
// get_language_from_path.
var pathLanguage = regexp.MustCompile(`^/(\w+(?:[@-]\w+){0,2})(?:/|$)`)

// languageOf returns r's language, as Django's get_language_from_request,
// and whether r's path named it.
func (l *locale) languageOf(r *http.Request) (lang string, fromPath bool) {
	if l.prefixed {
		if m := pathLanguage.FindStringSubmatch(r.URL.Path); m != nil {
			if lang, ok := l.variant(m[1], true); ok {
				return lang, true
			}
		}
		if !l.prefixDefault {
			return l.code, false
		}
	}
	if c, err := r.Cookie(l.cookie); err == nil {
		if lang, ok := l.variant(c.Value, false); ok {
			return lang, false
		}
	}
	for _, accepted := range acceptLanguages(r.Header.Get("Accept-Language")) {
		if accepted == "*" {
			break
		}
		if lang, ok := l.variant(accepted, false); ok {
			return lang, false
		}
	}
	return l.code, false
}

// variant is Django's get_supported_language_variant: code if the site
// has it, else its generic language ("pt" for "pt-br"), else, unless
// strict, a variant of that generic language the site has.
func (l *locale) variant(code string, strict bool) (string, bool) {
	if slices.Contains(l.languages, code) {
		return code, true
	}
	lower := strings.ToLower(code)
	if slices.Contains(l.languages, lower) {
		return lower, true
	}
	generic, _, _ := strings.Cut(lower, "-")
	if slices.Contains(l.languages, generic) {
		return generic, true
	}
	if !strict {
		for _, lang := range l.languages {
			if strings.HasPrefix(lang, generic+"-") {
				return lang, true
			}
		}
	}
	return "", false
}

// acceptLanguages returns the language ranges of an Accept-Language
// header, lowercased, most preferred first; a range with q=0 or a
// malformed one is left out, as Django's parse_accept_lang_header does.
func acceptLanguages(header string) []string {
	if header == "" || len(header) > 500 {
		return nil
	}
	type ranged struct {
		lang string
		q    float64
	}
	var out []ranged
	for part := range strings.SplitSeq(header, ",") {
		lang, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		lang = strings.ToLower(strings.TrimSpace(lang))
		if lang == "" || !validLanguageRange(lang) {
			continue
		}
		q := 1.0
		if p := strings.TrimSpace(params); p != "" {
			v, ok := strings.CutPrefix(p, "q=")
			f, err := strconv.ParseFloat(v, 64)
			if !ok || err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		if q > 0 {
			out = append(out, ranged{lang, q})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].q > out[j].q })
	langs := make([]string, len(out))
	for i, r := range out {
		langs[i] = r.lang
	}
	return langs
}

func validLanguageRange(s string) bool {
	if s == "*" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return len(s) <= 30
}

// setLanguage gives r its language, and the conf of that language to
// resolve against; the response says which (Content-Language), and that
// it depends on Accept-Language when the path did not name it.
func (d *Dispatcher) setLanguage(st *state, r *http.Request) {
	l := st.site.locale
	st.lang, st.langFromPath = l.languageOf(r)
	st.route.Conf, st.route.Language = l.confs[st.lang], st.lang
	h := st.rw.Header()
	h.Set("Content-Language", st.lang)
	if !l.prefixed || !st.langFromPath {
		h.Add("Vary", "Accept-Language")
	}
}

// redirect answers a path that 404s without a language prefix, and
// resolves with the request's, with a redirect there (302, as Django's
// LocaleMiddleware), and reports whether it did.
func (l *locale) redirect(d *Dispatcher, st *state, w http.ResponseWriter, r *http.Request) bool {
	if !l.prefixed || !l.prefixDefault || st.langFromPath {
		return false
	}
	p := "/" + st.lang + r.URL.Path
	slash := false
	if ok, _ := st.probe.Resolve(l.confs[st.lang], p); !ok {
		if !d.appendSlash || strings.HasSuffix(p, "/") {
			return false
		}
		if ok, _ := st.probe.Resolve(l.confs[st.lang], p+"/"); !ok {
			return false
		}
		slash = true
	}
	target := "/" + st.lang + r.URL.EscapedPath()
	if slash {
		target += "/"
	}
	target = urlconf.EscapeLeadingSlashes(target)
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	h := w.Header()
	h.Set("Location", target)
	h.Add("Vary", "Accept-Language")
	h.Add("Vary", "Cookie")
	w.WriteHeader(http.StatusFound)
	return true
}

// languagesAgree reports a conf built for other languages than the
// settings name: the site forgot to pass them to urlconf.Builder.
func languagesAgree(conf *urlconf.Conf, s *settings.Settings) error {
	langs := conf.Languages()
	if langs == nil {
		return nil
	}
	want := []string{s.LanguageCode}
	for _, l := range s.Languages {
		if l != s.LanguageCode {
			want = append(want, l)
		}
	}
	if conf.Language() != s.LanguageCode || !slices.Equal(langs, want) {
		return fmt.Errorf("dispatcher: the URL conf was built for languages %q (default %q), the settings name %q (default %q): build it with urlconf.Builder{LanguageCode: s.LanguageCode, Languages: s.Languages}",
			langs, conf.Language(), want, s.LanguageCode)
	}
	return nil
}
