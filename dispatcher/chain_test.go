package dispatcher_test

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// counting is a middleware that counts its calls and records the status
// and route it saw.
type counting struct {
	calls  int
	status int
	route  string
}

func (c *counting) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.calls++
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		c.status, c.route = rec.status, r.Pattern
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Every middleware runs exactly once per request, around whatever the
// request gets, and sees the status it gets: a view's 200, an error the
// view returns or panics with, any other panic, a guard's 4xx, a 404, the
// APPEND_SLASH redirect, a 405, a 503 for a regex out of time.
func TestMiddlewareRunsOncePerOutcome(t *testing.T) {
	conf, err := (&urlconf.Builder{MatchTimeout: time.Millisecond}).Build(urlconf.Entries(
		urlconf.Path("ok/", "ok"),
		urlconf.Path("returns/", "returns"),
		urlconf.Path("raises/", "raises"),
		urlconf.Path("panics/", "panics"),
		urlconf.Path("fails/", "fails"),
		urlconf.Path("post-only/", "ok", urlconf.Methods("POST")),
		urlconf.RePath(`^redos/(a|aa)+(?=b)`, "ok"), // a lookahead: backtracking, with its timeout
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	reg.Handle("returns", views.Func(func(r *http.Request) (any, error) {
		return nil, views.Forbidden("no")
	}))
	reg.Handle("fails", views.Func(func(r *http.Request) (any, error) {
		return nil, errors.New("the database is down")
	}))
	reg.HandleFunc("raises", func(w http.ResponseWriter, r *http.Request) { panic(views.NotFound("gone")) })
	reg.HandleFunc("panics", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	var outer, inner counting
	d, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:       ptr(prodSettings()),
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		SilencedChecks: []string{"hoop.W103"},
		Middleware:     []func(http.Handler) http.Handler{outer.middleware, inner.middleware},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, target string
		status         int
		route          string
	}{
		{"GET", "/ok/", 200, "ok/"},
		{"GET", "/returns/", 403, "returns/"},
		{"GET", "/fails/", 500, "fails/"},
		{"GET", "/raises/", 404, "raises/"},
		{"GET", "/panics/", 500, "panics/"},
		{"GET", "/a/../b", 400, ""},
		{"GET", "/nowhere/", 404, ""},
		{"GET", "/ok", 301, ""},
		{"GET", "/post-only/", 405, "post-only/"},
		{"GET", "/redos/" + strings.Repeat("a", 40) + "!", 503, ""},
	} {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			outer, inner = counting{}, counting{}
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
			if rec.Code != c.status {
				t.Errorf("status %d, want %d", rec.Code, c.status)
			}
			for _, m := range []*counting{&outer, &inner} {
				if m.calls != 1 || m.status != c.status || m.route != c.route {
					t.Errorf("middleware ran %d times, saw status %d and route %q; want once, %d, %q", m.calls, m.status, m.route, c.status, c.route)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// A dispatcher may serve a view of another (a site mounted in a site):
// inside, the inner match; back in the outer view, the outer one again.
func TestNestedDispatchers(t *testing.T) {
	innerConf, err := urlconf.New(urlconf.Entries(urlconf.Path("app/<int:id>/", "inner")))
	if err != nil {
		t.Fatal(err)
	}
	innerReg := views.NewRegistry()
	var innerView string
	innerReg.HandleFunc("inner", func(w http.ResponseWriter, r *http.Request) {
		innerView = views.MatchOf(r).View + " " + views.Kwarg(r, "id")
	})
	inner, err := dispatcher.New(innerConf, innerReg, dispatcher.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	outerConf, err := urlconf.New(urlconf.Entries(urlconf.RePath(`^(?P<rest>app/.*)$`, "outer")))
	if err != nil {
		t.Fatal(err)
	}
	outerReg := views.NewRegistry()
	var after string
	outerReg.HandleFunc("outer", func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(w, r)
		after = views.MatchOf(r).View + " " + views.Kwarg(r, "rest")
	})
	outer, err := dispatcher.New(outerConf, outerReg, dispatcher.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	outer.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/app/7/", nil))
	if innerView != "inner 7" || after != "outer app/7/" {
		t.Errorf("inner view saw %q, outer view after it %q; want %q and %q", innerView, after, "inner 7", "outer app/7/")
	}
}

// With debug on, a panic the dispatcher recovers, in a view or in a
// middleware, reaches the technical 500 with the frame that panicked
// first, its file and line: no Recover middleware needed.
func TestTechnical500Frames(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("boom/", "boom"), urlconf.Path("ok/", "ok")))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("boom", func(w http.ResponseWriter, r *http.Request) { panic("view boom") })
	reg.HandleFunc("ok", func(w http.ResponseWriter, r *http.Request) {})
	failing := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/ok/" {
				panic("middleware boom")
			}
			next.ServeHTTP(w, r)
		})
	}
	s := prodSettings()
	s.Debug = true
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Middleware: []func(http.Handler) http.Handler{failing}})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/boom/", "/ok/"} {
		t.Run(path, func(t *testing.T) {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Accept", "application/json")
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, req)
			var page struct {
				Frames []struct {
					File string `json:"file"`
					Line int    `json:"line"`
					Site bool   `json:"site"`
				} `json:"frames"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || rec.Code != 500 {
				t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
			}
			if len(page.Frames) == 0 || !strings.HasSuffix(page.Frames[0].File, "chain_test.go") || page.Frames[0].Line == 0 || !page.Frames[0].Site {
				t.Errorf("first frame %+v, want this test file's panic", page.Frames)
			}
		})
	}
}
