package dispatcher_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// entries counts the requests that enter a middleware, by the route they
// carry. It counts on the way in, before the view runs, so the count is
// complete when the client has its response.
type entries struct {
	mu     sync.Mutex
	routes []string
}

func (e *entries) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.routes = append(e.routes, r.Pattern)
		e.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// take returns the routes seen since the last take.
func (e *entries) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.routes
	e.routes = nil
	return out
}

// get sends one request over TCP and returns its status, Location and
// body.
func get(t *testing.T, client *http.Client, method, url string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// A mounted http.Handler gets every path under the mount's prefix with
// the prefix stripped; the original URL, the match and reverse stay
// available to it; every middleware runs once per request.
func TestMount(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") })
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "mux root") })
	mux.HandleFunc("/show/", func(w http.ResponseWriter, r *http.Request) {
		self, _ := views.Reverse(r, "mounted")
		fmt.Fprintf(w, "path=%s raw=%s original=%s pattern=%q view=%s self=%s",
			r.URL.Path, r.URL.RawPath, views.OriginalURL(r).EscapedPath(), r.Pattern, views.ViewName(r), self)
	})
	mux.HandleFunc("/panic/", func(w http.ResponseWriter, r *http.Request) { panic("mounted handler failed") })
	tenant := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "tenant=%s kwarg=%s path=%s", r.PathValue("tenant"), views.Kwarg(r, "tenant"), r.URL.Path)
	})
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("", "index"),
		urlconf.Mount("mounted/", "mux", urlconf.Name("mounted")),
		urlconf.Mount("t/<slug:tenant>/files/", "tenant"),
		urlconf.Mount("post-only/", "mux", urlconf.Methods("POST")),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index") })
	reg.Handle("mux", mux)
	reg.Handle("tenant", tenant)
	var seen entries
	s := settings.Default()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Middleware: []func(http.Handler) http.Handler{seen.middleware}, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	defer srv.Close()
	client := noRedirects()

	tests := []struct {
		method, path string
		status       int
		want         string // the body contains it, or Location for a redirect
		route        string // what the middleware saw as r.Pattern
	}{
		{"GET", "/mounted/ping", 200, "pong", "mounted/"},
		{"GET", "/mounted/", 200, "mux root", "mounted/"},
		{"GET", "/mounted", 301, "/mounted/", ""},
		{"GET", "/mounted/nope", 404, "404 page not found", "mounted/"}, // the mux's own 404
		{"POST", "/mounted/ping", 405, "Method Not Allowed", "mounted/"},
		{"GET", "/mounted/show/a%2Fb", 200, `path=/show/a/b raw=/show/a%2Fb original=/mounted/show/a%2Fb pattern="/show/" view=mux self=/mounted/`, "mounted/"},
		{"GET", "/mounted/show/x", 200, `path=/show/x raw= original=/mounted/show/x`, "mounted/"},
		{"GET", "/mounted/panic/", 500, "Internal Server Error", "mounted/"},
		{"GET", "/t/acme/files/a/b", 200, "tenant=acme kwarg=acme path=/a/b", "t/<slug:tenant>/files/"},
		{"GET", "/post-only/ping", 405, "Method Not Allowed", "post-only/"},
		{"GET", "/", 200, "index", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			status, location, body := get(t, client, tt.method, srv.URL+tt.path)
			if status != tt.status {
				t.Errorf("status %d, want %d (body %q)", status, tt.status, body)
			}
			if got := body + location; !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
			if routes := seen.take(); len(routes) != 1 || routes[0] != tt.route {
				t.Errorf("the middleware ran for routes %q, want once for %q", routes, tt.route)
			}
		})
	}
}

// The technical 404 lists a mount among the patterns tried.
func TestMountInTechnical404(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Mount("mounted/", "mux", urlconf.Name("mounted"))))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.Handle("mux", http.NewServeMux())
	s := settings.Default()
	s.Debug = true
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/elsewhere/", nil))
	if body := rec.Body.String(); rec.Code != 404 || !strings.Contains(body, "<code>mounted/ [mount] [name=&#39;mounted&#39;]</code>") {
		t.Errorf("%d\n%s", rec.Code, body)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
