package djangoimport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// rawCase is a resolve or a reverse case of the export.
type rawCase struct {
	ID           string          `json:"id"`
	Conf         string          `json:"conf"`
	FullPath     *string         `json:"full_path"`
	Language     string          `json:"language"`
	Tags         []string        `json:"tags"`
	Via          string          `json:"via"`
	Name         json.RawMessage `json:"name"`
	Args         json.RawMessage `json:"args"`
	Kwargs       json.RawMessage `json:"kwargs"`
	CurrentApp   *string         `json:"current_app"`
	ScriptPrefix string          `json:"script_prefix"`
	Query        json.RawMessage `json:"query"`
	Fragment     json.RawMessage `json:"fragment"`
	Expected     json.RawMessage `json:"expected"`
}

type resolveExpected struct {
	View           string          `json:"view"`
	Args           json.RawMessage `json:"args"`
	Kwargs         json.RawMessage `json:"kwargs"`
	URLName        *string         `json:"url_name"`
	Route          string          `json:"route"`
	AppNames       []string        `json:"app_names"`
	Namespaces     []string        `json:"namespaces"`
	AppName        string          `json:"app_name"`
	Namespace      string          `json:"namespace"`
	ViewName       string          `json:"view_name"`
	CapturedKwargs json.RawMessage `json:"captured_kwargs"`
	ExtraKwargs    json.RawMessage `json:"extra_kwargs"`
	Error          string          `json:"error"`
	Unmatched      string          `json:"unmatched_path"`
	Tried          json.RawMessage `json:"tried"`
	Message        *string         `json:"message"`
}

// skipTags are the tags of cases that need what Python has and a Go
// port does not: the reason goes into the generated test.
var skipTags = []struct{ tag, why string }{
	{"python_only", "python_only: needs a Python object or per-test Python behaviour"},
	{"context_dependent", "context_dependent: the result depends on converter state installed per Django test"},
	{"not_executed", "not_executed: transcribed from a newer Django's tests, not recorded by running it"},
	{"erroneous_conf", "erroneous_conf: the conf is invalid on purpose"},
}

// testFile writes urls_test.go: Django's answers as djangotest cases.
func (g *gen) testFile() (File, error) {
	var resolves, reverses []string
	for i, raw := range g.e.Cases {
		var c rawCase
		if err := json.Unmarshal(raw, &c); err != nil {
			return File{}, fmt.Errorf("cases[%d]: %v", i, err)
		}
		if c.Conf != "" && c.Conf != g.e.Root {
			continue // a case of another conf of the conformance data
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("case-%d", i+1)
		}
		var lit string
		var err error
		switch {
		case c.FullPath != nil:
			lit, err = g.resolveCase(c)
			resolves = append(resolves, lit)
			g.nResolve++
		case c.Name != nil:
			lit, err = g.reverseCase(c)
			reverses = append(reverses, lit)
			g.nReverse++
		default:
			err = fmt.Errorf("neither a resolve case (full_path) nor a reverse case (name)")
		}
		if err != nil {
			return File{}, fmt.Errorf("cases[%d] (%s): %v", i, c.ID, err)
		}
	}
	var b strings.Builder
	b.WriteString(g.header())
	fmt.Fprintf(&b, `package %s

import (
	"testing"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/urlconf/djangotest"
)

// siteSettings are the site's own settings as the development server
// loads them (settings.toml, then dev.toml), over hoop's defaults.
func siteSettings(t *testing.T) settings.Settings {
	t.Helper()
	s, err := settings.LoadLayers(nil, settings.Layer{Name: "settings.toml", Data: SettingsTOML},
		settings.Layer{Name: "dev.toml", Data: DevSettingsTOML})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testConf(t *testing.T) *urlconf.Conf {
	t.Helper()
	conf, err := Conf(siteSettings(t))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

// TestSiteStarts builds the site with its own settings: every view the
// conf names is registered, and the conf passes the start-up checks.
func TestSiteStarts(t *testing.T) {
	if _, err := New(siteSettings(t), nil); err != nil {
		t.Fatal(err)
	}
}

// TestDjangoResolve replays what Django's resolve() returned%s.
func TestDjangoResolve(t *testing.T) {
	djangotest.RunResolve(t, testConf(t), resolveCases, djangotest.Unported(Converters()))
}

// TestDjangoReverse replays what Django's reverse() returned.
func TestDjangoReverse(t *testing.T) {
	djangotest.RunReverse(t, testConf(t), reverseCases, djangotest.Unported(Converters()))
}

var resolveCases = []djangotest.Resolve{
%s}

var reverseCases = []djangotest.Reverse{
%s}
`, g.o.Package, g.djangoName(), strings.Join(resolves, ""), strings.Join(reverses, ""))
	data, err := gofmt("urls_test.go", []byte(b.String()))
	return File{Name: "urls_test.go", Data: data, Generated: true}, err
}

func (g *gen) djangoName() string {
	if g.e.Meta.DjangoVersion == "" {
		return ""
	}
	return " (Django " + g.e.Meta.DjangoVersion + ")"
}

// skip says why a case cannot run, or "".
func (g *gen) skip(c rawCase) string {
	for _, t := range skipTags {
		if contains(c.Tags, t.tag) {
			return t.why
		}
	}
	if (contains(c.Tags, "i18n") || c.Language != "") && g.e.Settings.LanguageCode == "" {
		return "i18n: the export has no LANGUAGE_CODE and LANGUAGES (nor translations) to build the conf in Django's languages"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// field writes "Name: value," when value is not empty.
type fields struct{ b strings.Builder }

func (f *fields) str(name, v string) {
	if v != "" {
		fmt.Fprintf(&f.b, "%s: %s,\n", name, goString(v))
	}
}

func (f *fields) list(name string, v []string) {
	if len(v) == 0 {
		return
	}
	var parts []string
	for _, s := range v {
		parts = append(parts, goString(s))
	}
	fmt.Fprintf(&f.b, "%s: []string{%s},\n", name, strings.Join(parts, ", "))
}

// jsonText is raw JSON compacted, "" for none.
func jsonText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (f *fields) json(name string, raw json.RawMessage) error {
	text, err := jsonText(raw)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if text != "" && text != "null" {
		fmt.Fprintf(&f.b, "%s: %s,\n", name, rawString(text))
	}
	return nil
}

// rawString is JSON text as a Go literal: raw, so that it reads as JSON.
func rawString(s string) string {
	if !strconv.CanBackquote(s) {
		return strconv.Quote(s)
	}
	return "`" + s + "`"
}

func (g *gen) resolveCase(c rawCase) (string, error) {
	var exp resolveExpected
	if err := json.Unmarshal(c.Expected, &exp); err != nil {
		return "", fmt.Errorf("expected: %v", err)
	}
	var f fields
	f.str("ID", c.ID)
	f.str("Path", *c.FullPath)
	f.str("Language", c.Language)
	why := g.skip(c)
	if why == "" {
		why = g.omittedResolve(exp)
	}
	if why != "" {
		g.nSkipped++
	}
	f.str("Skip", why)
	if exp.Error != "" {
		f.str("Error", exp.Error)
		if exp.Error == "Resolver404" {
			f.str("Unmatched", exp.Unmatched)
			if len(exp.Tried) == 0 {
				exp.Tried = json.RawMessage("[]")
			}
			if err := f.json("Tried", exp.Tried); err != nil {
				return "", err
			}
		} else if exp.Message != nil {
			f.str("Message", *exp.Message)
		}
		return "{\n" + f.b.String() + "},\n", nil
	}
	f.list("Converters", g.customConverters(exp.Route))
	f.str("View", exp.View)
	if err := f.json("Args", exp.Args); err != nil {
		return "", err
	}
	if err := f.json("Kwargs", exp.Kwargs); err != nil {
		return "", err
	}
	if exp.URLName != nil {
		f.str("URLName", *exp.URLName)
	}
	f.str("Route", exp.Route)
	f.list("AppNames", exp.AppNames)
	f.list("Namespaces", exp.Namespaces)
	f.str("AppName", exp.AppName)
	f.str("Namespace", exp.Namespace)
	f.str("ViewName", exp.ViewName)
	if err := f.json("CapturedKwargs", exp.CapturedKwargs); err != nil {
		return "", err
	}
	if err := f.json("ExtraKwargs", exp.ExtraKwargs); err != nil {
		return "", err
	}
	return "{\n" + f.b.String() + "},\n", nil
}

// omittedResolve says why a case is about an entry the import left out.
func (g *gen) omittedResolve(exp resolveExpected) string {
	for _, en := range g.omitted {
		if exp.Error == "" && en.View == exp.View && (exp.URLName == nil && en.Name == nil || exp.URLName != nil && en.Name != nil && *exp.URLName == *en.Name) {
			return fmt.Sprintf("the entry %s was not carried over (TODO.md)", describeEntry(en))
		}
		if exp.Error == "Resolver404" && bytes.Contains(exp.Tried, []byte(fmt.Sprintf(`"pattern":%s`, mustJSON(en.Pattern)))) {
			return fmt.Sprintf("the patterns tried include %s, which was not carried over (TODO.md)", describeEntry(en))
		}
	}
	return ""
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (g *gen) reverseCase(c rawCase) (string, error) {
	var f fields
	f.str("ID", c.ID)
	name, byView, err := caseName(c.Name)
	if err != nil {
		return "", fmt.Errorf("name: %v", err)
	}
	why := g.skip(c)
	switch {
	case why != "":
	case strings.HasPrefix(c.Via, "URLResolver.reverse()"):
		why = "resolver_method: URLResolver.reverse() gives paths without the script prefix and leading slash; hoop's Reverse always gives the path"
	case present(c.Query) || present(c.Fragment):
		why = "query and fragment (Django 5.2's reverse(query=, fragment=)) are not recorded here"
	default:
		for _, en := range g.omitted {
			last := name[strings.LastIndex(name, ":")+1:]
			if en.Name != nil && *en.Name == last || byView && en.View == name {
				why = fmt.Sprintf("the entry %s was not carried over (TODO.md)", describeEntry(en))
				break
			}
		}
	}
	if why != "" {
		g.nSkipped++
	}
	f.str("Name", name)
	if byView {
		f.b.WriteString("ByView: true,\n")
	}
	if args, _ := jsonText(c.Args); args != "" && args != "[]" && args != "null" {
		f.json("Args", c.Args)
	}
	if kwargs, _ := jsonText(c.Kwargs); kwargs != "" && kwargs != "{}" && kwargs != "null" {
		f.json("Kwargs", c.Kwargs)
	}
	if c.CurrentApp != nil {
		f.str("CurrentApp", *c.CurrentApp)
	}
	if c.ScriptPrefix != "" && c.ScriptPrefix != "/" {
		f.str("ScriptPrefix", c.ScriptPrefix)
	}
	f.str("Language", c.Language)
	f.str("Skip", why)
	f.list("Converters", g.nameConvs(name))
	var want string
	if json.Unmarshal(c.Expected, &want) == nil {
		f.b.WriteString(fmt.Sprintf("Want: %s,\n", goString(want)))
		return "{\n" + f.b.String() + "},\n", nil
	}
	var exp struct {
		Error   string  `json:"error"`
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(c.Expected, &exp); err != nil || exp.Error == "" {
		return "", fmt.Errorf("expected: neither a URL nor an error: %s", c.Expected)
	}
	f.str("Error", exp.Error)
	if exp.Message != nil {
		f.str("Message", *exp.Message)
	}
	return "{\n" + f.b.String() + "},\n", nil
}

// caseName is the name reversed: a URL name, or a view given as a
// callable, which in hoop is its dotted path.
func caseName(raw json.RawMessage) (name string, byView bool, err error) {
	if string(raw) == "null" {
		return "", false, nil
	}
	if json.Unmarshal(raw, &name) == nil {
		return name, false, nil
	}
	var ref struct {
		Type  string `json:"$type"`
		Value string `json:"value"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil || ref.Type != "callable" {
		return "", false, fmt.Errorf("%s is neither a name nor a callable", raw)
	}
	return ref.Value, true, nil
}

// nameConvs lists the custom converters on the way to the entries the
// name's last part names.
func (g *gen) nameConvs(name string) []string {
	set := g.nameConverters[name[strings.LastIndex(name, ":")+1:]]
	var out []string
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func present(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }
