package middleware

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/settings"
)

func TestAllowedHosts(t *testing.T) {
	debug := settings.Default()
	debug.Debug = true
	debugHosts := debug.EffectiveAllowedHosts()

	tests := []struct {
		name  string
		hosts []string
		raw   string // the request, sent as bytes
		want  int
	}{
		{"ok", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 200},
		{"H1 other host", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: evil.com\r\n\r\n", 400},
		{"absolute form, other host", []string{"example.com"}, "GET http://evil.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 400},
		{"absolute form, other host with port", []string{"example.com"}, "GET http://evil.com:80/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 400},
		{"absolute form, same host", []string{"example.com"}, "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 200},
		{"H3 HTTP/1.0 without Host", []string{"example.com"}, "GET / HTTP/1.0\r\n\r\n", 400},
		{"HTTP/1.0 with Host", []string{"example.com"}, "GET / HTTP/1.0\r\nHost: example.com\r\n\r\n", 200},
		{"H4 port out of range", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:99999\r\n\r\n", 400},
		{"port 0", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:0\r\n\r\n", 400},
		{"empty port", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:\r\n\r\n", 400},
		{"port too long", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:000080\r\n\r\n", 400},
		{"two ports", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:80:80\r\n\r\n", 400},
		{"port", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com:8000\r\n\r\n", 200},
		{"H5 upper case and trailing dot", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: EXAMPLE.COM.\r\n\r\n", 200},
		{"trailing dot and port", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com.:8000\r\n\r\n", 200},
		{"two trailing dots", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com..\r\n\r\n", 400},
		{"upper-case pattern", []string{"Example.COM"}, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 200},
		{"H6 suffix", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com.evil.com\r\n\r\n", 400},
		{"prefix", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: evilexample.com\r\n\r\n", 400},
		{"subdomain of exact", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n", 400},
		{"domain pattern, domain", []string{".example.com"}, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 200},
		{"domain pattern, subdomain", []string{".example.com"}, "GET / HTTP/1.1\r\nHost: a.b.example.com\r\n\r\n", 200},
		{"domain pattern, lookalike", []string{".example.com"}, "GET / HTTP/1.1\r\nHost: badexample.com\r\n\r\n", 400},
		{"star", []string{"*"}, "GET / HTTP/1.1\r\nHost: anything.test\r\n\r\n", 200},
		{"star, malformed host", []string{"*"}, "GET / HTTP/1.1\r\nHost: a_b.test\r\n\r\n", 400},
		{"star, HTTP/1.0 without Host", []string{"*"}, "GET / HTTP/1.0\r\n\r\n", 400},
		{"empty list", nil, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 400},
		{"empty pattern ignored", []string{""}, "GET / HTTP/1.0\r\n\r\n", 400},
		{"quote in host", []string{"example.com"}, "GET / HTTP/1.1\r\nHost: example.com'\r\n\r\n", 400},
		{"H7 debug [::1]:8000", debugHosts, "GET / HTTP/1.1\r\nHost: [::1]:8000\r\n\r\n", 200},
		{"debug 127.0.0.1:8000", debugHosts, "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n", 200},
		{"debug localhost", debugHosts, "GET / HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", 200},
		{"debug sub.localhost", debugHosts, "GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n", 200},
		{"debug other IPv6", debugHosts, "GET / HTTP/1.1\r\nHost: [::2]:8000\r\n\r\n", 400},
		{"debug IPv6 without port", debugHosts, "GET / HTTP/1.1\r\nHost: [::1]\r\n\r\n", 200},
		{"debug IPv6 bad port", debugHosts, "GET / HTTP/1.1\r\nHost: [::1]:99999\r\n\r\n", 400},
		{"debug IPv6 junk after bracket", debugHosts, "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", 400},
		{"debug IPv6 zone", debugHosts, "GET / HTTP/1.1\r\nHost: [::1%25eth0]\r\n\r\n", 400},
		{"debug example.com", debugHosts, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := textLogger()
			ran := false
			h := Chain(Logger(log), AllowedHosts(tt.hosts))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ran = true
				ok(w, r)
			}))
			srv := serve(t, h)
			resp, body := rawDo(t, srv, tt.raw)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d; body %q", resp.StatusCode, tt.want, body)
			}
			if tt.want == 400 {
				if ran {
					t.Error("the handler ran for a refused host")
				}
				if !strings.Contains(body, "Invalid HTTP_HOST header") {
					t.Errorf("body %q", body)
				}
				if !strings.Contains(buf.String(), `msg="disallowed host"`) {
					t.Errorf("no warning logged:\n%s", buf)
				}
			}
		})
	}
}

// The host never comes back to the client, and is logged quoted.
func TestAllowedHostsNeverReflectsHost(t *testing.T) {
	log, buf := textLogger()
	srv := serve(t, Chain(Logger(log), AllowedHosts([]string{"example.com"}))(ok))
	for _, accept := range []string{"text/html", "application/json"} {
		resp, body := rawDo(t, srv, "GET / HTTP/1.1\r\nHost: evil.com'-alert(1)-'\r\nAccept: "+accept+"\r\n\r\n")
		if resp.StatusCode != 400 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if strings.Contains(body, "evil") || strings.Contains(body, "alert") {
			t.Errorf("the host is in the body: %q", body)
		}
	}
	if !strings.Contains(buf.String(), `host="\"evil.com'-alert(1)-'\""`) {
		t.Errorf("host not logged quoted:\n%s", buf)
	}
	if !strings.Contains(buf.String(), "status=400") {
		t.Errorf("refusal not in the request log:\n%s", buf)
	}
}
