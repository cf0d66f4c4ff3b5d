package middleware

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hoop-go/hoop/settings"
)

// The probes are answered before anything else: from the instance's own
// address (which AllowedHosts refuses), without a line in the request
// log; other paths and methods go on to the site.
func TestHealth(t *testing.T) {
	var dbDown atomic.Bool
	checks := []Check{
		{"sessions", func(context.Context) error { return nil }},
		{"db", func(context.Context) error {
			if dbDown.Load() {
				return errors.New("dial tcp 10.0.0.9:5432: connection refused")
			}
			return nil
		}},
	}
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	log, buf := textLogger()
	h := Chain(Defaults(s, log, checks...)...)(ok)
	tests := []struct {
		name, method, path, host string
		down                     bool
		status                   int
		body                     string
	}{
		{"live", "GET", "/healthz", "10.1.2.3:8000", false, 200, "ok\n"},
		{"live, HEAD", "HEAD", "/healthz", "10.1.2.3:8000", false, 200, ""},
		{"ready", "GET", "/readyz", "10.1.2.3:8000", false, 200, "ready\n"},
		{"not ready", "GET", "/readyz", "10.1.2.3:8000", true, 503, "not ready: db\n"},
		{"still not ready", "GET", "/readyz", "10.1.2.3:8000", true, 503, "not ready: db\n"},
		{"live while not ready", "GET", "/healthz", "10.1.2.3:8000", true, 200, "ok\n"},
		{"POST goes to the site", "POST", "/healthz", "example.com", false, 200, "ok"},
		{"other paths go to the site", "GET", "/healthz/x", "10.1.2.3:8000", false, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbDown.Store(tt.down)
			r := httptest.NewRequest(tt.method, tt.path, nil)
			r.Host = tt.host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tt.status || tt.body != "" && rec.Body.String() != tt.body {
				t.Errorf("%d %q, want %d %q", rec.Code, rec.Body.String(), tt.status, tt.body)
			}
		})
	}
	logged := buf.String()
	if strings.Count(logged, "msg=request") != 2 {
		t.Errorf("the probes reached the request log:\n%s", logged)
	}
	if strings.Count(logged, `msg="not ready" check=db`) != 1 || !strings.Contains(logged, "connection refused") {
		t.Errorf("a check that starts failing is logged once, with its error:\n%s", logged)
	}
	if strings.Contains(logged, "sessions") {
		t.Errorf("a passing check was logged:\n%s", logged)
	}
}

// Empty paths turn the probes off.
func TestHealthOff(t *testing.T) {
	h := Health(nil, "", "")(http.NotFoundHandler())
	for _, p := range []string{"/healthz", "/readyz", ""} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/", nil)
		r.URL.Path = p
		h.ServeHTTP(rec, r)
		if rec.Code != 404 {
			t.Errorf("%q: %d, want the site's 404", p, rec.Code)
		}
	}
}
