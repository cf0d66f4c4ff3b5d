package settings

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// field describes one settable field of Settings, from its struct tags.
type field struct {
	index int    // in Settings
	key   string // TOML key
	env   string // environment variable, "" if none
}

var (
	byKey    = map[string]*field{} // by TOML key
	byEnv    = map[string]*field{} // by environment variable
	byName   = map[string]*field{} // by Go field name
	keys     []string              // TOML keys, in field order
	envNames []string              // environment variables, in field order
)

func init() {
	t := reflect.TypeOf(Settings{})
	for i := range t.NumField() {
		sf := t.Field(i)
		f := &field{index: i, key: sf.Tag.Get("toml")}
		if e := sf.Tag.Get("env"); e != "-" {
			f.env = envPrefix + e
			byEnv[f.env] = f
			envNames = append(envNames, f.env)
		}
		byKey[f.key], byName[sf.Name] = f, f
		keys = append(keys, f.key)
	}
}

var durationType = reflect.TypeOf(time.Duration(0))

// setTOML stores the decoded TOML value raw in the Settings field v.
func setTOML(v reflect.Value, raw any) error {
	switch {
	case v.Kind() == reflect.Pointer: // *bool: nil means "not set, derive it"
		elem := reflect.New(v.Type().Elem())
		if err := setTOML(elem.Elem(), raw); err != nil {
			return err
		}
		v.Set(elem)
	case v.Type() == durationType:
		str, ok := raw.(string)
		if !ok {
			return fmt.Errorf(`expected a duration string like "5s", got %s`, describe(raw))
		}
		d, err := parseDuration(str)
		if err == nil {
			v.Set(reflect.ValueOf(d))
		}
		return err
	case v.Kind() == reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			return fmt.Errorf("expected a boolean, got %s", describe(raw))
		}
		v.SetBool(b)
	case v.Kind() == reflect.String:
		str, ok := raw.(string)
		if !ok {
			return fmt.Errorf("expected a string, got %s", describe(raw))
		}
		v.SetString(str)
	case v.Kind() == reflect.Int || v.Kind() == reflect.Int64:
		n, ok := raw.(int64)
		if !ok {
			return fmt.Errorf("expected an integer, got %s", describe(raw))
		}
		if v.OverflowInt(n) {
			return fmt.Errorf("integer %d out of range", n)
		}
		v.SetInt(n)
	case v.Kind() == reflect.Slice: // []string
		list, _ := raw.([]any)
		strs := make([]string, 0, len(list))
		for _, e := range list {
			if str, ok := e.(string); ok {
				strs = append(strs, str)
			}
		}
		if list == nil || len(strs) != len(list) {
			return fmt.Errorf("expected an array of strings, got %s", describe(raw))
		}
		v.Set(reflect.ValueOf(strs))
	case v.Kind() == reflect.Map: // map[string]any
		table, ok := raw.(map[string]any)
		if !ok {
			return fmt.Errorf("expected a table, got %s", describe(raw))
		}
		v.Set(reflect.ValueOf(table))
	}
	return nil
}

// describe names a decoded TOML value's type, and the value if it is short.
func describe(raw any) string {
	switch raw := raw.(type) {
	case string:
		return fmt.Sprintf("string %q", raw)
	case bool:
		return fmt.Sprintf("boolean %t", raw)
	case int64:
		return fmt.Sprintf("integer %d", raw)
	case float64:
		return fmt.Sprintf("float %v", raw)
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "datetime"
}

// envParsers parse environment values; caarlos0/env wraps their errors.
var envParsers = map[reflect.Type]env.ParserFunc{
	reflect.TypeOf(false): func(v string) (any, error) {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("invalid boolean %q", v)
		}
		return b, nil
	},
	reflect.TypeOf(0): func(v string) (any, error) {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("invalid integer %q", v)
		}
		return n, nil
	},
	reflect.TypeOf(int64(0)): func(v string) (any, error) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid integer %q", v)
		}
		return n, nil
	},
	durationType: func(v string) (any, error) { return parseDuration(v) },
	reflect.TypeOf([]string(nil)): func(v string) (any, error) {
		var list []string
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				list = append(list, e)
			}
		}
		return list, nil
	},
}

func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q", v)
	}
	return d, nil
}

// suggest returns ` (did you mean X?)` for the candidate closest to name,
// if it is within two edits, or "".
func suggest(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := distance(name, c); d < bestDist && d < len(name) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
