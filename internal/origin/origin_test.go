package origin

import (
	"context"
	"crypto/tls"
	"net/http/httptest"
	"testing"

	"github.com/hoop-go/hoop/internal/peer"
)

func TestOf(t *testing.T) {
	tests := []struct {
		host         string
		tls          bool
		proto        string // what a trusted proxy said, "" for nothing
		scheme, port string
	}{
		{"example.com", false, "", "http", ""},
		{"example.com:8000", false, "", "http", "8000"},
		{"example.com", true, "", "https", ""},
		{"[::1]:8443", true, "", "https", "8443"},
		{"bad host:1", false, "", "http", ""},
		{"example.com", false, "https", "https", ""}, // TLS ended at the proxy
		{"example.com", true, "http", "http", ""},    // the proxy's client used plain HTTP
	}
	for _, tt := range tests {
		t.Run(tt.host+" "+tt.proto, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = tt.host
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tt.proto != "" {
				r = r.WithContext(context.WithValue(r.Context(), peer.Key{}, &peer.Info{Proto: tt.proto}))
			}
			if scheme, port := Of(r); scheme != tt.scheme || port != tt.port {
				t.Errorf("Of = %q %q, want %q %q", scheme, port, tt.scheme, tt.port)
			}
		})
	}
}
