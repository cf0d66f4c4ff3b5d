package dispatcher_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// An entry that matches a probe path is warned about: the health check
// answers those requests first (hoop.W201).
func TestProbePathShadowsEntry(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("healthz", "mine"),
		urlconf.RePath(`^ready`, "ready"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("mine", func(http.ResponseWriter, *http.Request) {})
	reg.HandleFunc("ready", func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name          string
		health, ready string
		want          []string
	}{
		{"defaults", "/healthz", "/readyz", []string{"health_path is /healthz", "ready_path is /readyz"}},
		{"other paths", "/-/live", "/-/ready", nil},
		{"probes off", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings.Default()
			s.Debug = true
			s.HealthPath, s.ReadyPath = tt.health, tt.ready
			d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range d.Findings() {
				if f.ID == "hoop.W201" {
					got = append(got, f.Message)
					if !strings.HasPrefix(f.Where, "dispatcher/probe_test.go:") {
						t.Errorf("finding at %q, want the entry's place", f.Where)
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("hoop.W201 findings %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("finding %q, want it to start with %q", got[i], w)
				}
			}
		})
	}
}
