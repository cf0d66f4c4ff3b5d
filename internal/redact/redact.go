// Package redact is the one secret filter of hoop's debug pages: what a
// technical error page shows (settings, the site's own [site] table,
// headers, cookies, form fields, the query) goes through it, so that a
// page a developer screenshots or pastes into a ticket carries no
// password, key or token.
//
// Its rule is Django's SafeExceptionReporterFilter, applied at every
// depth rather than to top-level names only, and extended:
//
//   - a value whose name (a struct field, a map key, a header, a cookie,
//     a form field, a query parameter) contains API, TOKEN, KEY, SECRET,
//     PASS, SIGNATURE, DSN, PRIVATE, CREDENTIAL, AUTH, COOKIE, SESSION or
//     CSRF, in any case, is replaced by Mask, whatever it holds;
//   - in any other string, the password of a URL
//     (scheme://user:password@host), the value of a password=... pair in
//     a key=value DSN, and the values of query parameters with secret
//     names, are masked.
//
// It masks too much rather than too little: a debug page loses little
// when session_lifetime shows as stars.
package redact

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Mask replaces what is hidden, as Django's cleansed_substitute.
const Mask = "********************"

var secretName = regexp.MustCompile(`(?i)API|TOKEN|KEY|SECRET|PASS|SIGNATURE|DSN|PRIVATE|CREDENTIAL|AUTH|COOKIE|SESSION|CSRF`)

// SecretName reports whether a value named name is hidden whole.
func SecretName(name string) bool { return secretName.MatchString(name) }

// maxDepth bounds the walk: a cyclic or very deep value is cut there.
const maxDepth = 12

// Named returns v as a debug page may show it: Mask if name is secret,
// else Value(v).
func Named(name string, v any) any {
	if SecretName(name) {
		return Mask
	}
	return Value(v)
}

// Value returns a copy of v that a debug page may show, made of
// map[string]any, []any, string, bool, numbers and nil, with the rule of
// the package applied at every depth. Structs become maps of their
// exported fields; durations, times and other fmt.Stringers their text.
func Value(v any) any {
	return walk(reflect.ValueOf(v), 0)
}

var (
	durationType = reflect.TypeOf(time.Duration(0))
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
)

func walk(v reflect.Value, depth int) any {
	if !v.IsValid() {
		return nil
	}
	if depth > maxDepth {
		return "…"
	}
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		if v.Type().Implements(errorType) || v.Type().Implements(stringerType) {
			break
		}
		v = v.Elem()
	}
	t := v.Type()
	switch {
	case t == durationType:
		return time.Duration(v.Int()).String()
	case t.Implements(errorType) && v.CanInterface():
		return String(v.Interface().(error).Error())
	case t.Implements(stringerType) && v.CanInterface():
		return String(v.Interface().(fmt.Stringer).String())
	}
	switch v.Kind() {
	case reflect.String:
		return String(v.String())
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Struct:
		out := map[string]any{}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				out[f.Name] = named(f.Name, v.Field(i), depth)
			}
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			k := fmt.Sprint(walk(iter.Key(), depth+1))
			out[k] = named(k, iter.Value(), depth)
		}
		return out
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return Mask // raw bytes: a key or a token as often as not
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = walk(v.Index(i), depth+1)
		}
		return out
	}
	return "<" + t.String() + ">" // funcs, channels: nothing to show
}

func named(name string, v reflect.Value, depth int) any {
	if SecretName(name) {
		return Mask
	}
	return walk(v, depth+1)
}

// urlPassword finds scheme://user:password@ in any text.
var urlPassword = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)([^\s/]*)@`)

// dsnPassword finds password=... in a key=value DSN (quoted or not).
var dsnPassword = regexp.MustCompile(`(?i)(\b[a-z_]*pass[a-z_]*\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)`)

// String masks the secrets inside s: URL passwords, DSN passwords, and
// query parameters with secret names.
func String(s string) string {
	s = urlPassword.ReplaceAllString(s, "${1}"+Mask+"@")
	s = dsnPassword.ReplaceAllString(s, "${1}"+Mask)
	if i := strings.IndexByte(s, '?'); i >= 0 && strings.Contains(s[i:], "=") {
		s = s[:i+1] + Query(s[i+1:])
	}
	return s
}

// Query masks the values of the secret-named parameters of a raw query
// string, keeping its order and encoding.
func Query(raw string) string {
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if dec, err := url.QueryUnescape(name); err == nil {
			name = dec
		}
		if hasValue && SecretName(name) {
			parts[i] = p[:strings.IndexByte(p, '=')+1] + Mask
		}
	}
	return strings.Join(parts, "&")
}

// Rows returns the entries of a map or struct, cleansed, sorted by name:
// the rows of a debug page's table.
func Rows(v any) [][2]any {
	tree, ok := Value(v).(map[string]any)
	if !ok {
		return nil
	}
	names := make([]string, 0, len(tree))
	for k := range tree {
		names = append(names, k)
	}
	sort.Strings(names)
	rows := make([][2]any, len(names))
	for i, k := range names {
		rows[i] = [2]any{k, tree[k]}
	}
	return rows
}
