// Package djangoimport turns the JSON that Django's hoop_export command
// writes into a Go package: the URL conf, the converters, the views as
// proxies to Django, and tests that replay Django's recorded answers. It
// is the engine of the import-django command (package manage), kept
// apart so that the command stays a thin layer of flags and files.
//
// The input is the layout of hoop's Django conformance data, so that
// file can drive it too: with no "root", the caller names the conf to
// import.
package djangoimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// An Export is a Django site's URL conf and Django's answers, as
// hoop_export writes them.
type Export struct {
	Meta       Meta                 `json:"meta"`
	Root       string               `json:"root"`
	Settings   DjangoSettings       `json:"settings"`
	Converters map[string]Converter `json:"converters"`
	Confs      map[string]*Conf     `json:"confs"`
	Cases      []json.RawMessage    `json:"cases"`
}

// Meta describes the export.
type Meta struct {
	Format        string `json:"format"`
	DjangoVersion string `json:"django_version"`
}

// DjangoSettings are the Django settings the import uses.
type DjangoSettings struct {
	LanguageCode string     `json:"LANGUAGE_CODE"`
	Languages    [][]string `json:"LANGUAGES"`
	UseI18N      bool       `json:"USE_I18N"`
	AppendSlash  *bool      `json:"APPEND_SLASH"`
}

// A Converter is a registered path converter.
type Converter struct {
	Class   string            `json:"class"`
	Regex   string            `json:"regex"`
	Samples []ConverterSample `json:"samples"`
}

// A ConverterSample is what the converter made of one text: to_python's
// value and to_url's text for that value.
type ConverterSample struct {
	Text     string          `json:"text"`
	Python   json.RawMessage `json:"python"`
	URL      *string         `json:"url"`
	URLError string          `json:"url_error"`
}

// A Conf is one URL conf module.
type Conf struct {
	AppName  *string                    `json:"app_name"`
	Entries  []*Entry                   `json:"entries"`
	Handlers map[string]json.RawMessage `json:"handlers"`
}

// An Entry is an endpoint (kind "path" or "re_path") or an include.
type Entry struct {
	Kind        string                     `json:"kind"`
	PatternKind string                     `json:"pattern_kind"`
	Pattern     string                     `json:"pattern"`
	View        string                     `json:"view"`
	Name        *string                    `json:"name"`
	Kwargs      map[string]json.RawMessage `json:"kwargs"`
	Namespace   *string                    `json:"namespace"`
	AppName     *string                    `json:"app_name"`
	Conf        *string                    `json:"conf"`
	Entries     []*Entry                   `json:"entries"`
	Translated  bool                       `json:"translated"`
	// Translations are a translated pattern's text in each language.
	Translations map[string]string `json:"translations"`
	Class        string            `json:"class"`

	PrefixDefaultLanguage *bool `json:"prefix_default_language"`
}

// Load decodes and checks an export. root names the conf to import when
// the export has no "root" (conformance data), or overrides it. Every
// problem is reported at once, each with where it is.
func Load(data []byte, root string) (*Export, error) {
	var e Export
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&e); err != nil {
		return nil, jsonError(data, err)
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value: an export is one object")
	}
	if root != "" {
		e.Root = root
	}
	if err := e.check(); err != nil {
		return nil, err
	}
	return &e, nil
}

// jsonError says where in data a decoding error is.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Errorf("line %d, column %d: invalid JSON: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "the export"
		}
		return fmt.Errorf("line %d, column %d: %s: a JSON %s where an export has %s", line, col, field, typ.Value, goKind(typ.Type.Kind().String()))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("the JSON ends early: the export is cut short, or empty")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

func goKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a " + k
}

// position returns the 1-based line and column of the byte before
// offset off: the decoder's offsets point just past the culprit.
func position(data []byte, off int64) (line, col int) {
	if off > 0 {
		off--
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// check reports what Load cannot work with: a missing or unknown root, an
// entry of no known kind, an endpoint without a view, an include without
// its patterns or naming a conf the export lacks.
func (e *Export) check() error {
	var errs []error
	bad := func(where, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
	}
	if len(e.Confs) == 0 {
		return errors.New(`the export has no "confs": is it hoop_export's output?`)
	}
	switch {
	case e.Root == "":
		bad("root", `the export has no "root": name the conf to import (one of %s)`, keyList(e.Confs))
	case e.Confs[e.Root] == nil:
		bad("root", "%q is not a conf of the export (it has %s)", e.Root, keyList(e.Confs))
	}
	for _, key := range sortedKeys(e.Confs) {
		c := e.Confs[key]
		if c == nil {
			bad(confWhere(key), "null, not a conf")
			continue
		}
		checkEntries(e, c.Entries, confWhere(key), bad)
	}
	for _, name := range sortedKeys(e.Converters) {
		if e.Converters[name].Regex == "" {
			bad(fmt.Sprintf("converters[%q]", name), "no regex")
		}
	}
	return errors.Join(errs...)
}

func checkEntries(e *Export, entries []*Entry, where string, bad func(string, string, ...any)) {
	for i, en := range entries {
		w := fmt.Sprintf("%s.entries[%d]", where, i)
		if en == nil {
			bad(w, "null, not an entry")
			continue
		}
		switch en.Kind {
		case "path", "re_path":
			if en.View == "" {
				bad(w, "the %s entry %q has no view", en.Kind, en.Pattern)
			}
		case "include":
			switch en.PatternKind {
			case "path", "re_path", "i18n_prefix", "unknown":
			default:
				bad(w, "include with pattern_kind %q: want path, re_path or i18n_prefix", en.PatternKind)
			}
			switch {
			case en.Conf != nil && en.Entries != nil:
				bad(w, `the include %q has both "conf" and "entries"`, en.Pattern)
			case en.Conf != nil && e.Confs[*en.Conf] == nil:
				bad(w, "the include %q names the conf %q, which the export does not have", en.Pattern, *en.Conf)
			case en.Conf == nil && en.Entries == nil:
				bad(w, `the include %q has neither "conf" nor "entries"`, en.Pattern)
			}
			checkEntries(e, en.Entries, w, bad)
		case "unknown":
		default:
			bad(w, "kind %q: want path, re_path or include", en.Kind)
		}
	}
}

func confWhere(key string) string { return fmt.Sprintf("confs[%q]", key) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func keyList[V any](m map[string]V) string {
	keys := sortedKeys(m)
	if len(keys) > 8 {
		keys = append(keys[:8], fmt.Sprintf("... %d more", len(m)-8))
	}
	return strings.Join(keys, ", ")
}
