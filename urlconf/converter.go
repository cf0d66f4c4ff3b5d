package urlconf

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
)

// ErrNoMatch is the error a Converter returns when a captured value is not
// one of its values. In ToGo it means "this pattern does not match; try the
// next one"; in ToURL it means "this candidate cannot be reversed; try the
// next one". It is Django's ValueError. Any other error stops resolution and
// is returned to the caller, as Django lets other exceptions propagate.
var ErrNoMatch = errors.New("urlconf: value does not match the converter")

// A Converter turns the text a path() parameter captured into a Go value and
// back. It is Django's path converter.
//
// Regex returns the regular expression, in Python syntax, that a parameter
// matches; it must not contain capturing groups of its own. ToGo is called
// with the captured text and returns the value stored in the match's
// kwargs; it returns an error wrapping ErrNoMatch when the text is not a
// valid value. ToURL is called by reverse with a Go value and returns its
// text in the URL. All three must be safe for concurrent use.
type Converter interface {
	Regex() string
	ToGo(s string) (any, error)
	ToURL(v any) (string, error)
}

// builtinConverters are Django's default converters, by name.
var builtinConverters = map[string]Converter{
	"int":  IntConverter{},
	"str":  StringConverter{},
	"slug": SlugConverter{},
	"uuid": UUIDConverter{},
	"path": PathConverter{},
}

// IntConverter is the "int" converter: one or more ASCII digits, as an int.
// Negative numbers never match, and leading zeros are lost ("01" is 1).
type IntConverter struct{}

func (IntConverter) Regex() string { return "[0-9]+" }

func (IntConverter) ToGo(s string) (any, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		// Only an out-of-range value can get here; it is not a value of ours.
		return nil, fmt.Errorf("%w: %q is not an int", ErrNoMatch, s)
	}
	return n, nil
}

func (IntConverter) ToURL(v any) (string, error) {
	switch v := v.(type) {
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case uint, uint64, uint32:
		return fmt.Sprint(v), nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("%w: %T is not an int", ErrNoMatch, v)
}

// StringConverter is the "str" converter, and the default when a parameter
// names none: any non-empty text without a "/".
type StringConverter struct{}

func (StringConverter) Regex() string               { return "[^/]+" }
func (StringConverter) ToGo(s string) (any, error)  { return s, nil }
func (StringConverter) ToURL(v any) (string, error) { return textOf(v), nil }

// SlugConverter is the "slug" converter: ASCII letters, digits, "-" and "_".
type SlugConverter struct{}

func (SlugConverter) Regex() string               { return "[-a-zA-Z0-9_]+" }
func (SlugConverter) ToGo(s string) (any, error)  { return s, nil }
func (SlugConverter) ToURL(v any) (string, error) { return textOf(v), nil }

// PathConverter is the "path" converter: any non-empty text, "/" included.
type PathConverter struct{}

func (PathConverter) Regex() string               { return ".+" }
func (PathConverter) ToGo(s string) (any, error)  { return s, nil }
func (PathConverter) ToURL(v any) (string, error) { return textOf(v), nil }

// UUIDConverter is the "uuid" converter: a lower-case, hyphenated UUID,
// converted to a UUID value. Upper-case UUIDs do not match, as in Django.
type UUIDConverter struct{}

func (UUIDConverter) Regex() string {
	return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
}

func (UUIDConverter) ToGo(s string) (any, error) { return ParseUUID(s) }

func (UUIDConverter) ToURL(v any) (string, error) {
	switch v := v.(type) {
	case UUID:
		return v.String(), nil
	case [16]byte:
		return UUID(v).String(), nil
	case fmt.Stringer:
		return v.String(), nil
	case string:
		return v, nil
	}
	return "", fmt.Errorf("%w: %T is not a UUID", ErrNoMatch, v)
}

// UUID is the value the uuid converter produces. Any [16]byte UUID type
// (such as github.com/google/uuid.UUID) converts to it directly.
type UUID [16]byte

// ParseUUID parses the canonical hyphenated form, in either case.
func ParseUUID(s string) (UUID, error) {
	var u UUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, fmt.Errorf("%w: %q is not a UUID", ErrNoMatch, s)
	}
	digits := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(u[:], []byte(digits)); err != nil {
		return u, fmt.Errorf("%w: %q is not a UUID", ErrNoMatch, s)
	}
	return u, nil
}

// String returns the lower-case hyphenated form.
func (u UUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// textOf is Python's str() for the values reverse accepts.
func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}
