package middleware

import (
	"net"
	"net/http"
)

// ClientIP returns the address of the client that sent r: the peer's
// (r.RemoteAddr without its port), or, behind a proxy that
// TrustedProxies trusts, the client the proxy names. It is "" when
// r.RemoteAddr is empty.
func ClientIP(r *http.Request) string {
	if st, ok := r.Context().Value(stateKey{}).(*state); ok && st.clientIP != "" {
		return st.clientIP
	}
	return peerIP(r.RemoteAddr)
}

// peerIP is the host part of a RemoteAddr, which net/http sets to
// "ip:port".
func peerIP(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
