package middleware

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/hoop-go/hoop/internal/reqlog"
	"github.com/hoop-go/hoop/views"
)

// Logger logs one record per request to l, after the handler returns:
// message "request" with method, path, route (r.Pattern: the matched URL
// pattern, set by the dispatcher or a ServeMux; "" when nothing matched),
// view (the view name, inside a dispatcher), status, bytes (of body
// actually written, error pages included), duration, request_id (from
// RequestID, "" without it) and client_ip (views.ClientIP: the peer, or
// the client a trusted proxy names). The status is 0
// for a connection the handler hijacked without sending one. A response
// with a 5xx status is logged at Error, every other at Info.
//
// A failure is part of that one record, at Error: an error a view
// returned, as error; a panic, with panicked=true, the panic's value and
// its stack as a list of frames (func, file, line). The dispatcher and
// Recover hand what they recover to Logger instead of logging it on
// their own. A panic that goes through Logger
// unrecovered is logged as it goes, with status 500 if the response had
// not started, and goes on, for Recover or net/http. Go outermost, around
// Recover, so that the record has the status and bytes of the error page
// Recover sends.
//
// A nil l means slog.Default(). The format (text or JSON) and the level
// are the handler's: NewLogger makes it from the log_format and
// log_level settings.
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
				// logged too. The panic is recovered only to be read, and
				// goes on to Recover or net/http; its stack, seen from
				// here, still has the panicking frames.
				var v any
				if !returned {
					v = recover()
					if v != nil && v != http.ErrAbortHandler && (st.failure == nil || st.failStack == nil) {
						st.failure, st.failStack = v, debug.Stack()
					}
				}
				st.logDone = true
				logRequest(log, r, st, rw, start, !returned)
				if v != nil {
					panic(v)
				}
			}()
			next.ServeHTTP(rw, r)
			returned = true
		})
	}
}

// logRequest writes the request's record.
func logRequest(log *slog.Logger, r *http.Request, st *state, rw *recorder, start time.Time, unwinding bool) {
	status := rw.statusCode()
	if unwinding && !rw.started {
		status = http.StatusInternalServerError // what Recover sends
	}
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs,
		slog.String("method", safe(r.Method)),
		slog.String("path", safe(r.URL.Path)),
		slog.String("route", safe(r.Pattern)),
		slog.String("view", viewOf(r)),
		slog.Int("status", status),
		slog.Int64("bytes", rw.bytes),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", st.requestID),
		slog.String("client_ip", views.ClientIP(r)),
	)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	switch {
	case st.failStack != nil:
		level = slog.LevelError
		attrs = append(attrs,
			slog.Bool("panicked", true),
			slog.String("panic", safe(fmt.Sprint(st.failure))),
			slog.Any("stack", reqlog.Frames(st.failStack)),
		)
	case st.failure != nil:
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", safe(fmt.Sprint(st.failure))))
	}
	log.LogAttrs(r.Context(), level, "request", attrs...)
}

// viewOf is the name of the view the dispatcher matched, or "".
func viewOf(r *http.Request) string { return views.ViewName(r) }
