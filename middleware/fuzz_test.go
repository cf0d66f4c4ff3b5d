package middleware_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/middleware"
)

// FuzzAllowedHosts: whatever the Host header, no panic, a 200 only for
// example.com and its subdomains (any case, one trailing dot, a valid
// port), and the host is never written back in the page.
func FuzzAllowedHosts(f *testing.F) {
	for _, h := range []string{"example.com", "EXAMPLE.COM.", "a.example.com:8080", "evil.com", "example.com.evil.com", "example.com:99999", "[::1]:80", "", "<script>"} {
		f.Add(h)
	}
	h := middleware.AllowedHosts([]string{".example.com"})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	refused := httptest.NewRecorder()
	refusedReq := httptest.NewRequest("GET", "/", nil)
	refusedReq.Host = "refused.invalid"
	h.ServeHTTP(refused, refusedReq)
	page := refused.Body.String() // what any refused host gets
	f.Fuzz(func(t *testing.T, host string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("Host %q: status %d", host, rec.Code)
		}
		if rec.Code == 200 {
			name := strings.ToLower(host)
			if i := strings.LastIndexByte(name, ':'); i >= 0 && !strings.Contains(name[i:], "]") {
				name = name[:i]
			}
			name = strings.TrimSuffix(name, ".")
			if name != "example.com" && !strings.HasSuffix(name, ".example.com") {
				t.Fatalf("Host %q was allowed", host)
			}
		} else if host != "" && !strings.Contains(page, host) && strings.Contains(rec.Body.String(), host) {
			t.Fatalf("Host %q is written back in the page", host)
		}
	})
}
