package examplesite

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// With trusted_proxies, the site believes the proxy about the client;
// without it, or from another peer, forwarding headers are ignored.
func TestClientBehindProxy(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		remote  string
		want    string
	}{
		{"no proxy trusted", nil, "10.0.0.5:4000", "ip=10.0.0.5 secure=false url=http://example.com/client/"},
		{"from the trusted proxy", []string{"10.0.0.5"}, "10.0.0.5:4000", "ip=198.51.100.2 secure=true url=https://example.com/client/"},
		{"from another peer", []string{"10.0.0.5"}, "203.0.113.9:4000", "ip=203.0.113.9 secure=false url=http://example.com/client/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteSettings(false)
			s.TrustedProxies = tt.trusted
			site, err := New(s, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "http://example.com/client/", nil)
			r.RemoteAddr = tt.remote
			r.Header.Set("X-Forwarded-For", "198.51.100.2")
			r.Header.Set("X-Forwarded-Proto", "https")
			rec := httptest.NewRecorder()
			site.ServeHTTP(rec, r)
			if got := strings.TrimSpace(rec.Body.String()); rec.Code != 200 || got != tt.want {
				t.Errorf("%d %q, want %q", rec.Code, got, tt.want)
			}
		})
	}
}
