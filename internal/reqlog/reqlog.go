// Package reqlog lets the code that recovers a panic or answers an error
// (the dispatcher, middleware.Recover) hand it to the request log, so
// that a failed request is one log record: the request's line, with the
// error, or the panic and its stack, as attributes, rather than lines of
// their own beside it.
//
// The request log (middleware.Logger) answers Key in the request's
// context with a Sink while it is logging the request. Without one, the
// recovering code logs the panic itself.
package reqlog

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/hoop-go/hoop/internal/srcloc"
)

// Key is the context key under which a request log answers a Sink.
type Key struct{}

// A Sink takes the failure of a request's handler, for the request's
// log record.
type Sink interface {
	// Failed records v, a panic's value with its stack (debug.Stack's
	// text), or an error the handler returned with a nil stack, and
	// reports whether the request's record will carry them.
	Failed(v any, stack []byte) bool
}

// Failed hands v and its stack (nil for an error that was not a panic)
// to r's request log, and reports whether it took them; if not, the
// caller logs them.
func Failed(r *http.Request, v any, stack []byte) bool {
	s, ok := r.Context().Value(Key{}).(Sink)
	return ok && s.Failed(v, stack)
}

// A Frame is one call of a stack, for a structured log attribute: in
// JSON, {"func": "examplesite.boom", "file": "example_site/views.go", "line": 42}.
type Frame struct {
	Func string `json:"func"`
	File string `json:"file"`
	Line int    `json:"line"`
}

// Frames parses debug.Stack's text into frames, from the panic down,
// without the frames of the recovering code and of the runtime's panic
// machinery above it. Files are named from the module root where
// srcloc can tell.
func Frames(stack []byte) []Frame {
	lines := strings.Split(string(bytes.TrimSpace(stack)), "\n")
	var frames []Frame
	for i := 1; i+1 < len(lines); i += 2 { // lines[0] is "goroutine N [running]:"
		fn, at := lines[i], strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "created by ") {
			break
		}
		if strings.HasSuffix(fn, ")") { // the arguments: "(0xc000012345, ...)"
			fn = fn[:strings.LastIndexByte(fn, '(')]
		}
		if fn == "panic" || fn == "runtime/debug.Stack" {
			frames = frames[:0] // what called it is not the panic's stack
			continue
		}
		if sp := strings.LastIndexByte(at, ' '); sp > 0 { // " +0x1d"
			at = at[:sp]
		}
		file, line := at, 0
		if c := strings.LastIndexByte(at, ':'); c > 0 {
			file = at[:c]
			line, _ = strconv.Atoi(at[c+1:])
		}
		frames = append(frames, Frame{Func: fn[strings.LastIndexByte(fn, '/')+1:], File: srcloc.File(funcPackage(fn), file), Line: line})
	}
	return frames
}

// funcPackage is the import path in a function's full name:
// "github.com/hoop-go/hoop/views" for "github.com/hoop-go/hoop/views.Func.ServeHTTP".
func funcPackage(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	if dot := strings.IndexByte(fn[slash+1:], '.'); dot >= 0 {
		return fn[:slash+1+dot]
	}
	return fn
}
