// Package origin decides the scheme and port of a request as its client
// sees them, for the absolute URLs hoop writes (views.ReverseHost). It
// is the one place that decides it: behind a proxy that terminates TLS,
// the trusted-proxy settings (X-Forwarded-Proto and the like, from
// proxies the site trusts) belong here, so that every absolute URL
// follows them. Until then the connection says it: TLS is https.
package origin

import (
	"net/http"

	"github.com/hoop-go/hoop/internal/hostname"
)

// Of returns the scheme of r ("http" or "https") and the port its Host
// names, "" when it names none.
func Of(r *http.Request) (scheme, port string) {
	scheme = "http"
	if r.TLS != nil {
		scheme = "https"
	}
	_, port, _ = hostname.Split(r.Host)
	return scheme, port
}
