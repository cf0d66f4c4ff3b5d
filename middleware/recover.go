package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/internal/reqlog"
	"github.com/hoop-go/hoop/views"
)

// Recover turns a panic in the handler into an error response, so that
// one bad request neither kills the connection silently nor leaves the
// client without an answer:
//
//   - http.ErrAbortHandler is panicked again: the handler asked net/http
//     to abort the response.
//   - An error that is or wraps a *views.HTTPError (hoop's way to raise
//     an HTTP error from deep in a call chain) is answered as that error,
//     with views.RenderError, and not logged.
//   - Anything else is answered 500 with views.RenderError, as a
//     *handler404.PanicError that carries the stack: the site's 500 page
//     inside a dispatcher (with debug on, the technical 500 with the
//     frames of the panic), else problem details that show nothing
//     internal. It is logged once: in the request's record when a Logger
//     outside logs the request, else to l at Error ("panic", with method,
//     path, request_id, the panic value and the stack as a list of
//     frames).
//
// The error page is sent only if the handler had not started its
// response: headers that described the body it meant to send
// (Content-Length, Content-Type, Content-Encoding, Content-Range,
// Content-Disposition, ETag, Last-Modified, Location) are dropped first;
// other headers, such as those of SecurityHeaders, stay. The connection
// stays usable for the next request. If the response had started, Recover
// panics with http.ErrAbortHandler so that net/http cuts the connection
// (or resets the HTTP/2 stream): the client sees a broken response rather
// than a truncated one that looks complete.
//
// A nil l means slog.Default(). Recover goes outermost but for Logger,
// so that it catches panics in the other middleware too.
func Recover(l *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r) // shared with RequestID inside, for the log
			st.recovering = recorder{ResponseWriter: w}
			rw := &st.recovering
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				err, isErr := v.(error)
				var he *views.HTTPError
				if !isErr || !errors.As(err, &he) {
					if stack := debug.Stack(); !st.Failed(v, stack) {
						log := l
						if log == nil {
							log = slog.Default()
						}
						log.LogAttrs(r.Context(), slog.LevelError, "panic",
							slog.String("method", safe(r.Method)),
							slog.String("path", safe(r.URL.Path)),
							slog.String("request_id", st.requestID),
							slog.String("panic", safe(fmt.Sprint(v))),
							slog.Any("stack", reqlog.Frames(stack)),
						)
					}
					// The stack goes with the error, for the technical
					// 500: captured here, while the panic's frames are
					// still on it.
					err = &handler404.PanicError{Value: v, PCs: handler404.Callers()}
				}
				if rw.started {
					panic(http.ErrAbortHandler)
				}
				h := rw.Header()
				for _, k := range staleOnPanic {
					h.Del(k)
				}
				views.RenderError(rw, r, err)
			}()
			next.ServeHTTP(rw, r)
		})
	}
}

// staleOnPanic are the headers a handler set for the body it meant to
// send, wrong for the error page.
var staleOnPanic = []string{"Content-Length", "Content-Type", "Content-Encoding", "Content-Range",
	"Content-Disposition", "ETag", "Last-Modified", "Location"}
