package dispatcher_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// FuzzDispatch sends any request target through the dispatcher and the
// default middleware: no panic, a status from the allowed set, every
// Location a same-site path, and no view ever sees a ".." segment, a
// backslash or a control character.
func FuzzDispatch(f *testing.F) {
	for _, s := range []string{
		"/", "/articles/2024", "/articles/2024/", "//evil.com", "///evil.com/", "//evil.com/%2e%2e",
		"/..%2F..%2Fevil.com%2F%3f%2F..", "/a/../articles/2024/", "/%2e%2e/etc/passwd", "/articles/2024/%0A",
		"/a%00b", "/%C0%AE%C0%AE/", "/ARTICLES/2024/", "/articles/2024/?next=//evil.com", "/a\\b", "/x?" + strings.Repeat("a&", 50),
	} {
		f.Add("GET", s)
	}
	f.Add("POST", "/articles/2024")
	f.Add("BREW", "/articles/2024/")
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^$`, "index"),
		urlconf.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year"),
		urlconf.RePath(`^(?P<rest>.*)/$`, "catchall"),
	))
	if err != nil {
		f.Fatal(err)
	}
	var seen []string // what views saw, checked after each request
	see := func(w http.ResponseWriter, r *http.Request) { seen = append(seen, r.URL.Path, r.PathValue("rest")) }
	reg := views.NewRegistry()
	reg.HandleFunc("index", see)
	reg.HandleFunc("year", see)
	reg.HandleFunc("catchall", see)
	s := prodSettings()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger, Middleware: middleware.Defaults(s, logger)})
	if err != nil {
		f.Fatal(err)
	}
	allowed := map[int]bool{200: true, 301: true, 308: true, 400: true, 404: true, 405: true, 414: true}
	f.Fuzz(func(t *testing.T, method, target string) {
		if !validMethod(method) {
			return // net/http refuses the request line
		}
		u, err := url.ParseRequestURI(target)
		if err != nil || u.Host != "" || !strings.HasPrefix(target, "/") {
			return // net/http answers 400 itself
		}
		seen = seen[:0]
		req := httptest.NewRequest("GET", "/", nil)
		req.Method, req.URL, req.RequestURI = method, u, target
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("%s %q: status %d", method, target, rec.Code)
		}
		if loc := rec.Header().Get("Location"); loc != "" {
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
				t.Fatalf("%s %q: Location %q leaves the site", method, target, loc)
			}
		}
		for _, p := range seen {
			for _, seg := range strings.Split(p, "/") {
				if seg == ".." || seg == "." {
					t.Fatalf("%s %q: a view saw %q", method, target, p)
				}
			}
			if strings.ContainsAny(p, "\\\x00\n\r\t") || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("%s %q: a view saw %q", method, target, p)
			}
		}
	})
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
