package dispatcher

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// nopWriter is a ResponseWriter that allocates nothing.
type nopWriter struct{ h http.Header }

func (w nopWriter) Header() http.Header         { return w.h }
func (w nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w nopWriter) WriteHeader(int)             {}

// served counts the requests allocDispatcher's views answered.
var served int

func allocDispatcher(t *testing.T, opts Options) *Dispatcher {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^$`, "index"),
		urlconf.RePath(`^about/$`, "about"),
		urlconf.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year"),
		urlconf.Path("repos/<str:owner>/<str:repo>/pulls", "pulls"),
		urlconf.Include("blog/", urlconf.Entries(urlconf.Path("latest/", "blog.latest")), urlconf.AppName("blog")),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	for _, name := range []string{"index", "about", "year", "pulls", "blog.latest"} {
		reg.HandleFunc(name, func(w http.ResponseWriter, r *http.Request) {
			_, _ = views.Kwarg(r, "year"), views.Kwarg(r, "owner")
			served++
		})
	}
	s := settings.Default()
	opts.Settings, opts.Logger = &s, slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := New(conf, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The allocations of a request, as guards. A request without kwargs
// costs none: its state is pooled, the view gets the request net/http
// made, and the routing reaches views through package route. One with
// kwargs adds the map net/http makes in r.SetPathValue, two allocations
// (chi, which also sets them, makes four); with SkipPathValues, none. A
// miss, a 404 page aside, and the APPEND_SLASH redirect allocate
// nothing in the routing. Each run serves a fresh copy of the request,
// as net/http does.
func TestDispatchAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing (CI runs this test without -race)")
	}
	cases := []struct {
		path      string
		max, skip float64
		served    bool
	}{
		{"/", 0, 0, true},
		{"/about/", 0, 0, true},
		{"/blog/latest/", 0, 0, true},
		{"/articles/2024/", 2, 0, true},
		{"/repos/hoop/hoop/pulls", 2, 0, true},
		// The APPEND_SLASH redirect: the probe allocates nothing; its
		// Location header, the string and the header's slice, does.
		{"/about", 2, 2, false},
		// A miss and the production 404 page: nothing.
		{"/wp-admin/setup-config.php", 0, 0, false},
	}
	// A part of the site adds nothing: its chain is composed at New, and
	// the namespaces that choose it go into the pooled state.
	pass := func(next http.Handler) http.Handler { return next }
	blogPart := map[string]Part{"blog": {Middleware: []func(http.Handler) http.Handler{pass}}}
	for _, opts := range []Options{{}, {SkipPathValues: true}, {SkipPathValues: true, Parts: blogPart}} {
		skip := opts.SkipPathValues
		d := allocDispatcher(t, opts)
		w := nopWriter{h: http.Header{}}
		for _, c := range cases {
			tmpl := *httptest.NewRequest("GET", c.path, nil)
			var req http.Request
			before := served
			allocs := testing.AllocsPerRun(200, func() {
				req = tmpl
				d.ServeHTTP(w, &req)
			})
			if (served > before) != c.served {
				t.Fatalf("GET %s: view reached %v, want %v", c.path, served > before, c.served)
			}
			want := c.max
			if skip {
				want = c.skip
			}
			if allocs > want {
				t.Errorf("GET %s (SkipPathValues %v, %d parts): %v allocations per request, want at most %v", c.path, skip, len(opts.Parts), allocs, want)
			}
		}
	}
}

// The pooled request a view gets still answers views.MatchOf, with the
// full match built on demand, and its Tried list.
func TestPooledMatch(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^a/$`, "a"),
		urlconf.Include("blog/", urlconf.Entries(urlconf.Path("<int:year>/", "blog.year")), urlconf.AppName("blog")),
	))
	if err != nil {
		t.Fatal(err)
	}
	var got *urlconf.Match
	var tried int
	reg := views.NewRegistry()
	reg.HandleFunc("a", func(http.ResponseWriter, *http.Request) {})
	reg.HandleFunc("blog.year", func(w http.ResponseWriter, r *http.Request) {
		got = views.MatchOf(r)
		tried = len(got.TriedPatterns())
	})
	s := settings.Default()
	d, err := New(conf, reg, Options{Settings: &s})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second request reuses the pooled state
		d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/blog/2024/", nil))
		if got == nil || got.Kwargs["year"] != 2024 || got.ViewName != "blog:blog.year" || got.Route != "blog/<int:year>/" || tried != 2 {
			t.Fatalf("MatchOf = %+v, %d tried", got, tried)
		}
	}
}

// plainPath passes exactly the paths that pass the four checks it
// stands for.
func TestPlainPath(t *testing.T) {
	paths := []string{
		"/", "/a/b/", "/a/./b", "/a/../b", "/..", "/.", "/...", "/a/.b/", "/a/b.", "/.well-known/x", "/a\\b",
		"/a\x00b", "/a\x7fb", "/é/", "/a\u0085b", "/a/..", "/a/.", "//", "/a/b/..c", "",
	}
	for _, p := range paths {
		slow := utf8.ValidString(p) && !hasControl(p) && !strings.Contains(p, `\`) && !hasDotSegment(p)
		if plainPath(p) && !slow {
			t.Errorf("plainPath(%q) = true, but a check fails", p)
		}
		if !plainPath(p) && slow && isASCII(p) {
			t.Errorf("plainPath(%q) = false for a plain ASCII path", p)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// middleware.Defaults, as Options.Middleware, adds at most two
// allocations to a request: its own state (one) and, for a request with
// a body, the body limit's reader. The request log is measured apart:
// what a slog handler allocates is the handler's.
func TestDefaultsAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing (CI runs this test without -race)")
	}
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	for _, path := range []string{"/", "/articles/2024/"} {
		bare := allocsOf(t, allocDispatcher(t, Options{}), path)
		withDefaults := allocsOf(t, allocDispatcher(t, Options{Middleware: middleware.Defaults(s, nil)}), path)
		t.Logf("GET %s: %v allocations bare, %v with middleware.Defaults", path, bare, withDefaults)
		if withDefaults > bare+2 {
			t.Errorf("GET %s: %v allocations with middleware.Defaults, %v without: want at most 2 more", path, withDefaults, bare)
		}
	}
}

func allocsOf(t *testing.T, d *Dispatcher, path string) float64 {
	t.Helper()
	w := nopWriter{h: http.Header{}}
	tmpl := *httptest.NewRequest("GET", path, nil)
	var req http.Request
	before := served
	allocs := testing.AllocsPerRun(200, func() {
		req = tmpl
		clear(w.h)
		d.ServeHTTP(w, &req)
	})
	if served == before {
		t.Fatalf("GET %s did not reach its view", path)
	}
	return allocs
}

// Host routing adds no allocation for a host whose pattern has no
// groups: the host name is read in place, and the pattern matched
// without spans.
func TestHostsAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing (CI runs this test without -race)")
	}
	conf, err := urlconf.New(urlconf.Entries(urlconf.RePath(`^about/$`, "about")))
	if err != nil {
		t.Fatal(err)
	}
	hosts, err := urlconf.NewHosts("example.com", "www", urlconf.Host{Name: "www", Pattern: "www", Conf: conf})
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("about", func(w http.ResponseWriter, r *http.Request) { served++ })
	s := settings.Default()
	s.AllowedHosts = []string{".example.com"}
	d, err := New(nil, reg, Options{Settings: &s, Hosts: hosts, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	w := nopWriter{h: http.Header{}}
	tmpl := *httptest.NewRequest("GET", "http://www.example.com:8000/about/", nil)
	var req http.Request
	before := served
	allocs := testing.AllocsPerRun(200, func() {
		req = tmpl
		d.ServeHTTP(w, &req)
	})
	if served == before {
		t.Fatal("the view was not reached")
	}
	if allocs > 0 {
		t.Errorf("%v allocations per request, want none", allocs)
	}
}
