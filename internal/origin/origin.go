// Package origin decides the scheme and port of a request as its client
// sees them, for the absolute URLs hoop writes (views.ReverseHost). It
// is the one place that decides it: behind a proxy that terminates TLS,
// what a trusted proxy said (middleware.TrustedProxies, the
// trusted_proxies setting: X-Forwarded-Proto, Forwarded proto=), so that
// every absolute URL, views.IsSecure and HSTS follow it; otherwise the
// connection says it: TLS is https.
package origin

import (
	"net/http"

	"github.com/hoop-go/hoop/internal/hostname"
	"github.com/hoop-go/hoop/internal/peer"
)

// Of returns the scheme of r ("http" or "https") and the port its Host
// names, "" when it names none.
func Of(r *http.Request) (scheme, port string) {
	scheme = "http"
	if i := peer.Of(r); i != nil && i.Proto != "" {
		scheme = i.Proto
	} else if r.TLS != nil {
		scheme = "https"
	}
	_, port, _ = hostname.Split(r.Host)
	return scheme, port
}
