package middleware

import (
	"strings"
	"testing"
)

func TestCrossOrigin(t *testing.T) {
	h := CrossOrigin("https://app.example.org")(ok)
	srv := serve(t, h)
	tests := []struct {
		name, method, headers string
		want                  int
	}{
		{"POST cross-site", "POST", "Sec-Fetch-Site: cross-site\r\n", 403},
		{"POST same-site", "POST", "Sec-Fetch-Site: same-site\r\n", 403},
		{"PUT cross-site", "PUT", "Sec-Fetch-Site: cross-site\r\n", 403},
		{"DELETE cross-site", "DELETE", "Sec-Fetch-Site: cross-site\r\n", 403},
		{"POST same-origin", "POST", "Sec-Fetch-Site: same-origin\r\n", 200},
		{"POST user-typed", "POST", "Sec-Fetch-Site: none\r\n", 200},
		{"GET cross-site", "GET", "Sec-Fetch-Site: cross-site\r\n", 200},
		{"HEAD cross-site", "HEAD", "Sec-Fetch-Site: cross-site\r\n", 200},
		{"OPTIONS cross-site", "OPTIONS", "Sec-Fetch-Site: cross-site\r\n", 200},
		{"POST, no browser headers", "POST", "", 200},
		{"POST, other Origin", "POST", "Origin: https://evil.com\r\n", 403},
		{"POST, same Origin", "POST", "Origin: http://example.com\r\n", 200},
		{"POST, trusted Origin", "POST", "Origin: https://app.example.org\r\nSec-Fetch-Site: cross-site\r\n", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.method + " / HTTP/1.1\r\nHost: example.com\r\nAccept: application/json\r\nContent-Length: 0\r\n" + tt.headers + "\r\n"
			resp, body := rawDo(t, srv, raw)
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %q", resp.StatusCode, tt.want, body)
			}
			if tt.want == 403 && !strings.Contains(body, "Cross-origin request refused") {
				t.Errorf("body %q", body)
			}
		})
	}
}

func TestCrossOriginBadTrustedOrigin(t *testing.T) {
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), "middleware.CrossOrigin") {
			t.Errorf("recovered %v", v)
		}
	}()
	CrossOrigin("https://example.com/path")
}
