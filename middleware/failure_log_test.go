package middleware

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// record is a request's JSON log record.
type record struct {
	Level     string `json:"level"`
	Msg       string `json:"msg"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Route     string `json:"route"`
	View      string `json:"view"`
	Status    int    `json:"status"`
	Bytes     int    `json:"bytes"`
	RequestID string `json:"request_id"`
	ClientIP  string `json:"client_ip"`
	Panicked  bool   `json:"panicked"`
	Panic     string `json:"panic"`
	Error     string `json:"error"`
	Stack     []struct {
		Func, File string
		Line       int
	} `json:"stack"`
}

func records(t *testing.T, buf *logBuffer) []record {
	t.Helper()
	var recs []record
	for _, line := range buf.lines() {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

func panicky(w http.ResponseWriter, r *http.Request) { panic("boom\x1b[2J") }

// A panic is one record, the request's, whatever the order of Logger and
// Recover: its value escaped, its stack a list of frames from the
// panicking function down, from the module root. With Logger outside,
// the record has the bytes of the 500 page Recover sent.
func TestPanicIsOneRecord(t *testing.T) {
	tests := []struct {
		name       string
		chain      func(l *slog.Logger) http.Handler
		wantsBytes bool
	}{
		{"Logger outside Recover", func(l *slog.Logger) http.Handler {
			return Chain(Logger(l), Recover(l), RequestID(""))(http.HandlerFunc(panicky))
		}, true},
		{"Recover outside Logger", func(l *slog.Logger) http.Handler {
			return Chain(Recover(l), RequestID(""), Logger(l))(http.HandlerFunc(panicky))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := jsonLogger()
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/p", nil)
			req.Header.Set("Accept", "application/json")
			tt.chain(log).ServeHTTP(rec, req)
			recs := records(t, buf)
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1:\n%s", len(recs), buf)
			}
			r := recs[0]
			if r.Msg != "request" || r.Level != "ERROR" || r.Status != 500 || !r.Panicked || r.RequestID == "" || r.ClientIP != "192.0.2.1" {
				t.Errorf("record %+v", r)
			}
			if r.Panic != `"boom\x1b[2J"` {
				t.Errorf("panic %q, want it quoted", r.Panic)
			}
			if len(r.Stack) == 0 || r.Stack[0].Func != "middleware.panicky" || r.Stack[0].File != "middleware/failure_log_test.go" {
				t.Errorf("stack %+v, want middleware.panicky in middleware/failure_log_test.go first", r.Stack)
			}
			if tt.wantsBytes && r.Bytes != rec.Body.Len() || rec.Body.Len() == 0 {
				t.Errorf("bytes %d, the client got %d", r.Bytes, rec.Body.Len())
			}
		})
	}
}

// Inside the dispatcher, with the default middleware: a view that
// panics, a view that returns an error, a view that answers: one record
// each, with the route, the view, and the bytes the client got.
func TestDispatcherFailuresAreOneRecord(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("panic/<int:n>/", "panicky"),
		urlconf.Path("fail/", "failing"),
		urlconf.Path("ok/", "fine"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("panicky", panicky)
	reg.Handle("failing", views.Func(func(*http.Request) (any, error) { return nil, errors.New("db down") }))
	reg.Handle("fine", views.Func(func(*http.Request) (any, error) { return views.Text("fine"), nil }))
	log, buf := jsonLogger()
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: log, Middleware: Defaults(s, log)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, route, view string
		status            int
		panicked          bool
		error             string
	}{
		{"/panic/7/", "panic/<int:n>/", "panicky", 500, true, ""},
		{"/fail/", "fail/", "failing", 500, false, "db down"},
		{"/ok/", "ok/", "fine", 200, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			before := len(buf.lines())
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "http://example.com"+tt.path, nil)
			d.ServeHTTP(rec, req)
			recs := records(t, buf)[before:]
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1:\n%s", len(recs), buf)
			}
			r := recs[0]
			if r.Route != tt.route || r.View != tt.view || r.Status != tt.status || rec.Code != tt.status {
				t.Errorf("record %+v, response %d", r, rec.Code)
			}
			if r.Bytes != rec.Body.Len() || r.Bytes == 0 {
				t.Errorf("bytes %d, the client got %d", r.Bytes, rec.Body.Len())
			}
			if r.Panicked != tt.panicked || r.Error != tt.error || tt.panicked && (len(r.Stack) == 0 || !strings.HasPrefix(r.Stack[0].Func, "middleware.panicky")) {
				t.Errorf("failure in the record: %+v", r)
			}
		})
	}
}
