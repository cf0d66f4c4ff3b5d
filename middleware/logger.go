package middleware

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/hoop-go/hoop/views"
)

// Logger logs one line per request to l, after the handler returns:
// message "request" with method, path, status, bytes (of body written),
// duration, request_id (from RequestID, "" without it), route
// (r.Pattern: the matched URL pattern, set by the dispatcher or a
// ServeMux; "" when nothing matched) and view (the view name, when
// Logger runs inside the dispatcher, as dispatcher.Options.Middleware). The status is 0 for a connection
// the handler hijacked without sending one. A response with a 5xx status is
// logged at Error, every other at Info. A handler that panics is logged
// at Error with panicked=true and status 500 if it had not started its
// response; the panic goes on unrecovered, for Recover outside. A nil l
// means slog.Default().
//
// Nothing from the request reaches the log raw: a path or route with a
// control character, invalid UTF-8 or another unprintable rune is logged
// quoted with strconv.Quote, whatever the handler (slog's text handler
// quotes too; its JSON handler would pass bidi overrides through).
//
// The route is read from the request Logger passes on, which the
// dispatcher updates in place. Middleware between Logger and the
// dispatcher that replaces the request (r.WithContext) hides the route;
// this package's middleware never does.
//
// A request is logged once, even when Logger is listed both around the
// dispatcher and in its Options.Middleware.
func Logger(l *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r)
			if st.logged {
				next.ServeHTTP(w, r)
				return
			}
			st.logged = true
			log := l
			if log == nil {
				log = slog.Default()
			}
			st.log = log
			start := time.Now()
			st.rec = recorder{ResponseWriter: w}
			rw := &st.rec
			returned := false
			defer func() {
				// Deferred, so that a request whose handler panicked is
				// logged too. recover is not called: the panic goes on,
				// with its stack, to Recover or net/http.
				status := rw.statusCode()
				attrs := make([]slog.Attr, 0, 8)
				if !returned && !rw.started {
					status = http.StatusInternalServerError // what Recover sends
				}
				attrs = append(attrs,
					slog.String("method", safe(r.Method)),
					slog.String("path", safe(r.URL.Path)),
					slog.Int("status", status),
					slog.Int64("bytes", rw.bytes),
					slog.Duration("duration", time.Since(start)),
					slog.String("request_id", st.requestID),
					slog.String("route", safe(r.Pattern)),
					slog.String("view", viewOf(r)),
				)
				level := slog.LevelInfo
				if status >= 500 {
					level = slog.LevelError
				}
				if !returned {
					level = slog.LevelError
					attrs = append(attrs, slog.Bool("panicked", true))
				}
				log.LogAttrs(r.Context(), level, "request", attrs...)
			}()
			next.ServeHTTP(rw, r)
			returned = true
		})
	}
}

// viewOf is the name of the view the dispatcher matched, or "".
func viewOf(r *http.Request) string { return views.ViewName(r) }
