package manage_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// deploySite is a one-page site, with hoop's standard middleware or
// with none.
func deploySite(withMiddleware bool) manage.Site {
	return manage.Site{
		DevSettings: []byte("debug = true\n"),
		New: func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
			conf, err := urlconf.New(urlconf.Entries(urlconf.Path("", "index")))
			if err != nil {
				return nil, err
			}
			reg := views.NewRegistry()
			reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index") })
			opts := dispatcher.Options{Settings: &s}
			if withMiddleware {
				opts.Middleware = middleware.Defaults(s, nil)
			}
			return dispatcher.New(conf, reg, opts)
		},
	}
}

const goodKey = "HOOP_SECRET_KEY=a-deploy-check-key-0123456789abcdefghijklmnopqrstuvwxyz"

func TestCheckDeploy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		site   manage.Site
		env    []string
		code   int
		ids    []string // findings expected
		absent []string // findings that must not be
	}{
		{"safe site: only the HSTS warning", deploySite(true), []string{"HOOP_ALLOWED_HOSTS=www.example.com", goodKey}, 0,
			[]string{"security.W004"}, []string{"security.W003", "hoop.S001", "security.W006", "security.W018"}},
		{"no middleware", deploySite(false), []string{"HOOP_ALLOWED_HOSTS=www.example.com", goodKey}, 1,
			[]string{"hoop.S001", "security.W003", "security.W006", "security.W002", "security.W022"}, nil},
		{"debug on, cookies relaxed", deploySite(true), []string{"HOOP_ALLOWED_HOSTS=www.example.com", goodKey, "HOOP_DEBUG=true",
			"HOOP_SESSION_COOKIE_SECURE=false", "HOOP_SESSION_COOKIE_HTTPONLY=false"}, 1,
			[]string{"security.W018", "security.W012", "security.W013"}, nil},
		{"no hosts, weak key", deploySite(true), []string{"HOOP_SECRET_KEY=short"}, 1,
			[]string{"security.W020", "security.W009"}, nil},
		{"weak fallback", deploySite(true), []string{"HOOP_ALLOWED_HOSTS=www.example.com", goodKey, "HOOP_SECRET_KEY_FALLBACKS=old"}, 1,
			[]string{"security.W025"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kv := range tc.env {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			var stdout, stderr strings.Builder
			code := manage.Run(context.Background(), tc.site, []string{"check", "-deploy", "-json"}, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stdout %s stderr %s", code, tc.code, stdout.String(), stderr.String())
			}
			var findings []struct{ ID, Level, Message string }
			if err := json.Unmarshal([]byte(stdout.String()), &findings); err != nil {
				t.Fatalf("%v: %s", err, stdout.String())
			}
			got := map[string]bool{}
			for _, f := range findings {
				got[f.ID] = true
			}
			for _, id := range tc.ids {
				if !got[id] {
					t.Errorf("no %s in %+v", id, findings)
				}
			}
			for _, id := range tc.absent {
				if got[id] {
					t.Errorf("unexpected %s in %+v", id, findings)
				}
			}
		})
	}
}

// The text output, as a person runs it before going live.
func TestCheckDeployText(t *testing.T) {
	t.Setenv("HOOP_ALLOWED_HOSTS", "www.example.com")
	t.Setenv("HOOP_SECRET_KEY", strings.TrimPrefix(goodKey, "HOOP_SECRET_KEY="))
	var stdout strings.Builder
	code := manage.Run(context.Background(), deploySite(false), []string{"check", "-deploy"}, &stdout, io.Discard)
	out := stdout.String()
	if code != 1 || !strings.Contains(out, "ERROR: (security.W003) a cross-site POST got 404, not 403") ||
		!strings.Contains(out, "HINT: add middleware.Defaults") || !strings.Contains(out, "error(s)).") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
