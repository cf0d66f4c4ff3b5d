package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/caarlos0/env/v11"
)

// envPrefix prefixes every environment variable hoop reads.
const envPrefix = "HOOP_"

// Load returns the settings from the defaults, the TOML file at path
// (none if path is ""), and the process environment, in that order of
// precedence, then validated. On error it returns the zero Settings and an
// error listing every problem found, one per line.
func Load(path string) (Settings, error) {
	return LoadWith(path, os.Environ())
}

// LoadWith is [Load] with an explicit environment of "KEY=value" entries,
// for tests and tools.
func LoadWith(path string, environ []string) (Settings, error) {
	file, err := File(path)
	if err != nil {
		return Settings{}, err
	}
	return LoadLayers(environ, file)
}

// A Layer is one TOML document of settings, such as a site's own
// defaults embedded in its binary.
type Layer struct {
	Name string // shown in errors: a file name, or "site settings"
	Data []byte // the TOML text; nil for no layer
}

// File reads the TOML file at path as a Layer. An empty path is an empty
// layer; a path that cannot be read is an error naming it.
func File(path string) (Layer, error) {
	if path == "" {
		return Layer{}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Layer{}, fmt.Errorf("settings: %s: %w", path, err)
	}
	return Layer{Name: path, Data: b}, nil
}

// LoadLayers returns the settings from the defaults, then each layer in
// order, then the environment (explicit "KEY=value" entries), validated.
// A site uses it to put its own settings between hoop's defaults and the
// operator's file.
func LoadLayers(environ []string, layers ...Layer) (Settings, error) {
	s := Default()
	var errs []error
	parsed := true
	for _, l := range layers {
		lerrs, ok := s.fromTOML(l.Name, l.Data)
		errs = append(errs, lerrs...)
		parsed = parsed && ok
	}
	errs = append(errs, s.fromEnv(environ)...)
	if parsed { // Otherwise most complaints would be about keys never read.
		errs = append(errs, s.validate()...)
	}
	if len(errs) > 0 {
		return Settings{}, errors.Join(errs...)
	}
	return s, nil
}

// fromTOML applies the TOML document data; parsed reports whether it was
// syntactically valid. Each top-level key is decoded on its own so that
// every bad key is reported, not just the first.
//
// Unknown keys are found by comparing the top-level keys with the known
// ones rather than with MetaData.Undecoded, because Undecoded carries no
// position and we want line numbers: decoding a key's Primitive into
// locator makes the toml package report where that key is.
func (s *Settings) fromTOML(name string, data []byte) (errs []error, parsed bool) {
	if data == nil {
		return nil, true
	}
	var doc map[string]toml.Primitive
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return []error{fmt.Errorf("settings: %s:%d: %s", name, pe.Position.Line, oneLine.Replace(pe.Message))}, false
		}
		return []error{fmt.Errorf("settings: %s: %s", name, oneLine.Replace(err.Error()))}, false
	}
	v := reflect.ValueOf(s).Elem()
	seen := map[string]bool{}
	for _, k := range md.Keys() { // In document order.
		key, prim := k[0], doc[k[0]] // Deeper keys are checked with their table.
		if seen[key] {
			continue
		}
		seen[key] = true
		where := name
		if line := lineOf(&md, prim, 8); line > 0 {
			where = fmt.Sprintf("%s:%d", name, line)
		}
		f, ok := byKey[key]
		if !ok {
			errs = append(errs, fmt.Errorf("settings: %s: unknown key %q%s", where, key, suggest(key, keys)))
			continue
		}
		var raw any
		if err := md.PrimitiveDecode(prim, &raw); err != nil {
			errs = append(errs, fmt.Errorf("settings: %s: %s: %v", where, key, err))
		} else if err := setTOML(v.Field(f.index), raw); err != nil {
			errs = append(errs, fmt.Errorf("settings: %s: %s: %v", where, key, err))
		}
	}
	return errs, true
}

// oneLine keeps a toml message on one line: some quote raw input.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// locator is a TOML destination that always fails, to learn a key's line.
type locator struct{}

func (locator) UnmarshalTOML(any) error { return errors.New("locate") }

// lineOf returns the line of p's key, or 0 if unknown. depth bounds the
// search through implicit tables.
func lineOf(md *toml.MetaData, p toml.Primitive, depth int) int {
	var pe toml.ParseError
	if err := md.PrimitiveDecode(p, &locator{}); errors.As(err, &pe) && pe.Position.Line > 0 {
		return pe.Position.Line
	}
	// An implicit table ("a.b = 1", "[a.b]") has no line; use its first key's.
	var children map[string]toml.Primitive
	if depth == 0 || md.PrimitiveDecode(p, &children) != nil {
		return 0
	}
	first := 0
	for _, c := range children {
		if l := lineOf(md, c, depth-1); l > 0 && (first == 0 || l < first) {
			first = l
		}
	}
	return first
}

// fromEnv applies the HOOP_* variables of environ.
func (s *Settings) fromEnv(environ []string) []error {
	vars := env.ToMap(environ)
	var errs []error
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, envPrefix) && byEnv[name] == nil {
			errs = append(errs, fmt.Errorf("settings: %s: unknown environment variable%s", name, suggest(name, envNames)))
		}
	}
	err := env.ParseWithOptions(s, env.Options{Environment: vars, Prefix: envPrefix, FuncMap: envParsers})
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		if err != nil {
			errs = append(errs, fmt.Errorf("settings: environment: %v", err))
		}
		return errs
	}
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			e = fmt.Errorf("%s: %w", byName[pe.Name].env, pe.Err)
		}
		errs = append(errs, fmt.Errorf("settings: %v", e))
	}
	return errs
}
