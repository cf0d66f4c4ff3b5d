package views

import (
	"net"
	"net/http"
	"net/url"

	"github.com/hoop-go/hoop/internal/origin"
	"github.com/hoop-go/hoop/internal/peer"
)

// ClientIP returns the address of the client that sent r: the one a
// trusted proxy in front names (middleware.TrustedProxies, from the
// trusted_proxies setting), else the peer's (r.RemoteAddr without its
// port). A proxy that is not trusted cannot change it: its headers are
// ignored.
func ClientIP(r *http.Request) string {
	if i := peer.Of(r); i != nil && i.IP != "" {
		return i.IP
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// IsSecure reports whether the client used HTTPS, as Django's
// request.is_secure: the connection is TLS, or a trusted proxy that
// terminated TLS says so (X-Forwarded-Proto, Forwarded proto=).
func IsSecure(r *http.Request) bool {
	scheme, _ := origin.Of(r)
	return scheme == "https"
}

// AbsoluteURL returns location as an absolute URL on the scheme and host
// the client used, as Django's request.build_absolute_uri: "" means r's
// own URL, a path ("/blog/", "edit/") is resolved against r's URL, and
// an absolute URL is returned as it is; a location that does not parse
// gives r's own URL. The host is r.Host, which
// AllowedHosts has checked, and which a trusted proxy may have set from
// X-Forwarded-Host.
func AbsoluteURL(r *http.Request, location string) string {
	scheme, _ := origin.Of(r)
	base := &url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	ref, err := url.Parse(location)
	if err != nil {
		return base.String()
	}
	return base.ResolveReference(ref).String()
}
