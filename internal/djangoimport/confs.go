package djangoimport

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/hoop-go/hoop/urlconf"
)

// confFile writes one conf module as a function returning its entries,
// in Django's order.
func (g *gen) confFile(key string) (File, error) {
	name := g.fileOf[key]
	c := g.e.Confs[key]
	var b strings.Builder
	b.WriteString(g.header())
	fmt.Fprintf(&b, "package %s\n\nimport \"github.com/hoop-go/hoop/urlconf\"\n\n", g.o.Package)
	what := "the URL conf module " + key
	if key == g.e.Root {
		what = key + ", the ROOT_URLCONF"
	}
	fmt.Fprintf(&b, "// %s is %s.\n", g.funcs[key], oneLine(what))
	if c.AppName != nil {
		fmt.Fprintf(&b, "// Its app_name is %q.\n", *c.AppName)
	}
	for _, h := range sortedKeys(c.Handlers) {
		g.todo(key, h+" = "+string(c.Handlers[h]), "a custom error handler: write it in Go and pass it in dispatcher.Options.ErrorHandlers (site.go); until then hoop's error pages answer")
		fmt.Fprintf(&b, "//\n// TODO(import-django): %s = %s is not carried over: set dispatcher.Options.ErrorHandlers in site.go.\n", oneLine(h), oneLine(string(c.Handlers[h])))
	}
	fmt.Fprintf(&b, "func %s() []urlconf.Entry {\n\treturn []urlconf.Entry{\n", g.funcs[key])
	g.entries(&b, key, "", c.Entries, nil)
	b.WriteString("\t}\n}\n")
	if key == g.e.Root && g.needUUID {
		b.WriteString(`
// uuidOf is a UUID default kwarg, as Django's uuid.UUID.
func uuidOf(s string) urlconf.UUID {
	u, err := urlconf.ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}
`)
	}
	data, err := gofmt(name, []byte(b.String()))
	return File{Name: name, Data: data, Generated: true}, err
}

// entries writes each entry as an expression, or as a comment saying why
// it is not carried over. inherited are the custom converters of the
// include prefixes above.
func (g *gen) entries(b *strings.Builder, key, path string, entries []*Entry, inherited []string) {
	for i, en := range entries {
		where := fmt.Sprintf("%s, entry %s%d", key, path, i+1)
		switch en.Kind {
		case "path", "re_path":
			g.endpoint(b, where, en, inherited)
		case "include":
			g.include(b, key, where, fmt.Sprintf("%s%d.", path, i+1), en, inherited)
		default:
			g.omit(b, where, en, fmt.Sprintf("an entry of a class hoop does not know (%s): carry it over by hand", en.Class))
		}
	}
}

func (g *gen) omit(b *strings.Builder, where string, en *Entry, why string) {
	g.omitted = append(g.omitted, en)
	g.todo(where, describeEntry(en), "%s", why)
	fmt.Fprintf(b, "// TODO(import-django): not carried over: %s\n// %s\n", oneLine(describeEntry(en)), oneLine(why))
}

func describeEntry(en *Entry) string {
	switch en.Kind {
	case "include":
		return fmt.Sprintf("include %s(%q)", en.PatternKind, en.Pattern)
	case "path", "re_path":
		return fmt.Sprintf("%s(%q, %s)", en.Kind, en.Pattern, en.View)
	}
	return fmt.Sprintf("%s(%q)", en.Kind, en.Pattern)
}

// oneLine makes s fit a line comment: valid UTF-8, no line breaks or
// other control characters.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

var routeConverter = regexp.MustCompile(`<(?:([^>:]+):)?[^>]*>`)

// customConverters lists the custom converters a path() route uses.
func (g *gen) customConverters(route string) []string {
	var out []string
	for _, m := range routeConverter.FindAllStringSubmatch(route, -1) {
		if p := g.convPlan(strings.TrimSpace(m[1])); p != nil {
			out = append(out, p.name)
		}
	}
	return out
}

func (g *gen) endpoint(b *strings.Builder, where string, en *Entry, inherited []string) {
	ctor := map[string]string{"path": "Path", "re_path": "RePath"}[en.Kind]
	e := urlconf.RePath(en.Pattern, "view")
	if en.Kind == "path" {
		e = urlconf.Path(en.Pattern, "view")
	}
	if err := g.check(urlconf.Entries(e)); err != "" {
		g.omit(b, where, en, "hoop rejects the pattern: "+err)
		return
	}
	g.views[en.View] = true
	var opts []string
	if en.Name != nil && *en.Name != "" {
		opts = append(opts, fmt.Sprintf("urlconf.Name(%s)", goString(*en.Name)))
		convs := append(append([]string(nil), inherited...), g.routeConverters(en)...)
		set := g.nameConverters[*en.Name]
		if set == nil {
			set = map[string]bool{}
			g.nameConverters[*en.Name] = set
		}
		for _, c := range convs {
			set[c] = true
		}
	}
	if kw := g.kwargs(b, where, en.Kwargs); kw != "" {
		opts = append(opts, kw)
	}
	if en.Translated {
		opts = append(opts, g.translated(b, where, en))
	}
	fmt.Fprintf(b, "urlconf.%s(%s, %s", ctor, goString(en.Pattern), goString(en.View))
	for _, o := range opts {
		b.WriteString(", " + o)
	}
	b.WriteString("),\n")
}

func (g *gen) routeConverters(en *Entry) []string {
	if en.Kind == "path" || en.PatternKind == "path" {
		return g.customConverters(en.Pattern)
	}
	return nil
}

func (g *gen) include(b *strings.Builder, key, where, path string, en *Entry, inherited []string) {
	var ctor string
	switch en.PatternKind {
	case "path":
		ctor = "Include"
	case "re_path":
		ctor = "ReInclude"
	case "i18n_prefix":
		g.i18nPatterns(b, key, where, path, en, inherited)
		return
	default:
		g.omit(b, where, en, fmt.Sprintf("an include with a pattern of a class hoop does not know (%s): carry it over by hand", en.Class))
		return
	}
	prefix := urlconf.ReInclude(en.Pattern, urlconf.Entries(urlconf.RePath("", "view")))
	if ctor == "Include" {
		prefix = urlconf.Include(en.Pattern, urlconf.Entries(urlconf.RePath("", "view")))
	}
	if err := g.check(urlconf.Entries(prefix)); err != "" {
		g.omit(b, where, en, "hoop rejects the include's prefix: "+err)
		return
	}
	var opts []string
	switch {
	case en.AppName != nil:
		opts = append(opts, fmt.Sprintf("urlconf.AppName(%s)", goString(*en.AppName)))
		if en.Namespace != nil && *en.Namespace != *en.AppName {
			opts = append(opts, fmt.Sprintf("urlconf.Namespace(%s)", goString(*en.Namespace)))
		}
	case en.Namespace != nil:
		g.todo(where, describeEntry(en), "a namespace (%q) without an app_name, which hoop (like include()) does not allow: its app name is set to the namespace", *en.Namespace)
		opts = append(opts, fmt.Sprintf("urlconf.AppName(%s)", goString(*en.Namespace)))
	}
	if kw := g.kwargs(b, where, en.Kwargs); kw != "" {
		opts = append(opts, kw)
	}
	if en.Translated {
		opts = append(opts, g.translated(b, where, en))
	}
	sub := append(append([]string(nil), inherited...), g.routeConverters(en)...)
	fmt.Fprintf(b, "urlconf.%s(%s, ", ctor, goString(en.Pattern))
	if en.Conf != nil {
		b.WriteString(g.funcs[*en.Conf])
		g.collectNames(*en.Conf, sub, map[string]bool{key: true})
	} else {
		b.WriteString("urlconf.Entries(\n")
		g.entries(b, key, path, en.Entries, sub)
		b.WriteString(")")
	}
	for _, o := range opts {
		b.WriteString(", " + o)
	}
	b.WriteString("),\n")
}

// i18nPatterns writes Django's i18n_patterns() block.
func (g *gen) i18nPatterns(b *strings.Builder, key, where, path string, en *Entry, inherited []string) {
	if g.e.Settings.LanguageCode == "" {
		g.todo(where, "i18n_patterns()", "the export has no LANGUAGE_CODE and LANGUAGES: set language_code and languages in settings.toml")
	}
	b.WriteString("urlconf.I18nPatterns(")
	if en.Conf != nil {
		b.WriteString(g.funcs[*en.Conf])
		g.collectNames(*en.Conf, inherited, map[string]bool{key: true})
	} else {
		b.WriteString("urlconf.Entries(\n")
		g.entries(b, key, path, en.Entries, inherited)
		b.WriteString(")")
	}
	if en.PrefixDefaultLanguage != nil && !*en.PrefixDefaultLanguage {
		b.WriteString(", urlconf.PrefixDefaultLanguage(false)")
	}
	b.WriteString("),\n")
}

// translated is the Translated option of a gettext_lazy pattern, whose
// translations go to the conf's Translate function (converters.go).
func (g *gen) translated(b *strings.Builder, where string, en *Entry) string {
	if len(en.Translations) == 0 {
		g.todo(where, describeEntry(en), "a translated pattern (gettext_lazy) without its translations in the export: served in the words written, in every language; export from a Django with its catalogs to carry them over")
	}
	for lang, text := range en.Translations {
		if text == en.Pattern {
			continue
		}
		if g.translations[lang] == nil {
			g.translations[lang] = map[string]string{}
		}
		g.translations[lang][en.Pattern] = text
	}
	return "urlconf.Translated()"
}

// collectNames records the custom converters on the way to each URL name
// of an included conf, which its own file's walk does not know.
func (g *gen) collectNames(key string, inherited []string, seen map[string]bool) {
	if len(inherited) == 0 || seen[key] {
		return
	}
	seen[key] = true
	var walk func(entries []*Entry, convs []string)
	walk = func(entries []*Entry, convs []string) {
		for _, en := range entries {
			switch {
			case en.Kind != "include" && en.Name != nil:
				set := g.nameConverters[*en.Name]
				if set == nil {
					set = map[string]bool{}
					g.nameConverters[*en.Name] = set
				}
				for _, c := range convs {
					set[c] = true
				}
			case en.Kind == "include" && en.Conf != nil:
				g.collectNames(*en.Conf, append(convs, g.routeConverters(en)...), seen)
			case en.Kind == "include":
				walk(en.Entries, append(convs, g.routeConverters(en)...))
			}
		}
	}
	walk(g.e.Confs[key].Entries, inherited)
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// check builds a one-entry conf with the site's converters and returns
// what hoop finds wrong with it, without the location.
func (g *gen) check(patterns func() []urlconf.Entry) string {
	_, err := g.checker.Build(patterns)
	if err == nil {
		return ""
	}
	if be, ok := err.(*urlconf.BuildError); ok && len(be.Problems) > 0 {
		var msgs []string
		for _, p := range be.Problems {
			// "confs.go:12: RePath(`x`): what is wrong": keep what is wrong.
			if i := strings.Index(p, "): "); i >= 0 {
				p = p[i+3:]
			}
			msgs = append(msgs, p)
		}
		return strings.Join(msgs, "; ")
	}
	return err.Error()
}

// kwargs writes the urlconf.Kwargs option of default kwargs, keys
// sorted; a value with no Go equivalent is left out, with a TODO.
func (g *gen) kwargs(b *strings.Builder, where string, kwargs map[string]json.RawMessage) string {
	if len(kwargs) == 0 {
		return ""
	}
	keys := make([]string, 0, len(kwargs))
	for k := range kwargs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		lit, why := g.literal(kwargs[k])
		if why != "" {
			g.todo(where, fmt.Sprintf("default kwarg %q = %s", k, kwargs[k]), "%s: left out; give the view its Go value", why)
			fmt.Fprintf(b, "// TODO(import-django): default kwarg %q (%s) left out: %s.\n", k, oneLine(string(kwargs[k])), oneLine(why))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s", goString(k), lit))
	}
	if len(parts) == 0 {
		return ""
	}
	return "urlconf.Kwargs(map[string]any{" + strings.Join(parts, ", ") + "})"
}

// literal is the Go expression of a Django value, or why there is none.
func (g *gen) literal(raw json.RawMessage) (string, string) {
	v, err := decode(raw)
	if err != nil {
		return "", "not JSON: " + err.Error()
	}
	return g.valueLiteral(v)
}

func decode(raw json.RawMessage) (any, error) {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

func (g *gen) valueLiteral(v any) (string, string) {
	switch v := v.(type) {
	case nil:
		return "nil", ""
	case bool:
		return strconv.FormatBool(v), ""
	case string:
		return goString(v), ""
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return v.String(), ""
		}
		if f, err := v.Float64(); err == nil && strings.ContainsAny(v.String(), ".eE") {
			s := strconv.FormatFloat(f, 'g', -1, 64)
			if !strings.ContainsAny(s, ".eE") {
				s += ".0" // a float, as in Python
			}
			return s, ""
		}
		return "", fmt.Sprintf("the number %s does not fit a Go int64 or float64", v)
	case []any:
		var parts []string
		for _, x := range v {
			lit, why := g.valueLiteral(x)
			if why != "" {
				return "", why
			}
			parts = append(parts, lit)
		}
		return "[]any{" + strings.Join(parts, ", ") + "}", ""
	case map[string]any:
		if t, ok := v["$type"].(string); ok {
			return g.typedLiteral(t, v)
		}
		var parts []string
		for _, k := range sortedKeys(v) {
			lit, why := g.valueLiteral(v[k])
			if why != "" {
				return "", why
			}
			parts = append(parts, goString(k)+": "+lit)
		}
		return "map[string]any{" + strings.Join(parts, ", ") + "}", ""
	}
	return "", fmt.Sprintf("an unexpected value %v", v)
}

func (g *gen) typedLiteral(t string, v map[string]any) (string, string) {
	s, _ := v["value"].(string)
	switch t {
	case "uuid":
		if _, err := urlconf.ParseUUID(s); err != nil {
			return "", fmt.Sprintf("%q is not a UUID", s)
		}
		g.needUUID = true
		return fmt.Sprintf("uuidOf(%q)", s), ""
	case "bytes":
		bs := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return "", fmt.Sprintf("bytes %q are not Latin-1 text", s)
			}
			bs = append(bs, byte(r))
		}
		return "[]byte(" + strconv.Quote(string(bs)) + ")", ""
	case "callable":
		return "", fmt.Sprintf("a Python callable (%s) has no Go value", s)
	}
	repr, _ := v["repr"].(string)
	return "", fmt.Sprintf("a Python %s (%s) has no Go equivalent", t, repr)
}

// goString is s as a Go string literal: raw when that reads better, as
// regexes do.
func goString(s string) string {
	if strings.ContainsAny(s, "\\\"") && !strings.ContainsAny(s, "`\r") && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
