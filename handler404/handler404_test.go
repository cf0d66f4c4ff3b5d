package handler404_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/urlconf"
)

func TestWantsJSON(t *testing.T) {
	cases := []struct {
		header map[string]string
		want   bool
	}{
		{nil, false},
		{map[string]string{"X-Requested-With": "XMLHttpRequest"}, true},
		{map[string]string{"Accept": "application/json"}, true},
		{map[string]string{"Accept": "application/problem+json"}, true},
		{map[string]string{"Accept": "application/json, text/plain, */*"}, true},
		{map[string]string{"Accept": "*/*"}, false},
		{map[string]string{"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, false},
		{map[string]string{"Accept": "text/html;q=0.5, application/json"}, true},
		{map[string]string{"Accept": "application/json;q=0.5, text/html"}, false},
		{map[string]string{"Accept": "application/json;q=0"}, false},
		{map[string]string{"Accept": "text/html, application/json"}, false},
		{map[string]string{"Accept": "application/*"}, true},
		{map[string]string{"Accept": "garbage;;;"}, false},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		for k, v := range c.header {
			r.Header.Set(k, v)
		}
		if got := handler404.WantsJSON(r); got != c.want {
			t.Errorf("WantsJSON(%v) = %v, want %v", c.header, got, c.want)
		}
	}
}

func notFoundFor(t *testing.T, path string) *urlconf.NotFound {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^hello/(?P<name><script>\w+)/$`, "hello", urlconf.Name("hello")),
		urlconf.Include("blog/", urlconf.Entries(urlconf.Path("<int:year>/", "year", urlconf.Name("year")))),
	))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conf.Resolve(path)
	nf, ok := err.(*urlconf.NotFound)
	if !ok {
		t.Fatalf("Resolve(%q) = %v", path, err)
	}
	return nf
}

func serve(h http.Handler, path string, nf *urlconf.NotFound, accept string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	if nf != nil {
		r = handler404.WithNotFound(r, nf)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func TestTechnical404(t *testing.T) {
	nf := notFoundFor(t, "/blog/<b>x")
	rec := serve(&handler404.Handler{Debug: true}, "/blog/%3Cb%3Ex", nf, "")
	body := rec.Body.String()
	if rec.Code != 404 {
		t.Errorf("status %d", rec.Code)
	}
	for _, want := range []string{
		"Page not found",
		"<code>^hello/(?P&lt;name&gt;&lt;script&gt;\\w&#43;)/$ [name=&#39;hello&#39;]</code>",
		"<code>blog/&lt;int:year&gt;/ [name=&#39;year&#39;]</code>",
		"The current path, <code>blog/&lt;b&gt;x</code>, didn't match any of these.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("technical 404 lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "<b>") {
		t.Error("technical 404 has unescaped request or pattern text")
	}
	// The empty path is named as such.
	rec = serve(&handler404.Handler{Debug: true}, "/", notFoundFor(t, "/"), "")
	if !strings.Contains(rec.Body.String(), "The empty path didn't match any of these.") {
		t.Errorf("empty path page:\n%s", rec.Body.String())
	}
}

func TestTechnical404JSON(t *testing.T) {
	nf := notFoundFor(t, "/nope/")
	rec := serve(&handler404.Handler{Debug: true}, "/nope/", nf, "application/json")
	var p struct {
		Status int      `json:"status"`
		Tried  []string `json:"tried"`
		Path   string   `json:"path"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 404 || p.Path != "nope/" || len(p.Tried) != 2 || p.Tried[1] != "blog/" {
		t.Errorf("problem = %+v", p)
	}
}

func TestPlain404HidesConf(t *testing.T) {
	nf := notFoundFor(t, "/nope/")
	for _, accept := range []string{"", "application/json"} {
		rec := serve(&handler404.Handler{}, "/nope/", nf, accept)
		body := rec.Body.String()
		if rec.Code != 404 || strings.Contains(body, "hello") || strings.Contains(body, "blog") {
			t.Errorf("Accept %q: %d %q: the conf leaked with debug off", accept, rec.Code, body)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Error("no nosniff header")
		}
	}
}

// The production 404 is rendered once: the same bytes and headers as
// Write would send, for browsers and for scripts, without allocating.
func TestNotFoundPageIsStatic(t *testing.T) {
	h := &handler404.Handler{}
	p := handler404.Problem{Status: 404, Detail: "The requested resource was not found on this server."}
	for _, accept := range []string{"", "text/html", "application/json"} {
		t.Run("Accept="+accept, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/wp-admin/", nil)
			if accept != "" {
				req.Header.Set("Accept", accept)
			}
			got, want := httptest.NewRecorder(), httptest.NewRecorder()
			h.ServeHTTP(got, req)
			handler404.Write(want, req, p)
			if got.Code != 404 || got.Body.String() != want.Body.String() || !reflect.DeepEqual(got.Header(), want.Header()) {
				t.Errorf("got %d %v %q\nwant %d %v %q", got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
			}
			w := discard{h: http.Header{}}
			if allocs := testing.AllocsPerRun(100, func() { clear(w.h); h.ServeHTTP(w, req) }); allocs != 0 {
				t.Errorf("%v allocations per 404, want 0", allocs)
			}
		})
	}
}

type discard struct{ h http.Header }

func (w discard) Header() http.Header         { return w.h }
func (w discard) Write(b []byte) (int, error) { return len(b), nil }
func (w discard) WriteHeader(int)             {}
