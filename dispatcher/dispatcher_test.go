package dispatcher_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func newDispatcher(t *testing.T, s settings.Settings, logs io.Writer) *dispatcher.Dispatcher {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^$`, "index"),
		urlconf.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year"),
		urlconf.Path("int/<int:n>/", "int"),
		urlconf.Path("panic/", "panic"),
		urlconf.Path("panic-late/", "panic-late"),
		urlconf.Path("echo/", "echo"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index") })
	reg.HandleFunc("year", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "year=%s pattern=%s view=%s", r.PathValue("year"), r.Pattern, views.MatchOf(r).View)
	})
	reg.HandleFunc("int", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%T %v %s", views.MatchOf(r).Kwargs["n"], views.MatchOf(r).Kwargs["n"], r.PathValue("n"))
	})
	reg.HandleFunc("panic", func(w http.ResponseWriter, r *http.Request) { panic("boom: secret detail") })
	reg.HandleFunc("panic-late", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		panic("late")
	})
	reg.HandleFunc("echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s", r.Method, body)
	})
	if logs == nil {
		logs = io.Discard
	}
	d, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:    &s,
		Logger:      slog.New(slog.NewTextHandler(logs, nil)),
		LogRequests: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func prodSettings() settings.Settings {
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	return s
}

func TestDispatch(t *testing.T) {
	d := newDispatcher(t, prodSettings(), nil)
	cases := []struct {
		method, target string
		header         map[string]string
		status         int
		location       string
		body           string // substring
		contentType    string // prefix
	}{
		{"GET", "/", nil, 200, "", "index", ""},
		{"GET", "/articles/2024/", nil, 200, "", "year=2024 pattern=^articles/(?P<year>[0-9]{4})/$ view=year", ""},
		{"GET", "/int/042/", nil, 200, "", "int 42 042", ""},
		{"GET", "/articles/2024", nil, 301, "/articles/2024/", "", ""},
		{"GET", "/articles/2024?x=1&y=%2F", nil, 301, "/articles/2024/?x=1&y=%2F", "", ""},
		{"HEAD", "/articles/2024", nil, 301, "/articles/2024/", "", ""},
		{"POST", "/articles/2024", nil, 308, "/articles/2024/", "", ""},
		{"GET", "/articles/20245", nil, 404, "", "Not Found", "text/html"},
		{"GET", "/nowhere", nil, 404, "", "Not Found", "text/html"},
		{"GET", "/nowhere", map[string]string{"Accept": "application/json"}, 404, "", `"status":404`, "application/problem+json"},
		{"GET", "/nowhere", map[string]string{"X-Requested-With": "XMLHttpRequest"}, 404, "", `"title":"Not Found"`, "application/problem+json"},
		{"GET", "/panic/", nil, 500, "", "Internal Server Error", "text/html"},
		{"GET", "/panic/", map[string]string{"Accept": "application/json"}, 500, "", `"status":500`, "application/problem+json"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, nil)
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		res := rec.Result()
		body := rec.Body.String()
		if res.StatusCode != c.status {
			t.Errorf("%s %s: status %d, want %d (body %q)", c.method, c.target, res.StatusCode, c.status, body)
		}
		if got := res.Header.Get("Location"); got != c.location {
			t.Errorf("%s %s: Location %q, want %q", c.method, c.target, got, c.location)
		}
		if !strings.Contains(body, c.body) {
			t.Errorf("%s %s: body %q, want it to contain %q", c.method, c.target, body, c.body)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), c.contentType) {
			t.Errorf("%s %s: Content-Type %q, want %q", c.method, c.target, res.Header.Get("Content-Type"), c.contentType)
		}
		if strings.Contains(body, "secret detail") {
			t.Errorf("%s %s: the panic's text leaked with debug off: %q", c.method, c.target, body)
		}
	}
}

func TestAppendSlashOff(t *testing.T) {
	s := prodSettings()
	s.AppendSlash = false
	d := newDispatcher(t, s, nil)
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/articles/2024", nil))
	if rec.Code != 404 {
		t.Errorf("status %d, want 404 with append_slash off", rec.Code)
	}
}

// The redirect never leaves the site: a path that begins with "//" would
// be read as a host.
func TestAppendSlashStaysOnSite(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.RePath(`^(.+)/security/$`, "sec")))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("sec", func(w http.ResponseWriter, r *http.Request) {})
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"//evil.com/security", "///evil.com/security", "/%2Fevil.com/security"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path, req.URL.RawPath = "", ""
		u, _ := req.URL.Parse(target)
		req.URL = u
		if strings.HasPrefix(target, "//") {
			// A client can send "//evil.com/security" as a request target;
			// url.Parse would read it as a host, so build it as net/http does.
			req.URL.Host, req.URL.Path = "", target
		}
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		loc := rec.Header().Get("Location")
		if rec.Code != 301 || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
			t.Errorf("GET %s: %d Location %q, want a 301 to a same-site path", target, rec.Code, loc)
		}
	}
}

func TestDebugShowsPanic(t *testing.T) {
	s := prodSettings()
	s.Debug = true
	d := newDispatcher(t, s, nil)
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/panic/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "boom: secret detail") {
		t.Errorf("debug 500: %d %q, want the panic text", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/nowhere/", nil))
	if !strings.Contains(rec.Body.String(), "^articles/(?P&lt;year&gt;[0-9]{4})/$") {
		t.Errorf("debug 404 does not list the patterns tried, escaped: %s", rec.Body.String())
	}
}

func TestBadPaths(t *testing.T) {
	d := newDispatcher(t, prodSettings(), nil)
	req := httptest.NewRequest("GET", "/", nil)
	req.URL.Path, req.URL.RawPath = "/a\xffb/", "/a%ffb/"
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != 400 {
		t.Errorf("invalid UTF-8 path: %d, want 400", rec.Code)
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.URL.Path, req.URL.RawPath = "/a%zz", "/a%zz"
	rec = httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != 400 {
		t.Errorf("bad percent-encoding: %d, want 400", rec.Code)
	}
}

func TestMissingViews(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("a/", "registered"),
		urlconf.Path("b/", "missing.one"),
		urlconf.Include("c/", urlconf.Entries(urlconf.Path("d/", "missing.two"))),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("registered", func(http.ResponseWriter, *http.Request) {})
	_, err = dispatcher.New(conf, reg, dispatcher.Options{})
	if err == nil {
		t.Fatal("New accepted a conf with unregistered views")
	}
	for _, want := range []string{`dispatcher_test.go:`, `"missing.one" (pattern b/)`, `"missing.two" (pattern c/ d/)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// After a panic, the same connection serves the next request.
func TestPanicKeepsConnection(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(newDispatcher(t, prodSettings(), &logs))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	for i, want := range []int{500, 200, 500, 200} {
		path := "/"
		if want == 500 {
			path = "/panic/"
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: example.com\r\n\r\n", path)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i, res.StatusCode, want)
		}
	}
	if !strings.Contains(logs.String(), "panic in view") || !strings.Contains(logs.String(), "stack=") || !strings.Contains(logs.String(), "dispatcher/dispatcher_test.go") {
		t.Errorf("the panic was not logged with its stack:\n%s", logs.String())
	}
}

func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	d := newDispatcher(t, prodSettings(), &logs)
	d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/articles/2024/", nil))
	line := logs.String()
	for _, want := range []string{"method=GET", "path=/articles/2024/", "status=200", "view=year", "duration="} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
	if strings.Count(line, "\n") != 1 {
		t.Errorf("want one log line per request, got %q", line)
	}
}

// Middleware around the dispatcher sees the matched route and kwargs
// after the view ran, as it would with http.ServeMux.
func TestOuterMiddlewareSeesPattern(t *testing.T) {
	d := newDispatcher(t, prodSettings(), nil)
	var pattern, year string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.ServeHTTP(w, r)
		pattern, year = r.Pattern, r.PathValue("year")
	})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/articles/1999/", nil))
	if pattern != "^articles/(?P<year>[0-9]{4})/$" || year != "1999" {
		t.Errorf("outer middleware saw pattern %q year %q", pattern, year)
	}
}

func TestProblemJSONShape(t *testing.T) {
	d := newDispatcher(t, prodSettings(), nil)
	req := httptest.NewRequest("GET", "/nowhere", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	var p map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p["type"] != "about:blank" || p["title"] != "Not Found" || p["status"] != float64(404) {
		t.Errorf("problem = %v", p)
	}
	if _, ok := p["tried"]; ok {
		t.Error("the patterns tried leaked with debug off")
	}
}

// Check warnings are logged once, at start-up; silenced ones are not.
// With debug off, the checks that resolve sample URLs of every endpoint
// (hoop.W101) are left to the development server and the check command,
// so that a large site starts fast.
func TestChecksAtStartup(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^(?P<slug>[-\w]+)/$`, "page"),
		urlconf.RePath(`^about/$`, "about"), // shadowed by the slug pattern
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("page", func(http.ResponseWriter, *http.Request) {})
	reg.HandleFunc("about", func(http.ResponseWriter, *http.Request) {})
	for _, c := range []struct {
		debug    bool
		silenced []string
		logged   bool
	}{{true, nil, true}, {true, []string{"hoop.W101"}, false}, {false, nil, false}} {
		var logs bytes.Buffer
		s := prodSettings()
		s.Debug = c.debug
		_, err := dispatcher.New(conf, reg, dispatcher.Options{
			Settings:       &s,
			Logger:         slog.New(slog.NewTextHandler(&logs, nil)),
			SilencedChecks: c.silenced,
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(logs.String(), "hoop.W101") && strings.Contains(logs.String(), "level=WARN"); got != c.logged {
			t.Errorf("debug %v, silenced %v: warning logged = %v, want %v:\n%s", c.debug, c.silenced, got, c.logged, logs.String())
		}
	}
}

// In debug mode, static_dir is served under static_url, as Django's
// runserver does; never with debug off.
func TestDebugStaticMount(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.css"), []byte("body{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, debug := range []bool{true, false} {
		s := prodSettings()
		s.Debug, s.StaticDir = debug, dir
		d := newDispatcher(t, s, nil)
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.css", nil))
		want := 404
		if debug {
			want = 200
		}
		if rec.Code != want || (debug && rec.Body.String() != "body{}") {
			t.Errorf("debug %v: GET /static/app.css = %d %q, want %d", debug, rec.Code, rec.Body.String(), want)
		}
		if debug && rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Error("static file without nosniff")
		}
	}
}

// With debug off, a static view that lists directories or serves dotfiles
// stops the start-up, unless the site silences hoop.E201.
func TestProductionRisks(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("files/<path:path>", "files")))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		debug    bool
		silenced []string
		ok       bool
	}{{false, nil, false}, {true, nil, true}, {false, []string{"hoop.E201"}, true}} {
		reg := views.NewRegistry()
		reg.Handle("files", views.Static(views.Dir(t.TempDir()), views.StaticOptions{ListDirs: true, AllowDotfiles: true}))
		s := prodSettings()
		s.Debug = c.debug
		_, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, SilencedChecks: c.silenced, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if (err == nil) != c.ok {
			t.Errorf("debug %v silenced %v: New = %v, want ok %v", c.debug, c.silenced, err, c.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "directory listing") || !strings.Contains(err.Error(), "dotfiles") || !strings.Contains(err.Error(), "dispatcher_test.go:")) {
			t.Errorf("error %q does not name both risks and the entry", err)
		}
	}
}

// A view may keep its request past its return (background work), and a
// goroutine it started may ask for the match while later requests are
// served: what it gets is its own match while the request runs, then
// nil, never another request's. Its path values stay its own.
func TestRetainedRequestKeepsItsMatch(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year"),
	))
	if err != nil {
		t.Fatal(err)
	}
	var kept []*http.Request
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wrong := make(chan string, 1)
	reg := views.NewRegistry()
	reg.HandleFunc("year", func(w http.ResponseWriter, r *http.Request) {
		kept = append(kept, r)
		want := r.PathValue("year")
		if m := views.MatchOf(r); m == nil || m.Kwargs["year"] != want {
			t.Errorf("during the request: match %v, want year %s", m, want)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if m := views.MatchOf(r); m != nil && m.Kwargs["year"] != want {
					select {
					case wrong <- fmt.Sprintf("request for %s saw the match of %v", want, m.Kwargs["year"]):
					default:
					}
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		}()
	})
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for y := 2000; y < 2100; y++ {
		d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", fmt.Sprintf("/articles/%d/", y), nil))
	}
	close(stop)
	wg.Wait()
	select {
	case msg := <-wrong:
		t.Fatal(msg)
	default:
	}
	for i, r := range kept {
		want := fmt.Sprint(2000 + i)
		if m := views.MatchOf(r); m != nil || r.PathValue("year") != want {
			t.Fatalf("request %d kept: match %v, path value %q; want nil and %s", i, m, r.PathValue("year"), want)
		}
	}
}

// A view that panics after its response started cannot get an error
// page: the connection is dropped, as net/http does, so that the client
// does not take the part it got for the whole response. The server goes
// on serving.
func TestPanicAfterResponseStartedAborts(t *testing.T) {
	var logs syncBuffer
	d := newDispatcher(t, prodSettings(), &logs)
	srv := httptest.NewServer(d)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/panic-late/")
	if err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err == nil {
		t.Fatal("the cut response read as whole")
	}
	res, err = srv.Client().Get(srv.URL + "/")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("next request: %v %v", res, err)
	}
	res.Body.Close()
	if !strings.Contains(logs.String(), "connection aborted") {
		t.Errorf("log %q does not say the connection was aborted", logs.String())
	}
}

// syncBuffer is a bytes.Buffer that a server's goroutines may log to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
