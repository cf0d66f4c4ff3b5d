package dispatcher

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A resolution that stopped because every backtracking slot was taken
// is answered 503 with Retry-After, in the page format the client asked
// for; the log names the pattern and the limit, never the path.
// urlconf's tests prove when ResolveTo returns a *urlconf.BusyError:
// nothing outside urlconf can hold its slots, so this test hands the
// error to the answer directly.
func TestBusyIs503(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.RePath(`^(?=x)x/$`, "v")))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("v", func(http.ResponseWriter, *http.Request) {})
	var logs bytes.Buffer
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	d, err := New(conf, reg, Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(&logs, nil)), SilencedChecks: []string{"hoop.W103"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		accept, contentType string
	}{
		{"application/json", "application/problem+json"},
		{"text/html", "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			logs.Reset()
			req := httptest.NewRequest("GET", "/xsecret/", nil)
			req.Header.Set("Accept", tt.accept)
			rec := httptest.NewRecorder()
			d.timedOut(rec, req, &urlconf.BusyError{Pattern: `^(?=x)x/$`, Where: "urls.go:3", Limit: 2})
			if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
				t.Errorf("got %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			log := logs.String()
			if !strings.Contains(log, `pattern="^(?=x)x/$"`) || !strings.Contains(log, "limit=2") || strings.Contains(log, "secret") {
				t.Errorf("the log must name the pattern and the limit, not the path:\n%s", log)
			}
		})
	}
}
