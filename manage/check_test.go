package manage_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// flawed is a site whose checks find two errors (two views missing) and
// two warnings (a shadowed pattern, a route that starts with a slash).
func flawed(missing bool) manage.Site {
	return manage.Site{
		Settings: []byte("debug = true\n"),
		New: func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
			conf, err := urlconf.New(urlconf.Entries(
				urlconf.RePath(`^(?P<slug>[-\w]+)/$`, "page"),
				urlconf.RePath(`^about/$`, "about"),
				urlconf.Path("/contact", "contact"),
				urlconf.Path("gone/away/", "gone"),
			))
			if err != nil {
				return nil, err
			}
			reg := views.NewRegistry()
			for _, v := range []string{"page", "about", "contact", "gone"} {
				if !missing || v == "page" || v == "about" {
					reg.HandleFunc(v, func(http.ResponseWriter, *http.Request) {})
				}
			}
			return dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger})
		},
	}
}

func runSite(t *testing.T, site manage.Site, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr strings.Builder
	code := manage.Run(t.Context(), site, args, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// check prints every finding once, errors and warnings alike, goes on
// past the first error, and exits 1 only when there is an error.
func TestCheckReportsEveryFindingOnce(t *testing.T) {
	tests := []struct {
		name    string
		missing bool
		code    int
		want    []string
	}{
		{"errors and warnings", true, 1, []string{
			`hoop.E202: view "contact" (pattern /contact) is not registered`,
			`hoop.E202: view "gone" (pattern gone/away/) is not registered`,
			"hoop.W101: pattern '^about/$'",
			"urls.W002:",
			"System check identified 4 issue(s) (2 error(s)).",
		}},
		{"warnings only", false, 0, []string{
			"hoop.W101: pattern '^about/$'",
			"urls.W002:",
			"System check identified 2 issue(s) (0 error(s)).",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runSite(t, flawed(tt.missing), "check")
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if stderr != "" {
				t.Errorf("stderr %q, want nothing: each finding is printed once, on stdout", stderr)
			}
			for _, w := range tt.want {
				if n := strings.Count(stdout, w); n != 1 {
					t.Errorf("%q appears %d times, want once:\n%s", w, n, stdout)
				}
			}
			if !strings.Contains(stdout, "manage/check_test.go:") {
				t.Errorf("locations are not from the module root:\n%s", stdout)
			}
		})
	}
	stdout, _, code := runSite(t, flawed(true), "check", "-json")
	var got []struct{ ID, Level, Where string }
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 1 || len(got) != 4 {
		t.Fatalf("check -json: %v, exit %d, %s", err, code, stdout)
	}
	if got[0].ID != "hoop.E202" || got[0].Level != "error" || !strings.HasPrefix(got[0].Where, "manage/check_test.go:") {
		t.Errorf("check -json, first finding: %+v", got[0])
	}
}
