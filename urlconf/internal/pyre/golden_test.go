package pyre

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// golden is testdata/golden.json, written by testdata/gen_golden.py from
// CPython's own re module.
type golden struct {
	Python string `json:"python"`
	Cases  []struct {
		Pattern   string       `json:"pattern"`
		ASCII     bool         `json:"ascii"`
		Input     string       `json:"input"`
		Search    *goldenMatch `json:"search"`
		Fullmatch *goldenMatch `json:"fullmatch"`
	} `json:"cases"`
	Errors []struct {
		Pattern string `json:"pattern"`
		Type    string `json:"type"`
		Msg     string `json:"msg"`
		Pos     *int   `json:"pos"`
		Str     string `json:"str"`
	} `json:"errors"`
}

// goldenMatch is one match as Python reports it; spans count code
// points, which is also regexp2's unit (runes).
type goldenMatch struct {
	Span   []int     `json:"span"`
	Groups [][]int   `json:"groups"`
	Values []*string `json:"values"`
}

func loadGolden(t testing.TB) *golden {
	t.Helper()
	data, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// compileDotnet translates and compiles pattern; full anchors it the way
// Python's fullmatch does.
func compileDotnet(t testing.TB, pattern string, ascii, full bool) *regexp2.Regexp {
	t.Helper()
	re, err := Parse(pattern)
	if err != nil {
		t.Fatalf("Parse(%q): %v", pattern, err)
	}
	expr, opts, err := re.Dotnet(ascii)
	if err != nil {
		t.Fatalf("Dotnet(%q): %v", pattern, err)
	}
	if full {
		expr = `\A(?:` + expr + `)\z`
	}
	rx, err := regexp2.Compile(expr, opts)
	if err != nil {
		t.Fatalf("regexp2.Compile(%q) for %q: %v", expr, pattern, err)
	}
	return rx
}

func toGolden(t testing.TB, rx *regexp2.Regexp, input string) *goldenMatch {
	t.Helper()
	m, err := rx.FindStringMatch(input)
	if err != nil {
		t.Fatalf("match %q on %q: %v", rx.String(), input, err)
	}
	if m == nil {
		return nil
	}
	gm := &goldenMatch{Span: []int{m.Index, m.Index + m.Length}, Groups: [][]int{}, Values: []*string{}}
	for i := 1; i < m.GroupCount(); i++ {
		g := m.GroupByNumber(i)
		if len(g.Captures) == 0 {
			gm.Groups = append(gm.Groups, nil)
			gm.Values = append(gm.Values, nil)
			continue
		}
		v := g.String()
		gm.Groups = append(gm.Groups, []int{g.Index, g.Index + g.Length})
		gm.Values = append(gm.Values, &v)
	}
	return gm
}

func TestGoldenMatches(t *testing.T) {
	g := loadGolden(t)
	if len(g.Cases) < 300 {
		t.Fatalf("only %d golden cases", len(g.Cases))
	}
	for _, c := range g.Cases {
		search := compileDotnet(t, c.Pattern, c.ASCII, false)
		full := compileDotnet(t, c.Pattern, c.ASCII, true)
		if got := toGolden(t, search, c.Input); !sameMatch(got, c.Search) {
			t.Errorf("search %q (ascii=%v) on %q via %q:\n got %s\nwant %s", c.Pattern, c.ASCII, c.Input, search.String(), dumpMatch(got), dumpMatch(c.Search))
		}
		if got := toGolden(t, full, c.Input); !sameMatch(got, c.Fullmatch) {
			t.Errorf("fullmatch %q (ascii=%v) on %q via %q:\n got %s\nwant %s", c.Pattern, c.ASCII, c.Input, full.String(), dumpMatch(got), dumpMatch(c.Fullmatch))
		}
	}
}

func sameMatch(a, b *goldenMatch) bool {
	if a == nil || b == nil {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

func dumpMatch(m *goldenMatch) string {
	if m == nil {
		return "no match"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func TestGoldenErrors(t *testing.T) {
	g := loadGolden(t)
	for _, c := range g.Errors {
		_, err := Parse(c.Pattern)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) = %v, want %s %q", c.Pattern, err, c.Type, c.Str)
			continue
		}
		if e.Msg != c.Msg {
			t.Errorf("Parse(%q).Msg = %q, want %q", c.Pattern, e.Msg, c.Msg)
		}
		if c.Pos == nil {
			continue
		}
		if pos := utf8.RuneCountInString(c.Pattern[:e.Offset]); pos != *c.Pos {
			t.Errorf("Parse(%q) position %d, want %d", c.Pattern, pos, *c.Pos)
		}
		if !strings.HasPrefix(e.Error(), c.Str) {
			t.Errorf("Parse(%q).Error() = %q, want %q", c.Pattern, e.Error(), c.Str)
		}
	}
}
