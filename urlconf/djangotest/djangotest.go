// Package djangotest checks a hoop URL conf against Django's own answers.
//
// A site moved from Django keeps its URLs only if hoop resolves and
// reverses them as Django did. Django's hoop_export command records
// Django's answers for sample paths and names; import-django writes them
// into the generated package's urls_test.go as Resolve and Reverse
// cases, which RunResolve and RunReverse replay. A case is Django's
// answer, never a guess: when hoop disagrees, the test says with what.
//
// Values are written as the export writes them: JSON, with Python values
// JSON cannot hold as typed objects ({"$type": "uuid", "value": ...},
// {"$type": "bytes", "value": <Latin-1 text>}). A value of any other
// type cannot be compared and is left out of the comparison, which the
// test log says.
package djangotest

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/urlconf"
)

// A Resolve case is a path and what Django's resolve() made of it: a
// match, Resolver404, or another exception (a converter's).
type Resolve struct {
	ID   string
	Path string // what resolve() was given: request.path_info
	// Language is the language that was active, for a conf with
	// I18nPatterns or Translated entries; "" is the conf's default.
	Language string

	// Skip, when set, says why the case cannot run yet.
	Skip string
	// Converters are the custom converters the matched route uses: the
	// case is skipped while one of them is unported (see Unported).
	Converters []string

	// Django's ResolverMatch, when the path resolved.
	View       string
	Args       string // a JSON array; null is Python's None
	Kwargs     string // a JSON object
	URLName    string
	Route      string
	AppNames   []string
	Namespaces []string
	AppName    string
	Namespace  string
	ViewName   string
	// CapturedKwargs and ExtraKwargs are JSON objects, or "" when the
	// Django that recorded the case had no such fields (before 4.1).
	CapturedKwargs string
	ExtraKwargs    string

	// Error is the exception's class when resolve() raised: "Resolver404",
	// with Unmatched (the path left at the level that gave up) and Tried
	// (a JSON array of rows of {"kind", "pattern", "name"}), or another
	// class, such as a converter's "TypeError", with its Message.
	Error     string
	Unmatched string
	Tried     string
	Message   string
}

// A Reverse case is a name, its arguments, and what Django's reverse()
// returned: a URL, or an exception.
type Reverse struct {
	ID   string
	Name string
	// ByView says Name is a view's name, reversed with ReverseView, as
	// Django's reverse() of a view function.
	ByView     bool
	Args       string // a JSON array, or ""
	Kwargs     string // a JSON object, or ""
	CurrentApp string
	// ScriptPrefix is the script prefix (SCRIPT_NAME) at the call; ""
	// is "/".
	ScriptPrefix string
	Language     string // as in Resolve

	Skip       string   // as in Resolve
	Converters []string // custom converters of the patterns with that name

	Want string // the URL
	// Error is the exception's class, "NoReverseMatch" with Django's
	// Message, or another, whose message is not compared.
	Error   string
	Message string
}

// Unported returns, for each converter that says it is not ported yet
// (its type has an Unported() string method, as import-django's stubs
// do), what it says. Cases that need such a converter are skipped with
// that reason, until the converter is written for real.
func Unported(converters map[string]urlconf.Converter) map[string]string {
	out := map[string]string{}
	for name, c := range converters {
		if u, ok := c.(interface{ Unported() string }); ok {
			out[name] = u.Unported()
		}
	}
	return out
}

// RunResolve runs each case as a subtest named by its ID.
func RunResolve(t *testing.T, conf *urlconf.Conf, cases []Resolve, unported map[string]string) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			if why := skipReason(c.Skip, c.Converters, unported); why != "" {
				t.Skip(why)
			}
			notes, err := c.Check(conf)
			for _, n := range notes {
				t.Log(n)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
}

// RunReverse runs each case as a subtest named by its ID.
func RunReverse(t *testing.T, conf *urlconf.Conf, cases []Reverse, unported map[string]string) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			if why := skipReason(c.Skip, c.Converters, unported); why != "" {
				t.Skip(why)
			}
			if err := c.Check(conf); err != nil {
				t.Error(err)
			}
		})
	}
}

func skipReason(skip string, converters []string, unported map[string]string) string {
	if skip != "" {
		return skip
	}
	for _, name := range converters {
		if why, ok := unported[name]; ok {
			return fmt.Sprintf("converter %q is not ported yet: %s", name, why)
		}
	}
	return ""
}

// Check resolves the case's path with conf and compares every field
// with Django's. The notes say what could not be compared.
func (c Resolve) Check(conf *urlconf.Conf) (notes []string, err error) {
	conf, err = inLanguage(conf, c.Language)
	if err != nil {
		return nil, err
	}
	m, rerr := conf.Resolve(c.Path)
	switch c.Error {
	case "":
		if rerr != nil {
			return nil, fmt.Errorf("Resolve(%q): %v; Django resolved it to %s (route %q)", c.Path, rerr, c.View, c.Route)
		}
		return c.compare(m)
	case "Resolver404":
		var nf *urlconf.NotFound
		if !errors.As(rerr, &nf) {
			return nil, fmt.Errorf("Resolve(%q) = %s, %v; Django raised Resolver404", c.Path, describe(m), rerr)
		}
		var errs []error
		if nf.Path != c.Unmatched {
			errs = append(errs, fmt.Errorf("Resolve(%q): unmatched path %q, Django's %q", c.Path, nf.Path, c.Unmatched))
		}
		want, perr := triedRows(c.Tried)
		if perr != nil {
			return nil, fmt.Errorf("case %s: Tried: %v", c.ID, perr)
		}
		if got := gotRows(nf.Tried); !reflect.DeepEqual(got, want) {
			errs = append(errs, fmt.Errorf("Resolve(%q): patterns tried\n  hoop:   %s\n  Django: %s", c.Path, strings.Join(got, ", "), strings.Join(want, ", ")))
		}
		return nil, errors.Join(errs...)
	default:
		var nf *urlconf.NotFound
		if rerr == nil || errors.As(rerr, &nf) {
			return nil, fmt.Errorf("Resolve(%q) = %s, %v; Django raised %s: %s", c.Path, describe(m), rerr, c.Error, c.Message)
		}
		return nil, nil
	}
}

func describe(m *urlconf.Match) string {
	if m == nil {
		return "no match"
	}
	return fmt.Sprintf("%s (route %q)", m.View, m.Route)
}

func (c Resolve) compare(m *urlconf.Match) (notes []string, err error) {
	var errs []error
	field := func(name string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			errs = append(errs, fmt.Errorf("Resolve(%q).%s = %#v, Django's %#v", c.Path, name, got, want))
		}
	}
	field("View", m.View, c.View)
	field("URLName", m.URLName, c.URLName)
	field("Route", m.Route, c.Route)
	field("AppNames", nonNil(m.AppNames), nonNil(c.AppNames))
	field("Namespaces", nonNil(m.Namespaces), nonNil(c.Namespaces))
	field("AppName", m.AppName, c.AppName)
	field("Namespace", m.Namespace, c.Namespace)
	field("ViewName", m.ViewName, c.ViewName)
	args, none, aerr := wantArgs(c.Args)
	if aerr != nil {
		return nil, fmt.Errorf("case %s: Args: %v", c.ID, aerr)
	}
	field("Args", nonNil(m.Args), args)
	for i := range none {
		if i < len(m.Args) && m.ArgMatched(i) == none[i] {
			errs = append(errs, fmt.Errorf("Resolve(%q).ArgMatched(%d) = %v; Django's arg is %s", c.Path, i, m.ArgMatched(i), map[bool]string{true: "None", false: "a string"}[none[i]]))
		}
	}
	for _, kw := range []struct {
		name string
		got  map[string]any
		want string
	}{
		{"Kwargs", m.Kwargs, c.Kwargs},
		{"CapturedKwargs", m.CapturedKwargs, c.CapturedKwargs},
		{"ExtraKwargs", m.ExtraKwargs, c.ExtraKwargs},
	} {
		if kw.want == "" && kw.name != "Kwargs" {
			continue // not recorded by this Django
		}
		got, want, skipped, kerr := compareKwargs(kw.got, kw.want)
		if kerr != nil {
			return nil, fmt.Errorf("case %s: %s: %v", c.ID, kw.name, kerr)
		}
		for _, k := range skipped {
			notes = append(notes, fmt.Sprintf("%s[%q] not compared: Django's value has no Go equivalent", kw.name, k))
		}
		if got != want {
			errs = append(errs, fmt.Errorf("Resolve(%q).%s = %s, Django's %s", c.Path, kw.name, got, want))
		}
	}
	return notes, errors.Join(errs...)
}

// wantArgs decodes Django's args: None is "" in hoop's Match.Args, and
// told apart by Match.ArgMatched, which none reports false for.
func wantArgs(text string) (args []string, none []bool, err error) {
	if text == "" {
		return []string{}, nil, nil
	}
	vals, err := decodeJSON(text)
	if err != nil {
		return nil, nil, err
	}
	list, ok := vals.([]any)
	if !ok {
		return nil, nil, fmt.Errorf("%s is not a JSON array", text)
	}
	args, none = make([]string, len(list)), make([]bool, len(list))
	for i, v := range list {
		switch v := v.(type) {
		case nil:
			none[i] = true
		case string:
			args[i] = v
		default:
			return nil, nil, fmt.Errorf("arg %d is %s, not a string or null", i, text)
		}
	}
	return args, none, nil
}

// inLanguage is conf in lang, as Django with lang active.
func inLanguage(conf *urlconf.Conf, lang string) (*urlconf.Conf, error) {
	if lang == "" {
		return conf, nil
	}
	c, err := conf.ForLanguage(lang)
	if err != nil {
		return nil, fmt.Errorf("the conf in language %q: %v", lang, err)
	}
	return c, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func triedRows(text string) ([]string, error) {
	var rows [][]struct {
		Kind    string  `json:"kind"`
		Pattern string  `json:"pattern"`
		Name    *string `json:"name"`
	}
	if text != "" {
		if err := strictUnmarshal(text, &rows); err != nil {
			return nil, err
		}
	}
	out := []string{}
	for _, row := range rows {
		var parts []string
		for _, p := range row {
			name := ""
			if p.Name != nil {
				name = *p.Name
			}
			parts = append(parts, fmt.Sprintf("%s %q %q", p.Kind, p.Pattern, name))
		}
		out = append(out, "["+strings.Join(parts, " > ")+"]")
	}
	return out, nil
}

func gotRows(rows [][]urlconf.Tried) []string {
	out := []string{}
	for _, row := range rows {
		var parts []string
		for _, p := range row {
			parts = append(parts, fmt.Sprintf("%s %q %q", p.Kind, p.Pattern, p.Name))
		}
		out = append(out, "["+strings.Join(parts, " > ")+"]")
	}
	return out
}

// Check reverses the case's name with conf and compares the URL, or the
// error, with Django's.
func (c Reverse) Check(conf *urlconf.Conf) error {
	conf, err := inLanguage(conf, c.Language)
	if err != nil {
		return err
	}
	var o urlconf.ReverseOptions
	o.CurrentApp, o.ScriptPrefix = c.CurrentApp, c.ScriptPrefix
	if c.Args != "" {
		v, err := decodeJSON(c.Args)
		list, ok := v.([]any)
		if err != nil || !ok {
			return fmt.Errorf("case %s: Args %s is not a JSON array", c.ID, c.Args)
		}
		for i, a := range list {
			gv, err := goValue(a)
			if err != nil {
				return fmt.Errorf("case %s: arg %d: %v", c.ID, i, err)
			}
			o.Args = append(o.Args, gv)
		}
	}
	if c.Kwargs != "" {
		v, err := decodeJSON(c.Kwargs)
		obj, ok := v.(map[string]any)
		if err != nil || !ok {
			return fmt.Errorf("case %s: Kwargs %s is not a JSON object", c.ID, c.Kwargs)
		}
		if len(obj) > 0 {
			o.Kwargs = map[string]any{}
		}
		for k, a := range obj {
			gv, err := goValue(a)
			if err != nil {
				return fmt.Errorf("case %s: kwarg %q: %v", c.ID, k, err)
			}
			o.Kwargs[k] = gv
		}
	}
	reverse := conf.ReverseWith
	if c.ByView {
		reverse = conf.ReverseView
	}
	got, err := reverse(c.Name, o)
	call := fmt.Sprintf("Reverse(%q, args %s, kwargs %s)", c.Name, orNone(c.Args), orNone(c.Kwargs))
	switch {
	case c.Error == "" && err != nil:
		return fmt.Errorf("%s: %v; Django's %q", call, err, c.Want)
	case c.Error == "" && got != c.Want:
		return fmt.Errorf("%s = %q, Django's %q", call, got, c.Want)
	case c.Error == "":
		return nil
	case err == nil:
		return fmt.Errorf("%s = %q; Django raised %s: %s", call, got, c.Error, c.Message)
	case c.Error == "NoReverseMatch":
		var nrm *urlconf.NoReverseMatch
		if !errors.As(err, &nrm) {
			return fmt.Errorf("%s: %v; Django raised NoReverseMatch", call, err)
		}
		if c.Message != "" && nrm.Message != c.Message && !sameUpToKwargsOrder(nrm.Message, c.Message, o.Kwargs) {
			return fmt.Errorf("%s: message\n  hoop:   %s\n  Django: %s", call, nrm.Message, c.Message)
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sameUpToKwargsOrder reports whether two NoReverseMatch messages differ
// only in the order of the kwargs they show: Python prints a dict in the
// caller's order, which a Go map does not keep, so hoop prints the keys
// sorted.
func sameUpToKwargsOrder(got, want string, kwargs map[string]any) bool {
	const start, end = "keyword arguments '", "' not found."
	gi, gj := strings.Index(got, start), strings.Index(got, end)
	wi, wj := strings.Index(want, start), strings.Index(want, end)
	if len(kwargs) < 2 || gi < 0 || gj < gi || wi < 0 || wj < wi || got[:gi] != want[:wi] || got[gj:] != want[wj:] {
		return false
	}
	g, w := dictItems(got[gi+len(start):gj], kwargs), dictItems(want[wi+len(start):wj], kwargs)
	return g != nil && reflect.DeepEqual(g, w)
}

// dictItems splits a Python dict's repr into its "'key': value" items,
// sorted, at the keys it is known to have; nil if it has not all of them.
func dictItems(repr string, kwargs map[string]any) []string {
	if !strings.HasPrefix(repr, "{") || !strings.HasSuffix(repr, "}") {
		return nil
	}
	var starts []int
	for k := range kwargs {
		i := strings.Index(repr, "'"+k+"': ")
		if i < 1 || repr[i-1] != '{' && !strings.HasSuffix(repr[:i], ", ") {
			return nil
		}
		starts = append(starts, i)
	}
	sort.Ints(starts)
	items := make([]string, len(starts))
	for n, i := range starts {
		stop := len(repr) - 1
		if n+1 < len(starts) {
			stop = starts[n+1] - len(", ")
		}
		items[n] = repr[i:stop]
	}
	sort.Strings(items)
	return items
}
