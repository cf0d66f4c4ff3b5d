package djangotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/hoop-go/hoop/urlconf"
)

// Values between Django's JSON and Go: the export writes Python values as
// JSON, typed objects for what JSON cannot hold; a match holds Go values.
// Comparing both as canonical JSON (keys sorted, Go values written the
// way the export writes Python's) makes 2024 equal 2024 and "2024"
// differ from it, as in Python.

func decodeJSON(text string) (any, error) {
	var v any
	if err := strictUnmarshal(text, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// strictUnmarshal decodes exactly one JSON value, keeping numbers exact.
func strictUnmarshal(text string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON %q: %v", text, err)
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON %q: more than one value", text)
	}
	return nil
}

// typed reports the "$type" of a typed object.
func typed(v any) (string, map[string]any, bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		return "", nil, false
	}
	t, ok := obj["$type"].(string)
	return t, obj, ok
}

// portable reports whether a Django value has a Go equivalent.
func portable(v any) bool {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if !portable(x) {
				return false
			}
		}
		return true
	case map[string]any:
		if t, _, ok := typed(v); ok {
			return t == "uuid" || t == "bytes"
		}
		for _, x := range v {
			if !portable(x) {
				return false
			}
		}
	}
	return true
}

// goValue is the Go value a caller passes for a Django value: an int for
// an integer, a urlconf.UUID, a []byte.
func goValue(v any) (any, error) {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil && n >= math.MinInt && n <= math.MaxInt {
			return int(n), nil
		}
		return v.Float64()
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			gv, err := goValue(x)
			if err != nil {
				return nil, err
			}
			out[i] = gv
		}
		return out, nil
	case map[string]any:
		if t, obj, ok := typed(v); ok {
			s, _ := obj["value"].(string)
			switch t {
			case "uuid":
				return urlconf.ParseUUID(s)
			case "bytes":
				return latin1(s)
			}
			return nil, fmt.Errorf("a Python %s has no Go equivalent", t)
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			gv, err := goValue(x)
			if err != nil {
				return nil, err
			}
			out[k] = gv
		}
		return out, nil
	}
	return v, nil
}

func latin1(s string) ([]byte, error) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, fmt.Errorf("bytes value %q is not Latin-1 text", s)
		}
		b = append(b, byte(r))
	}
	return b, nil
}

// djangoValue is a Go value as the export writes the Python one.
func djangoValue(v any) any {
	switch v := v.(type) {
	case []byte:
		r := make([]rune, len(v))
		for i, b := range v {
			r[i] = rune(b)
		}
		return map[string]any{"$type": "bytes", "value": string(r)}
	case urlconf.UUID:
		return map[string]any{"$type": "uuid", "value": v.String()}
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = djangoValue(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = djangoValue(x)
		}
		return out
	}
	return v
}

// compareKwargs returns the canonical JSON of hoop's kwargs and of
// Django's, leaving out (and naming) the keys whose Django value has no
// Go equivalent.
func compareKwargs(got map[string]any, wantText string) (gotJSON, wantJSON string, skipped []string, err error) {
	want := map[string]any{}
	if wantText != "" {
		v, err := decodeJSON(wantText)
		obj, ok := v.(map[string]any)
		if err != nil || !ok {
			return "", "", nil, fmt.Errorf("%s is not a JSON object", wantText)
		}
		want = obj
	}
	want = canonical(want).(map[string]any)
	g := map[string]any{}
	for k, v := range got {
		g[k] = djangoValue(v)
	}
	for k, v := range want {
		if !portable(v) {
			skipped = append(skipped, k)
			delete(want, k)
			delete(g, k)
		}
	}
	sort.Strings(skipped)
	gb, err := json.Marshal(g)
	if err != nil {
		return "", "", nil, fmt.Errorf("hoop's kwargs: %v", err)
	}
	wb, _ := json.Marshal(want)
	return string(gb), string(wb), skipped, nil
}

// canonical turns JSON numbers into the Go values that marshal alike:
// Python's 2.0 and Go's float64 2 are the same value.
func canonical(v any) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i, x := range v {
			v[i] = canonical(x)
		}
	case map[string]any:
		for k, x := range v {
			v[k] = canonical(x)
		}
	}
	return v
}
