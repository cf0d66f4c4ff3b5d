package views_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func TestRegistryPanicsOnMistakes(t *testing.T) {
	noop := func(http.ResponseWriter, *http.Request) {}
	cases := []struct {
		name string
		do   func(*views.Registry)
		want string
	}{
		{"twice", func(r *views.Registry) { r.HandleFunc("a", noop); r.HandleFunc("a", noop) }, `"a" registered twice: at views/registry_test.go:`},
		{"empty name", func(r *views.Registry) { r.HandleFunc("", noop) }, "empty view name at views/registry_test.go:"},
		{"nil handler", func(r *views.Registry) { r.Handle("a", nil) }, `nil view for "a"`},
		{"nil func", func(r *views.Registry) { r.HandleFunc("a", nil) }, `nil view for "a"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, c.want) {
					t.Errorf("panic %v, want it to contain %q", v, c.want)
				}
			}()
			c.do(views.NewRegistry())
		})
	}
}

func TestLookup(t *testing.T) {
	reg := views.NewRegistry()
	reg.HandleFunc("a", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h, ok := reg.Lookup("a")
	if !ok {
		t.Fatal("registered view not found")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusTeapot {
		t.Errorf("Lookup returned another view: status %d", rec.Code)
	}
	if _, ok := reg.Lookup("b"); ok {
		t.Error("Lookup found an unregistered name")
	}
}

func TestWithMatch(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("n/<int:n>/", "n", urlconf.Name("num"))))
	if err != nil {
		t.Fatal(err)
	}
	m, err := conf.Resolve("/n/07/")
	if err != nil {
		t.Fatal(err)
	}
	req := views.WithMatch(httptest.NewRequest("GET", "/n/07/", nil), m)
	if req.PathValue("n") != "07" || req.Pattern != "n/<int:n>/" || views.MatchOf(req).URLName != "num" {
		t.Errorf("PathValue %q Pattern %q match %+v", req.PathValue("n"), req.Pattern, views.MatchOf(req))
	}
	if views.MatchOf(httptest.NewRequest("GET", "/", nil)) != nil {
		t.Error("MatchOf a request without a match is not nil")
	}
}
