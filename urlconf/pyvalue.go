package urlconf

import (
	"fmt"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Reverse follows Django closely enough that its messages and its text
// for values are Python's: these are str(), repr() and == for the values
// reverse accepts.

// pyStr is Python's str(v): the text reverse puts in a URL for a value
// that no converter claims.
func pyStr(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case float64:
		return pyFloat(v)
	case float32:
		return pyFloat(float64(v))
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

func pyFloat(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e16 {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// pyRepr is Python's repr(v), for error messages.
func pyRepr(v any) string {
	switch v := v.(type) {
	case string:
		return pyStringRepr(v)
	case nil, bool, float64, float32:
		return pyStr(v)
	case UUID:
		return "UUID('" + v.String() + "')"
	case []byte:
		return "b" + pyStringRepr(string(v))
	case []any:
		return "[" + joinReprs(v) + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyStringRepr(k) + ": " + pyRepr(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyTuple is the repr of args as a Python tuple: "(1,)" for one value.
func pyTuple(args []any) string {
	if len(args) == 1 {
		return "(" + pyRepr(args[0]) + ",)"
	}
	return "(" + joinReprs(args) + ")"
}

func joinReprs(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = pyRepr(v)
	}
	return strings.Join(parts, ", ")
}

// pyStringRepr quotes s as Python's repr does.
func pyStringRepr(s string) string { return pyre.Repr(s) }

// pyEqual is Python's == for the values kwargs hold: numbers compare by
// value (1 == 1.0 == True), anything else deeply.
func pyEqual(a, b any) bool {
	if x, ok := pyNumber(a); ok {
		if y, ok := pyNumber(b); ok {
			return x == y
		}
		return false
	}
	return reflect.DeepEqual(a, b)
}

func pyNumber(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.Bool:
		if rv.Bool() {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
