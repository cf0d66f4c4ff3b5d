package middleware

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/hoop-go/hoop/internal/hostname"
	"github.com/hoop-go/hoop/views"
)

// AllowedHosts refuses a request whose host is not one the site serves:
// Django's ALLOWED_HOSTS check, which keeps a forged Host out of links,
// redirects, password-reset mails and caches. hosts is the list to
// enforce, normally settings.Settings.EffectiveAllowedHosts() (which, in
// debug with an empty list, is Django's [".localhost", "127.0.0.1",
// "[::1]"]). Each pattern is, as in Django:
//
//   - "*": any host;
//   - ".example.com": example.com and every subdomain of it;
//   - anything else: that host exactly.
//
// Patterns and hosts compare case-insensitively. The host checked is
// r.Host: the Host header, or the host of an absolute-form request line
// ("GET http://evil.com/ HTTP/1.1"), which net/http puts in r.Host in
// preference to the header, so the two cannot disagree. Forwarding
// headers (X-Forwarded-Host) are never trusted. The host is parsed as
// Django's split_domain_port does, with port validation added:
//
//   - it is lower-cased; it must be a name of [a-z0-9.-] or an IPv6
//     literal in brackets ("[::1]"), optionally followed by ":port";
//   - a port must be 1 to 65535, in decimal ("example.com:99999" and
//     "example.com:" are refused);
//   - one trailing dot of the name is dropped ("EXAMPLE.COM." is
//     example.com);
//   - an empty host is refused: an HTTP/1.0 request without a Host
//     header (HTTP/1.1 without one never reaches a handler: net/http
//     answers 400). hoop has no default host to route it to.
//
// A refused request is answered 400 with views.RenderError and
// views.BadRequest, whose text never contains the host, and logged at
// Warn with the host quoted (strconv.Quote), as Django's DisallowedHost:
// to the logger of the Logger middleware outside it, if any, else to
// slog.Default(). No handler after AllowedHosts runs for it.
//
// The check runs once per request, even when AllowedHosts is listed both
// around the dispatcher and in its Options.Middleware.
func AllowedHosts(hosts []string) func(http.Handler) http.Handler {
	patterns := make([]string, 0, len(hosts))
	for _, h := range hosts {
		if h != "" {
			patterns = append(patterns, strings.ToLower(h))
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r)
			if st.hostDone {
				next.ServeHTTP(w, r)
				return
			}
			st.hostDone = true
			domain, _, ok := hostname.Split(r.Host)
			if ok && hostname.Allowed(domain, patterns) {
				next.ServeHTTP(w, r)
				return
			}
			st.logger().LogAttrs(r.Context(), slog.LevelWarn, "disallowed host",
				slog.String("host", strconv.Quote(r.Host)),
				slog.String("method", safe(r.Method)),
				slog.String("path", safe(r.URL.Path)),
				slog.String("request_id", st.requestID),
			)
			views.RenderError(w, r, views.BadRequest(
				"Invalid HTTP_HOST header: this site does not serve the host the request names."))
		})
	}
}
