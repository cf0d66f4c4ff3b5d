package metrics_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/metrics"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

type storeErrors uint64

func (s storeErrors) StoreErrors() uint64 { return uint64(s) }

// site is a dispatcher with the metrics middleware and the defaults,
// whose conf has two patterns that need the backtracking engine, under
// "x/", with a dispatch budget of a nanosecond: a path that tries both
// runs out of it.
func site(t *testing.T) (http.Handler, *metrics.Metrics, *urlconf.Conf) {
	t.Helper()
	b := urlconf.Builder{MaxBacktracking: 1, BacktrackingWait: time.Nanosecond, MatchTimeout: time.Hour, DispatchBudget: time.Nanosecond}
	conf, err := b.Build(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "year"),
		urlconf.RePath(`^x/(?=y)y/$`, "lookahead"),
		urlconf.RePath(`^x/(?=z)z/$`, "lookahead"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("year", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.PathValue("year")) })
	reg.HandleFunc("lookahead", func(http.ResponseWriter, *http.Request) {})
	m := metrics.New(metrics.Options{Conf: conf, Sessions: storeErrors(3)})
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	log := slog.New(slog.DiscardHandler)
	mw := append([]func(http.Handler) http.Handler{m.Middleware}, middleware.Defaults(s, log)...)
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: log, Middleware: mw, SilencedChecks: []string{"hoop.W103"}})
	if err != nil {
		t.Fatal(err)
	}
	return d, m, conf
}

// scrape parses what Prometheus would read.
func scrape(t *testing.T, m *metrics.Metrics) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%s", err, rec.Body)
	}
	return families
}

// value is the value of the counter of family whose labels are labels.
func value(families map[string]*dto.MetricFamily, family string, labels map[string]string) (float64, bool) {
	f := families[family]
	if f == nil {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		match := true
		for _, lp := range m.GetLabel() {
			if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
				match = false
			}
		}
		if match {
			if c := m.GetCounter(); c != nil {
				return c.GetValue(), true
			}
			if h := m.GetHistogram(); h != nil {
				return float64(h.GetSampleCount()), true
			}
		}
	}
	return 0, false
}

// Requests are counted by route, method and status class, with every
// unmatched path under one label; the backtracking limits' 503s and the
// session store's errors are counted too; the scrape parses.
func TestMetrics(t *testing.T) {
	h, m, _ := site(t)
	requests := []struct{ method, path, host string }{
		{"GET", "/articles/2024/", "example.com"},
		{"GET", "/articles/2025/", "example.com"},
		{"POST", "/articles/2025/", "example.com"},
		{"BREW", "/articles/2025/", "example.com"},
		{"GET", "/wp-admin/a", "example.com"},
		{"GET", "/wp-admin/b", "example.com"},
		{"GET", "/articles/2024/", "evil.example"}, // 400 from AllowedHosts
		{"GET", "/x/z/", "example.com"},            // the budget runs out on the second regexp2 match
	}
	for _, rq := range requests {
		r := httptest.NewRequest(rq.method, "http://"+rq.host+rq.path, nil)
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	families := scrape(t, m)
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"hoop_requests_total", map[string]string{"route": "articles/<int:year>/", "method": "GET", "code": "2xx"}, 2},
		{"hoop_requests_total", map[string]string{"route": "articles/<int:year>/", "method": "POST", "code": "2xx"}, 1},
		{"hoop_requests_total", map[string]string{"route": "articles/<int:year>/", "method": "OTHER", "code": "4xx"}, 1},
		{"hoop_requests_total", map[string]string{"route": "unmatched", "method": "GET", "code": "4xx"}, 2},
		{"hoop_requests_total", map[string]string{"route": "articles/<int:year>/", "method": "GET", "code": "4xx"}, 1},
		{"hoop_requests_total", map[string]string{"route": "unmatched", "method": "GET", "code": "5xx"}, 1},
		{"hoop_request_duration_seconds", map[string]string{"route": "articles/<int:year>/", "method": "GET"}, 3},
		{"hoop_regex_timeouts_total", nil, 1},
		{"hoop_backtracking_rejections_total", nil, 0},
		{"hoop_session_store_errors_total", nil, 3},
	}
	for _, tt := range tests {
		got, ok := value(families, tt.family, tt.labels)
		if !ok || got != tt.want {
			t.Errorf("%s%v = %v (found %v), want %v", tt.family, tt.labels, got, ok, tt.want)
		}
	}
	if _, ok := families["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
}

// The metrics are served apart from the site, at /metrics only; an
// address without its host is refused.
func TestListenAndServe(t *testing.T) {
	_, m, _ := site(t)
	if err := m.ListenAndServe(context.Background(), ":0"); err == nil || !strings.Contains(err.Error(), "must name its host") {
		t.Errorf("ListenAndServe(\":0\") = %v, want a refusal", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + addr + "/metrics") // the listener is open: the request waits for Serve
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("/metrics: %d %.200s", resp.StatusCode, body)
	}
	if resp, err := http.Get("http://" + addr + "/"); err != nil || resp.StatusCode != 404 {
		t.Errorf("/ on the metrics address: %v %v, want 404", resp, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe after ctx ended: %v", err)
	}
}

// The devserver, which does not import this package, links none of
// client_golang, nor any session store's client: a site links what it
// imports.
func TestLinkedOnlyWhenImported(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: go list tells what a binary links")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/hoop-go/hoop/cmd/devserver").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, not := range []string{"github.com/prometheus/", "github.com/jackc/pgx", "github.com/redis/go-redis", "modernc.org/sqlite"} {
			if strings.HasPrefix(pkg, not) {
				t.Errorf("cmd/devserver links %s", pkg)
			}
		}
	}
}
