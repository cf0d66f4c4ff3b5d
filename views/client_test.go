package views_test

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"

	"github.com/hoop-go/hoop/views"
)

// Without a trusted proxy, the client is the peer, and HTTPS is a TLS
// connection; forwarding headers change nothing (middleware.TrustedProxies
// decides whether to believe them).
func TestClientWithoutProxy(t *testing.T) {
	tests := []struct {
		name, target, remote string
		tls                  bool
		location             string
		ip, abs              string
		secure               bool
	}{
		{"plain", "http://example.com/a/b?x=1", "203.0.113.7:5000", false, "", "203.0.113.7", "http://example.com/a/b?x=1", false},
		{"tls", "https://example.com/a/b", "203.0.113.7:5000", true, "/next/", "203.0.113.7", "https://example.com/next/", true},
		{"relative", "http://example.com/a/b", "[2001:db8::1]:5000", false, "c?y=2", "2001:db8::1", "http://example.com/a/c?y=2", false},
		{"absolute kept", "http://example.com/", "203.0.113.7:5000", false, "https://other.example/x", "203.0.113.7", "https://other.example/x", false},
		{"no port", "http://example.com/", "unix-socket", false, "/", "unix-socket", "http://example.com/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			r.RemoteAddr = tt.remote
			if !tt.tls {
				r.TLS = nil
			} else if r.TLS == nil {
				r.TLS = &tls.ConnectionState{}
			}
			r.Header.Set("X-Forwarded-For", "1.2.3.4")
			r.Header.Set("X-Forwarded-Proto", "https")
			if got := views.ClientIP(r); got != tt.ip {
				t.Errorf("ClientIP = %q, want %q", got, tt.ip)
			}
			if got := views.IsSecure(r); got != tt.secure {
				t.Errorf("IsSecure = %v, want %v", got, tt.secure)
			}
			if got := views.AbsoluteURL(r, tt.location); got != tt.abs {
				t.Errorf("AbsoluteURL(%q) = %q, want %q", tt.location, got, tt.abs)
			}
		})
	}
}
