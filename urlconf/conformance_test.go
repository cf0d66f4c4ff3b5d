package urlconf

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The conformance tests replay Django's own behaviour, recorded by running
// Django's test suite (testdata/*_cases.json), against hoop's conf.

// skipTags are the case tags that need Python-side state or translation
// catalogs, with the reason they are skipped.
var skipTags = map[string]string{
	"python_only":       "needs a Python object or per-test Python behaviour",
	"context_dependent": "the result depends on converter state installed per Django test",
	"not_executed":      "transcribed from Django 5.2, not executed",
	"erroneous_conf":    "the conf is invalid on purpose; hoop rejects it at build time (see TestBuildErrors)",
}

type oracle struct {
	Confs map[string]oracleConf `json:"confs"`
	Cases []json.RawMessage     `json:"cases"`
}

type oracleConf struct {
	Entries []oracleEntry `json:"entries"`
	I18n    bool          `json:"i18n"`
}

type oracleEntry struct {
	Kind        string         `json:"kind"`
	PatternKind string         `json:"pattern_kind"`
	Pattern     string         `json:"pattern"`
	View        string         `json:"view"`
	Name        *string        `json:"name"`
	Kwargs      map[string]any `json:"kwargs"`
	Namespace   *string        `json:"namespace"`
	AppName     *string        `json:"app_name"`
	Conf        string         `json:"conf"`
	Entries     []oracleEntry  `json:"entries"`
	Translated  bool           `json:"translated"`
	// PrefixDefault is prefix_default_language of an i18n_prefix include.
	PrefixDefault *bool           `json:"prefix_default_language"`
	Raw           json.RawMessage `json:"-"`
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func loadOracle(t *testing.T, file string) *oracle {
	t.Helper()
	data := mustRead(t, "testdata/"+file)
	var o oracle
	if err := json.Unmarshal(data, &o); err != nil {
		t.Fatal(err)
	}
	return &o
}

// confBuilder turns the recorded confs into hoop entries. Includes by
// module are resolved lazily, so recursive confs work as in Django.
type confBuilder struct{ o *oracle }

func (cb confBuilder) patterns(key string) func() []Entry {
	return func() []Entry { return cb.entries(cb.o.Confs[key].Entries) }
}

func (cb confBuilder) entries(list []oracleEntry) []Entry {
	var out []Entry
	for _, e := range list {
		var opts []Option
		if e.Name != nil {
			opts = append(opts, Name(*e.Name))
		}
		if len(e.Kwargs) > 0 {
			opts = append(opts, Kwargs(e.Kwargs))
		}
		if e.Translated {
			opts = append(opts, Translated())
		}
		switch e.Kind {
		case "path":
			out = append(out, Path(e.Pattern, e.View, opts...))
		case "re_path":
			out = append(out, RePath(e.Pattern, e.View, opts...))
		case "include":
			if e.AppName != nil {
				opts = append(opts, AppName(*e.AppName))
			}
			if e.Namespace != nil && (e.AppName == nil || *e.Namespace != *e.AppName) {
				opts = append(opts, Namespace(*e.Namespace))
			}
			sub := Entries(cb.entries(e.Entries)...)
			if e.Conf != "" {
				sub = cb.patterns(e.Conf)
			}
			switch e.PatternKind {
			case "i18n_prefix":
				if e.PrefixDefault != nil {
					opts = append(opts, PrefixDefaultLanguage(*e.PrefixDefault))
				}
				out = append(out, I18nPatterns(sub, opts...))
			case "path":
				out = append(out, Include(e.Pattern, sub, opts...))
			default:
				out = append(out, ReInclude(e.Pattern, sub, opts...))
			}
		}
	}
	return out
}

// base64Converter is the custom converter of Django's urlpatterns tests.
type base64Converter struct{}

func (base64Converter) Regex() string { return "[a-zA-Z0-9+/]*={0,2}" }
func (base64Converter) ToGo(s string) (any, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoMatch, err)
	}
	return b, nil
}
func (base64Converter) ToURL(v any) (string, error) {
	b, ok := v.([]byte)
	if !ok {
		return "", ErrNoMatch
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// dynamicConverter stands in for Django's per-test DynamicConverter; the
// cases that depend on its behaviour are skipped.
type dynamicConverter struct{}

func (dynamicConverter) Regex() string               { return "[0-9a-zA-Z]+" }
func (dynamicConverter) ToGo(s string) (any, error)  { return s, nil }
func (dynamicConverter) ToURL(v any) (string, error) { return textOf(v), nil }

func (cb confBuilder) build(t *testing.T, key string) *Conf {
	t.Helper()
	conf, err := cb.tryBuild(key)
	if err != nil {
		t.Fatalf("conf %s: %v", key, err)
	}
	return conf
}

// The language settings of Django's i18n tests (i18n.patterns), and the
// translations of their catalogs.
var (
	testLanguageCode = "en-us"
	testLanguages    = []string{"nl", "en", "pt-br"}
)

func testTranslate() func(lang, text string) string {
	var catalogs map[string]json.RawMessage
	data, err := os.ReadFile("testdata/translations.json")
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(data, &catalogs); err != nil {
		panic(err)
	}
	return func(lang, text string) string {
		var catalog map[string]string
		_ = json.Unmarshal(catalogs[lang], &catalog)
		if t, ok := catalog[text]; ok {
			return t
		}
		return text
	}
}

func (cb confBuilder) tryBuild(key string) (*Conf, error) {
	b := Builder{LanguageCode: testLanguageCode, Languages: testLanguages, Translate: testTranslate()}
	for name, c := range map[string]Converter{"base64": base64Converter{}, "dynamic": dynamicConverter{}, "to_url_value_error": dynamicConverter{}} {
		if err := b.RegisterConverter(name, c); err != nil {
			return nil, err
		}
	}
	return b.Build(cb.patterns(key))
}

func skipReason(tags []string) string {
	for _, tag := range tags {
		if why, ok := skipTags[tag]; ok {
			return tag + ": " + why
		}
	}
	return ""
}

type resolveCase struct {
	ID       string   `json:"id"`
	Conf     string   `json:"conf"`
	FullPath string   `json:"full_path"`
	Tags     []string `json:"tags"`
	Language *string  `json:"language"`
	Expected struct {
		Error          string           `json:"error"`
		UnmatchedPath  string           `json:"unmatched_path"`
		Tried          [][]oracleTried  `json:"tried"`
		View           string           `json:"view"`
		Args           []*string        `json:"args"`
		Kwargs         map[string]any   `json:"kwargs"`
		URLName        *string          `json:"url_name"`
		Route          string           `json:"route"`
		AppNames       []string         `json:"app_names"`
		Namespaces     []string         `json:"namespaces"`
		AppName        string           `json:"app_name"`
		Namespace      string           `json:"namespace"`
		ViewName       string           `json:"view_name"`
		CapturedKwargs map[string]any   `json:"captured_kwargs"`
		ExtraKwargs    map[string]any   `json:"extra_kwargs"`
		Message        string           `json:"message"`
		Extra          *json.RawMessage `json:"-"`
	} `json:"expected"`
}

type oracleTried struct {
	Kind    string  `json:"kind"`
	Pattern string  `json:"pattern"`
	Name    *string `json:"name"`
}

// pyValue turns a Go kwarg value into the JSON shape the oracle records.
func pyValue(v any) any {
	switch v := v.(type) {
	case []byte:
		runes := make([]rune, len(v))
		for i, b := range v {
			runes[i] = rune(b) // latin-1
		}
		return map[string]any{"$type": "bytes", "value": string(runes)}
	case UUID:
		return map[string]any{"$type": "uuid", "value": v.String()}
	}
	return v
}

func pyMap(m map[string]any) string {
	conv := map[string]any{}
	for k, v := range m {
		conv[k] = pyValue(v)
	}
	data, _ := json.Marshal(conv)
	var norm any
	_ = json.Unmarshal(data, &norm)
	out, _ := json.Marshal(norm)
	return string(out)
}

func jsonNorm(m map[string]any) string {
	if m == nil {
		m = map[string]any{}
	}
	out, _ := json.Marshal(m)
	return string(out)
}

func TestDjangoResolveConformance(t *testing.T) {
	o := loadOracle(t, "resolve_cases.json")
	cb := confBuilder{o}
	confs := map[string]*Conf{}
	passed := 0
	for _, raw := range o.Cases {
		var c resolveCase
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		t.Run(c.ID, func(t *testing.T) {
			if why := skipReason(c.Tags); why != "" {
				t.Skip(why)
			}
			conf := confs[c.Conf]
			if conf == nil {
				conf = cb.build(t, c.Conf)
				confs[c.Conf] = conf
			}
			conf = inLanguage(t, conf, c.Language)
			m, err := conf.Resolve(c.FullPath)
			exp := c.Expected
			if exp.Error != "" {
				nf, ok := err.(*NotFound)
				if exp.Error != "Resolver404" || !ok {
					t.Fatalf("Resolve(%q) = %v, %v; want %s", c.FullPath, m, err, exp.Error)
				}
				if nf.Path != exp.UnmatchedPath {
					t.Errorf("unmatched path = %q, want %q", nf.Path, exp.UnmatchedPath)
				}
				if got, want := triedString(nf.Tried), oracleTriedString(exp.Tried); got != want {
					t.Errorf("tried:\n got %s\nwant %s", got, want)
				}
				passed++
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", c.FullPath, err)
			}
			var args []string
			for i, a := range exp.Args {
				if a == nil {
					args = append(args, "")
				} else {
					args = append(args, *a)
				}
				if i < len(m.Args) && m.ArgMatched(i) != (a != nil) {
					t.Errorf("ArgMatched(%d) = %v, want %v (Python's None)", i, m.ArgMatched(i), a != nil)
				}
			}
			urlName := ""
			if exp.URLName != nil {
				urlName = *exp.URLName
			}
			checks := []struct {
				field     string
				got, want any
			}{
				{"view", m.View, exp.View},
				{"args", fmt.Sprintf("%q", m.Args), fmt.Sprintf("%q", args)},
				{"kwargs", pyMap(m.Kwargs), jsonNorm(exp.Kwargs)},
				{"url_name", m.URLName, urlName},
				{"route", m.Route, exp.Route},
				{"app_names", fmt.Sprintf("%q", m.AppNames), fmt.Sprintf("%q", nonNil(exp.AppNames))},
				{"namespaces", fmt.Sprintf("%q", m.Namespaces), fmt.Sprintf("%q", nonNil(exp.Namespaces))},
				{"app_name", m.AppName, exp.AppName},
				{"namespace", m.Namespace, exp.Namespace},
				{"view_name", m.ViewName, exp.ViewName},
				{"captured_kwargs", pyMap(m.CapturedKwargs), jsonNorm(exp.CapturedKwargs)},
				{"extra_kwargs", pyMap(m.ExtraKwargs), jsonNorm(exp.ExtraKwargs)},
			}
			for _, ch := range checks {
				if !reflect.DeepEqual(ch.got, ch.want) {
					t.Errorf("Resolve(%q).%s = %v, want %v", c.FullPath, ch.field, ch.got, ch.want)
				}
			}
			passed++
		})
	}
	t.Logf("%d resolve cases passed", passed)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func triedString(rows [][]Tried) string {
	var b strings.Builder
	for _, row := range rows {
		b.WriteString("[")
		for _, p := range row {
			fmt.Fprintf(&b, "%s %q %q;", p.Kind, p.Pattern, p.Name)
		}
		b.WriteString("]")
	}
	return b.String()
}

func oracleTriedString(rows [][]oracleTried) string {
	var b strings.Builder
	for _, row := range rows {
		b.WriteString("[")
		for _, p := range row {
			name := ""
			if p.Name != nil {
				name = *p.Name
			}
			fmt.Fprintf(&b, "%s %q %q;", p.Kind, p.Pattern, name)
		}
		b.WriteString("]")
	}
	return b.String()
}

// inLanguage is conf with language lang active, as a recorded case had it
// (nil: none, so Django's LANGUAGE_CODE).
func inLanguage(t *testing.T, conf *Conf, lang *string) *Conf {
	t.Helper()
	if lang == nil {
		return conf
	}
	c, err := conf.ForLanguage(*lang)
	if err != nil {
		t.Fatalf("ForLanguage(%q): %v", *lang, err)
	}
	return c
}
