package djangoimport

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// A convPlan is how a custom Django converter is carried over. The export
// records what the converter made of a few texts; when every sample shows
// int() and str() (zero-padded or not), or the text kept as it is, the
// converter is hoop's int or str on its own regex. Anything else needs a
// person: the generated stub keeps the regex and says so.
type convPlan struct {
	name   string // Django's name for it
	goType string
	c      Converter
	kind   string // "int", "str" or "stub"
	width  int    // for "int": to_url pads to this many digits; 0: no padding
	why    string // for "stub": what the samples showed
}

func (g *gen) convPlan(name string) *convPlan {
	for _, p := range g.convs {
		if p.name == name {
			return p
		}
	}
	return nil
}

// builtinConverter reports a converter class of Django's own.
func builtinConverter(class string) bool { return strings.HasPrefix(class, "django.urls.converters.") }

// builtinNames are the converters hoop has as Django has them.
var builtinNames = map[string]bool{"int": true, "str": true, "slug": true, "uuid": true, "path": true}

// planConverters decides how each custom converter is carried over, and
// registers a stand-in with the regex for checking patterns.
func (g *gen) planConverters() {
	used := map[string]bool{}
	for _, name := range sortedKeys(g.e.Converters) {
		c := g.e.Converters[name]
		if builtinConverter(c.Class) && builtinNames[name] {
			continue
		}
		if builtinNames[name] {
			g.todo("converters", fmt.Sprintf("%s = %s", name, c.Class), "replaces Django's built-in %q converter, which hoop does not allow: patterns use hoop's built-in one", name)
			continue
		}
		p := &convPlan{name: name, c: c, goType: unique(lowerName(name)+"Converter", used)}
		p.classify()
		if p.kind == "stub" {
			g.todo("converters", fmt.Sprintf("%s = %s, regex %q", name, c.Class, c.Regex), "%s: port it to Go in ported.go (portedConverters); until then the generated tests that need it are skipped", p.why)
		}
		if err := g.checker.RegisterConverter(name, regexOnly(c.Regex)); err != nil {
			g.todo("converters", fmt.Sprintf("%s = %s, regex %q", name, c.Class, c.Regex), "hoop rejects it: %v", err)
			continue
		}
		g.convs = append(g.convs, p)
	}
}

// regexOnly stands in for a converter while the import checks patterns.
type regexOnly string

func (r regexOnly) Regex() string             { return string(r) }
func (regexOnly) ToGo(s string) (any, error)  { return s, nil }
func (regexOnly) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }

func lowerName(name string) string {
	n := exportedName(name)
	if strings.HasPrefix(n, "Conf") && !strings.HasPrefix(strings.ToLower(name), "conf") {
		return "conv" + n
	}
	return strings.ToLower(n[:1]) + n[1:]
}

func (p *convPlan) classify() {
	p.kind = "stub"
	if len(p.c.Samples) == 0 {
		p.why = "the export has no samples of what it does"
		return
	}
	intLike, strLike, plain, width := true, true, true, -1
	for _, s := range p.c.Samples {
		if s.URL == nil {
			p.why = fmt.Sprintf("to_url failed (%s)", s.URLError)
			return
		}
		url := *s.URL
		v, err := decode(s.Python)
		if err != nil {
			p.why = "a sample is not JSON"
			return
		}
		if str, ok := v.(string); !ok || str != s.Text || url != s.Text {
			strLike = false
		}
		num, ok := v.(json.Number)
		n, err := num.Int64()
		text, terr := strconv.ParseInt(s.Text, 10, 64)
		if !ok || err != nil || terr != nil || text != n || strings.TrimLeft(s.Text, "0123456789") != "" {
			intLike = false
			continue
		}
		if url != strconv.FormatInt(n, 10) {
			plain = false
		}
		switch {
		case width == -1:
			width = len(url)
		case width != len(url):
			width = 0
		}
		if fmt.Sprintf("%0*d", len(url), n) != url {
			width = 0
		}
	}
	switch {
	case strLike:
		p.kind = "str"
	case intLike && plain:
		p.kind = "int"
	case intLike && width > 0:
		p.kind, p.width = "int", width
	default:
		s := p.c.Samples[0]
		p.why = fmt.Sprintf("to_python(%q) made %s and to_url gave %q back, which is neither int() nor the text kept", s.Text, strings.TrimSpace(string(s.Python)), *s.URL)
	}
}

// convertersFile writes the converters and Conf, which builds the URL
// conf with them.
func (g *gen) convertersFile() (File, error) {
	var b strings.Builder
	b.WriteString(g.header())
	fmt.Fprintf(&b, "package %s\n\nimport (\n", g.o.Package)
	std := []string{`"maps"`}
	for _, p := range g.convs {
		if p.kind == "stub" || p.width > 0 {
			std = append([]string{`"fmt"`}, std...)
			break
		}
	}
	if g.needPad() {
		std = append(std, `"strconv"`)
	}
	b.WriteString(strings.Join(std, "\n") + "\n\n\"github.com/hoop-go/hoop/settings\"\n\"github.com/hoop-go/hoop/urlconf\"\n)\n\n")
	b.WriteString(`// Conf builds the URL conf, URLs, with the site's converters, and the
// settings' regex flavour and languages.
func Conf(s settings.Settings) (*urlconf.Conf, error) {
	b := urlconf.Builder{ASCII: s.ASCIIPatterns, LanguageCode: s.LanguageCode, Languages: s.Languages, Translate: translate}
	for name, c := range Converters() {
		if err := b.RegisterConverter(name, c); err != nil {
			return nil, err
		}
	}
	return b.Build(URLs)
}

// Converters returns the Django site's custom path converters, by name:
// the ones written here, replaced by any of the same name in
// portedConverters (ported.go).
func Converters() map[string]urlconf.Converter {
	convs := map[string]urlconf.Converter{
`)
	for _, p := range g.convs {
		fmt.Fprintf(&b, "%s: %s{},\n", goString(p.name), p.goType)
	}
	b.WriteString("}\n\tmaps.Copy(convs, portedConverters)\n\treturn convs\n}\n")
	g.writeTranslations(&b)
	for _, p := range g.convs {
		g.writeConverter(&b, p)
	}
	if g.needPad() {
		b.WriteString(`
// padInt is to_url's "%0*d" % int(value).
func padInt(v any, width int) (string, error) {
	s, err := urlconf.IntConverter{}.ToURL(v)
	if err != nil {
		return "", err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return "", fmt.Errorf("%w: %q is not an int", urlconf.ErrNoMatch, s)
	}
	return fmt.Sprintf("%0*d", width, n), nil
}
`)
	}
	data, err := gofmt("converters.go", []byte(b.String()))
	return File{Name: "converters.go", Data: data, Generated: true}, err
}

// writeTranslations writes the translated patterns' texts, as Django's
// catalogs gave them, and translate, the conf's Translate.
func (g *gen) writeTranslations(b *strings.Builder) {
	b.WriteString("\n// translations are the texts of the translated patterns (Django's\n// gettext_lazy) in each language, by the text written.\nvar translations = map[string]map[string]string{\n")
	for _, lang := range sortedKeys(g.translations) {
		fmt.Fprintf(b, "%s: {\n", goString(lang))
		for _, text := range sortedKeys(g.translations[lang]) {
			fmt.Fprintf(b, "%s: %s,\n", goString(text), goString(g.translations[lang][text]))
		}
		b.WriteString("},\n")
	}
	b.WriteString(`}

// translate is the conf's gettext: a pattern's text in lang.
func translate(lang, text string) string {
	if t, ok := translations[lang][text]; ok {
		return t
	}
	return text
}
`)
}

func (g *gen) needPad() bool {
	for _, p := range g.convs {
		if p.width > 0 {
			return true
		}
	}
	return false
}

func (g *gen) writeConverter(b *strings.Builder, p *convPlan) {
	fmt.Fprintf(b, "\n// %s is Django's %q converter, %s.\n", p.goType, p.name, oneLine(p.c.Class))
	switch p.kind {
	case "int":
		padding := ""
		if p.width > 0 {
			padding = fmt.Sprintf(", zero-padded to %d digits", p.width)
		}
		fmt.Fprintf(b, "// On every sample the export recorded, to_python was int() and to_url\n// was str()%s: hoop's int converter on Django's regex.\n", padding)
		fmt.Fprintf(b, "type %s struct{ urlconf.IntConverter }\n\nfunc (%s) Regex() string { return %s }\n", p.goType, p.goType, goString(p.c.Regex))
		if p.width > 0 {
			fmt.Fprintf(b, "func (%s) ToURL(v any) (string, error) { return padInt(v, %d) }\n", p.goType, p.width)
		}
	case "str":
		fmt.Fprintf(b, "// On every sample the export recorded, to_python and to_url kept the text:\n// hoop's str converter on Django's regex.\n")
		fmt.Fprintf(b, "type %s struct{ urlconf.StringConverter }\n\nfunc (%s) Regex() string { return %s }\n", p.goType, p.goType, goString(p.c.Regex))
	default:
		fmt.Fprintf(b, "//\n// TODO(import-django): port it: %s. Write the converter in Go and\n// register it in portedConverters (ported.go) under %q; until then this\n// stand-in matches Django's regex and keeps the text, and the generated\n// tests that need the converter are skipped.\n", oneLine(p.why), p.name)
		fmt.Fprintf(b, "type %s struct{}\n\nfunc (%s) Regex() string { return %s }\n", p.goType, p.goType, goString(p.c.Regex))
		fmt.Fprintf(b, "func (%s) ToGo(s string) (any, error) { return s, nil }\n", p.goType)
		fmt.Fprintf(b, "func (%s) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }\n", p.goType)
		fmt.Fprintf(b, "\n// Unported tells the generated tests to skip the cases that need the\n// converter (djangotest.Unported).\nfunc (%s) Unported() string { return %s }\n", p.goType, goString("port "+p.c.Class+" (converters.go)"))
	}
}
