// Package peer carries what a trusted proxy said about a request's
// client, from middleware.TrustedProxies, which decides whether to
// believe it, to the accessors views call (views.ClientIP,
// views.IsSecure), through the request's context. The middleware sets
// it only for requests from a trusted peer.
package peer

import "net/http"

// Key is the context key of a request's *Info.
type Key struct{}

// Info is what the proxies in front said about the client.
type Info struct {
	IP    string // the client's address; "" when the proxies did not say
	Proto string // "https" or "http" as the client used it; "" when not said
	Host  string // the host the client asked for; "" when not said
}

// Of returns r's Info, or nil when no trusted proxy spoke for r.
func Of(r *http.Request) *Info {
	i, _ := r.Context().Value(Key{}).(*Info)
	return i
}
