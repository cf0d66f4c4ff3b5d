package urlconf

import (
	"runtime"

	"github.com/hoop-go/hoop/internal/srcloc"
)

// Handler attaches the view itself to an endpoint, for a site that
// declares each view where its pattern is: views.Path and views.RePath
// call it with an http.Handler. urlconf only keeps the value (it knows
// nothing of HTTP); Endpoint.Handler gives it back, and the dispatcher
// serves it under the entry's view name as if it were registered, after
// the same checks.
func Handler(view any) Option {
	return func(o *options) { o.handler = view }
}

// declarers are the functions that declare an entry on behalf of their
// caller: the entry's location is their caller's line, not theirs.
var declarers = map[string]bool{
	"github.com/hoop-go/hoop/views.Path":   true,
	"github.com/hoop-go/hoop/views.RePath": true,
}

// declaredAt returns "dir/file.go:line", from the module root, of the
// call that declared an entry, skip frames up from its caller, past the
// declarers.
func declaredAt(skip int) string {
	pcs := make([]uintptr, 8)
	n := runtime.Callers(skip+1, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !declarers[f.Function] || !more {
			if f.File == "" {
				return "unknown"
			}
			return srcloc.Frame(f)
		}
	}
}
