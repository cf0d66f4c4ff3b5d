package middleware

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

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
			domain, ok := splitHost(r.Host)
			if ok && hostAllowed(domain, patterns) {
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

// splitHost returns the domain of host (lower-cased, one trailing dot
// dropped, port removed) and whether host is well formed: Django's
// host_validation_re, ^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$,
// with the port checked to be in 1-65535.
func splitHost(host string) (domain string, ok bool) {
	host = strings.ToLower(host)
	var port string
	hasPort := false
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", false
		}
		domain, port = host[:end+1], host[end+1:]
		if !validIPv6Literal(domain[1:end]) {
			return "", false
		}
		if port != "" {
			if port[0] != ':' {
				return "", false
			}
			port, hasPort = port[1:], true
		}
	} else {
		domain = host
		if i := strings.IndexByte(host, ':'); i >= 0 {
			domain, port, hasPort = host[:i], host[i+1:], true
		}
		if domain == "" {
			return "", false
		}
		for i := 0; i < len(domain); i++ {
			c := domain[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
				return "", false
			}
		}
		domain = strings.TrimSuffix(domain, ".")
		if domain == "" {
			return "", false
		}
	}
	if hasPort && !validPort(port) {
		return "", false
	}
	return domain, true
}

// validIPv6Literal is Django's [a-f0-9]*:[a-f0-9.:]+ for what is
// between the brackets.
func validIPv6Literal(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 0 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		hex := '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
		if i < colon && !hex || i > colon && !hex && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n >= 1 && n <= 65535
}

// hostAllowed is Django's validate_host: any pattern is "*", the host
// itself, or ".domain" matching the domain and its subdomains.
func hostAllowed(host string, patterns []string) bool {
	for _, p := range patterns {
		switch {
		case p == "*", p == host:
			return true
		case p[0] == '.' && (strings.HasSuffix(host, p) || host == p[1:]):
			return true
		}
	}
	return false
}
