package pyre

import (
	"errors"
	"testing"
	"time"

	"github.com/dlclark/regexp2"
)

// FuzzParse checks that Parse never panics, that its errors and offsets
// are well formed, that whatever it accepts Dotnet translates into
// something regexp2 compiles and can run, and that Go either translates
// it or says why not.
func FuzzParse(f *testing.F) {
	g := loadGolden(f)
	for _, c := range g.Cases {
		f.Add(c.Pattern)
	}
	for _, c := range g.Errors {
		f.Add(c.Pattern)
	}
	// No watchdog here: a hang on a seed is reported by go test's
	// -timeout with every stack, and while fuzzing the fuzzing engine
	// keeps an input that hangs as a failure of its own.
	f.Fuzz(func(t *testing.T, pattern string) {
		re, err := Parse(pattern)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T, want *Error", pattern, err)
			}
			if e.Offset < -1 || e.Offset > len(pattern) {
				t.Fatalf("Parse(%q) error offset %d out of range", pattern, e.Offset)
			}
			_ = e.Error()
			return
		}
		walk(re.Root, func(n *Node) {
			if n.Pos < 0 || n.Pos > n.End || n.End > len(pattern) {
				t.Fatalf("Parse(%q): %v node span %d:%d", pattern, n.Op, n.Pos, n.End)
			}
		})
		for _, ascii := range []bool{false, true} {
			if ascii && re.Flags&Unicode != 0 {
				continue
			}
			expr, opts, err := re.Dotnet(ascii)
			if err != nil {
				t.Fatalf("Dotnet(%q, %v): %v", pattern, ascii, err)
			}
			rx, err := regexp2.Compile(expr, opts)
			if err != nil {
				t.Fatalf("regexp2.Compile(%q) for %q: %v", expr, pattern, err)
			}
			rx.MatchTimeout = 10 * time.Millisecond // an exponential pattern may run out of time: not checked here
			for _, in := range []string{"", "abc", pattern} {
				_, _ = rx.FindStringMatch(in)
			}
			for _, mode := range []Mode{Search, Fullmatch, Test} {
				if _, err := re.Go(ascii, mode); err != nil && !errors.As(err, new(*NotLinearError)) {
					t.Fatalf("Go(%q, %v, %v): %v", pattern, ascii, mode, err)
				}
			}
		}
	})
}
