package middleware

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/hoop-go/hoop/views"
)

var trustedNet = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// seen is what a view behind TrustedProxies learns about the client.
type seen struct {
	ip     string
	secure bool
	host   string
	abs    string
}

func through(t *testing.T, h func(http.Handler) http.Handler, remote string, header map[string][]string) seen {
	t.Helper()
	var got seen
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = seen{views.ClientIP(r), views.IsSecure(r), r.Host, views.AbsoluteURL(r, "/next/")}
	})
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = remote
	for k, v := range header {
		r.Header[k] = v
	}
	h(view).ServeHTTP(httptest.NewRecorder(), r)
	return got
}

// From a trusted proxy, the chain is read from the peer back to the
// first address that is not a proxy; from anyone else, every forwarding
// header is ignored, however it is spelled.
func TestTrustedProxies(t *testing.T) {
	type hdr = map[string][]string
	tests := []struct {
		name   string
		remote string
		header hdr
		want   seen
	}{
		{"untrusted peer, spoofed headers", "203.0.113.7:5000",
			hdr{"X-Forwarded-For": {"1.2.3.4"}, "X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"evil.example"}, "Forwarded": {"for=1.2.3.4;proto=https"}},
			seen{"203.0.113.7", false, "example.com", "http://example.com/next/"}},
		{"trusted peer, no headers", "10.0.0.5:5000", nil,
			seen{"10.0.0.5", false, "example.com", "http://example.com/next/"}},
		{"nginx: client appended", "10.0.0.5:5000",
			hdr{"X-Forwarded-For": {"198.51.100.2"}, "X-Forwarded-Proto": {"https"}},
			seen{"198.51.100.2", true, "example.com", "https://example.com/next/"}},
		{"the client's own X-Forwarded-For is not believed", "10.0.0.5:5000",
			hdr{"X-Forwarded-For": {"1.2.3.4, 198.51.100.2"}},
			seen{"198.51.100.2", false, "example.com", "http://example.com/next/"}},
		{"two proxies", "10.0.0.5:5000",
			hdr{"X-Forwarded-For": {"1.2.3.4, 198.51.100.2", "10.9.9.9"}, "X-Forwarded-Proto": {"http, https"}},
			seen{"198.51.100.2", true, "example.com", "https://example.com/next/"}},
		{"every hop trusted", "10.0.0.5:5000",
			hdr{"X-Forwarded-For": {"10.1.1.1, 10.2.2.2"}},
			seen{"10.1.1.1", false, "example.com", "http://example.com/next/"}},
		{"garbage stops the chain", "10.0.0.5:5000",
			hdr{"X-Forwarded-For": {"1.2.3.4, not-an-ip, 10.2.2.2"}},
			seen{"10.2.2.2", false, "example.com", "http://example.com/next/"}},
		{"forwarded host", "10.0.0.5:5000",
			hdr{"X-Forwarded-Host": {"www.example.org"}, "X-Forwarded-Proto": {"https"}},
			seen{"10.0.0.5", true, "www.example.org", "https://www.example.org/next/"}},
		{"a bad forwarded host is ignored", "10.0.0.5:5000",
			hdr{"X-Forwarded-Host": {"evil.example/path\r\n"}, "X-Forwarded-Proto": {"gopher"}},
			seen{"10.0.0.5", false, "example.com", "http://example.com/next/"}},
		{"X-Forwarded-For wins over Forwarded, which a proxy may pass through", "10.0.0.5:5000",
			hdr{"Forwarded": {`for=1.2.3.4;proto=https;host=evil.example`}, "X-Forwarded-For": {"198.51.100.2"}},
			seen{"198.51.100.2", false, "example.com", "http://example.com/next/"}},
		{"Forwarded alone", "10.0.0.5:5000",
			hdr{"Forwarded": {`for=198.51.100.2;proto=https;host=www.example.org`}},
			seen{"198.51.100.2", true, "www.example.org", "https://www.example.org/next/"}},
		{"Forwarded: quoted IPv6 with port, two elements", "[::1]:5000",
			hdr{"Forwarded": {`for="[2001:db8:cafe::17]:4711";proto=https, for=10.3.3.3;proto=http`}},
			seen{"2001:db8:cafe::17", false, "example.com", "http://example.com/next/"}},
		{"Forwarded: obfuscated node", "10.0.0.5:5000",
			hdr{"Forwarded": {`for=_hidden, for=10.3.3.3`}},
			seen{"10.3.3.3", false, "example.com", "http://example.com/next/"}},
		{"IPv4 in IPv6 peer", "[::ffff:10.0.0.5]:5000",
			hdr{"X-Forwarded-For": {"198.51.100.2"}},
			seen{"198.51.100.2", false, "example.com", "http://example.com/next/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := through(t, TrustedProxies(trustedNet), tt.remote, tt.header); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseForwarded(t *testing.T) {
	tests := []struct {
		in   string
		want []map[string]string
	}{
		{`for=192.0.2.60;proto=http;by=203.0.113.43`, []map[string]string{{"for": "192.0.2.60", "proto": "http", "by": "203.0.113.43"}}},
		{`For="[2001:db8:cafe::17]:4711"`, []map[string]string{{"for": "[2001:db8:cafe::17]:4711"}}},
		{`for=192.0.2.43, for=198.51.100.17`, []map[string]string{{"for": "192.0.2.43"}, {"for": "198.51.100.17"}}},
		{`for="a,b;c";host="x\"y"`, []map[string]string{{"for": "a,b;c", "host": `x"y`}}},
		{`;;,`, []map[string]string{{}}}, // an empty element ends it
		{`for`, []map[string]string{{}}},
	}
	for _, tt := range tests {
		got := parseForwarded(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			for k, v := range tt.want[i] {
				if got[i][k] != v {
					t.Errorf("%q: element %d %s=%q, want %q", tt.in, i, k, got[i][k], v)
				}
			}
			if len(got[i]) != len(tt.want[i]) {
				t.Errorf("%q: element %d %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

// FuzzTrustedProxies: whatever the forwarding headers, a trusted peer
// yields an address or nothing, a scheme that is http or https, and a
// host with nothing but host characters; an untrusted peer changes
// nothing.
func FuzzTrustedProxies(f *testing.F) {
	f.Add("10.0.0.5:1", "1.2.3.4, 198.51.100.2", "https", "www.example.org", `for="[2001:db8::1]:80";proto=https`)
	f.Add("203.0.113.7:1", "1.2.3.4", "https", "evil", "for=1.2.3.4")
	f.Add("[::1]:1", "", "", "", `for=_x;host="a\"b", ;;`)
	f.Fuzz(func(t *testing.T, remote, xff, proto, host, fwd string) {
		header := map[string][]string{"X-Forwarded-For": {xff}, "X-Forwarded-Proto": {proto}, "X-Forwarded-Host": {host}}
		if fwd != "" {
			header["Forwarded"] = []string{fwd}
		}
		got := through(t, TrustedProxies(trustedNet), remote, header)
		if !isTrusted(peerAddr(remote), trustedNet) {
			if got.host != "example.com" || got.secure || got.ip != peerIPText(remote) {
				t.Errorf("untrusted peer %q changed what the view sees: %+v", remote, got)
			}
			return
		}
		if got.ip != "" {
			if _, err := netip.ParseAddr(got.ip); err != nil {
				t.Errorf("client IP %q is not an address", got.ip)
			}
		}
		if got.host != "example.com" && !validHost(got.host) {
			t.Errorf("host %q", got.host)
		}
	})
}

func peerIPText(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
