package dispatcher

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

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

func allocDispatcher(t *testing.T) *Dispatcher {
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
			_, _ = r.PathValue("year"), r.PathValue("owner")
			served++
		})
	}
	s := settings.Default()
	d, err := New(conf, reg, Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The allocations of a request, as guards. A request without kwargs
// costs one: its state (the request copy the view gets, its context, the
// resolution), which is not pooled so that a view may keep its request
// (see state). One with kwargs adds the map net/http makes in
// r.SetPathValue, two allocations; chi, which also sets them, makes four.
// Each run serves a fresh copy of the request, as net/http does.
func TestDispatchAllocs(t *testing.T) {
	d := allocDispatcher(t)
	w := nopWriter{h: http.Header{}}
	cases := []struct {
		path string
		max  float64
	}{
		{"/", 1},
		{"/about/", 1},
		{"/blog/latest/", 1},
		{"/articles/2024/", 3},
		{"/repos/hoop/hoop/pulls", 3},
	}
	for _, c := range cases {
		tmpl := *httptest.NewRequest("GET", c.path, nil)
		var req http.Request
		before := served
		allocs := testing.AllocsPerRun(200, func() {
			req = tmpl
			d.ServeHTTP(w, &req)
		})
		if served == before {
			t.Fatalf("GET %s did not reach its view", c.path)
		}
		if allocs > c.max {
			t.Errorf("GET %s: %v allocations per request, want at most %v", c.path, allocs, c.max)
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
