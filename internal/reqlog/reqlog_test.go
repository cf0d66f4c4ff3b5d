package reqlog

import (
	"context"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"testing"
)

func boom() { panic("boom") }

// stackOf returns debug.Stack as a deferred function sees it while f
// panics, as the recovering code does.
func stackOf(f func()) (stack []byte) {
	defer func() {
		recover()
		stack = debug.Stack()
	}()
	f()
	return nil
}

func TestFrames(t *testing.T) {
	frames := Frames(stackOf(boom))
	if len(frames) < 2 {
		t.Fatalf("frames: %+v", frames)
	}
	if f := frames[0]; f.Func != "reqlog.boom" || f.File != "internal/reqlog/reqlog_test.go" || f.Line != 11 {
		t.Errorf("first frame %+v, want reqlog.boom at internal/reqlog/reqlog_test.go:11", f)
	}
	for _, f := range frames {
		if strings.Contains(f.Func, "debug.Stack") || f.Func == "panic" || strings.HasPrefix(f.Func, "reqlog.stackOf.func1") {
			t.Errorf("frame %+v is the recovering code's, not the panic's", f)
		}
	}
	if got := Frames(nil); len(got) != 0 {
		t.Errorf("Frames(nil) = %+v", got)
	}
}

type sink struct{ v any }

func (s *sink) Failed(v any, stack []byte) bool { s.v = v; return true }

func TestFailed(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if Failed(r, "x", nil) {
		t.Error("Failed without a request log took the panic")
	}
	s := &sink{}
	r = r.WithContext(context.WithValue(r.Context(), Key{}, Sink(s)))
	if !Failed(r, "x", nil) || s.v != "x" {
		t.Errorf("Failed with a request log: %v", s.v)
	}
}
