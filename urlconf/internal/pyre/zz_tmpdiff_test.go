package pyre

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

func TestTmpDiff(t *testing.T) {
	data, _ := os.ReadFile("/tmp/diff/diff.json")
	var d struct {
		Inputs []string
		Cases  []struct {
			P   string
			Err *string
			Pos *int
			M   []any
		}
	}
	json.Unmarshal(data, &d)
	bad := 0
	seen := map[string]bool{}
	for _, c := range d.Cases {
		re, err := Parse(c.P)
		var msg string
		if c.Err != nil {
			if err == nil {
				msg = fmt.Sprintf("%q: python error %q at %v, we accept", c.P, *c.Err, c.Pos)
			} else {
				e := err.(*Error)
				pos := -1
				if e.Offset >= 0 {
					pos = utf8.RuneCountInString(c.P[:e.Offset])
				}
				if e.Msg != *c.Err || (c.Pos != nil && pos != *c.Pos) {
					msg = fmt.Sprintf("%q: python %q at %v, we %q at %d", c.P, *c.Err, *c.Pos, e.Msg, pos)
				}
			}
		} else if err != nil {
			msg = fmt.Sprintf("%q: python ok, we %v", c.P, err)
		} else {
			expr, opts, err := re.Dotnet(os.Getenv("ASCII") != "")
			if err != nil {
				msg = fmt.Sprintf("%q: dotnet %v", c.P, err)
			} else {
				rx := regexp2.MustCompile(expr, opts)
				rx.MatchTimeout = time.Second
				for i, in := range d.Inputs {
					m, _ := rx.FindStringMatch(in)
					var got any
					if m != nil {
						g := []any{[]any{float64(m.Index), float64(m.Index + m.Length)}}
						for j := 1; j < m.GroupCount(); j++ {
							gr := m.GroupByNumber(j)
							if len(gr.Captures) == 0 {
								g = append(g, []any{float64(-1), float64(-1)})
							} else {
								g = append(g, []any{float64(gr.Index), float64(gr.Index + gr.Length)})
							}
						}
						got = g
					}
					if !reflect.DeepEqual(got, c.M[i]) {
						msg = fmt.Sprintf("%q (%q) on %q: python %v, we %v", c.P, expr, in, c.M[i], got)
						break
					}
				}
			}
		}
		if msg != "" {
			bad++
			key := msg
			if len(key) > 40 {
				key = key[:0]
			}
			if bad <= 60 {
				t.Log(msg)
			}
			_ = seen
		}
	}
	t.Logf("%d mismatches of %d", bad, len(d.Cases))
}
