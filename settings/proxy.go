package settings

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// validateProxy checks the proxy_* settings: an upstream, when set, is an
// absolute http or https URL naming a host, with nothing a request would
// not keep (a query, a fragment, user information); the timeouts are not
// negative.
func (s *Settings) validateProxy() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("settings: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	if s.ProxyUpstream != "" {
		if why := upstreamProblem(s.ProxyUpstream); why != "" {
			bad("proxy_upstream", "%s, got %q", why, s.ProxyUpstream)
		}
	}
	for _, d := range []struct {
		key string
		d   time.Duration
	}{
		{"proxy_dial_timeout", s.ProxyDialTimeout},
		{"proxy_response_timeout", s.ProxyResponseTimeout},
	} {
		if d.d < 0 {
			bad(d.key, "must not be negative, got %v", d.d)
		}
	}
	return errs
}

// upstreamProblem says what is wrong with an upstream URL, or "".
func upstreamProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case !strings.Contains(raw, "://"): // "127.0.0.1:8001" parses as a scheme
		return `must be an http:// or https:// URL`
	case err != nil:
		return "is not a URL (" + err.Error() + ")"
	case u.Scheme != "http" && u.Scheme != "https":
		return `must be an http:// or https:// URL`
	case u.Host == "":
		return "must name a host"
	case u.User != nil:
		return "must not hold a user or password (send credentials in headers from a middleware)"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "must not have a query or a fragment"
	}
	return ""
}
