package origin

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		host         string
		tls          bool
		scheme, port string
	}{
		{"example.com", false, "http", ""},
		{"example.com:8000", false, "http", "8000"},
		{"example.com", true, "https", ""},
		{"[::1]:8443", true, "https", "8443"},
		{"bad host:1", false, "http", ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = tt.host
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if scheme, port := Of(r); scheme != tt.scheme || port != tt.port {
				t.Errorf("Of = %q %q, want %q %q", scheme, port, tt.scheme, tt.port)
			}
		})
	}
}
