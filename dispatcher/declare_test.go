package dispatcher_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// declaredOptions are the options of the tests' dispatchers: production
// settings, no log.
func declaredOptions() dispatcher.Options {
	s := prodSettings()
	return dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func text(s string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, s) })
}

// Views declared where their patterns are are served under their names,
// and may be named by other entries as registered views are.
func TestDeclaredViews(t *testing.T) {
	shared := func() []urlconf.Entry { // included twice: one declaration
		return []urlconf.Entry{views.Path("shared/", "shared", text("shared"))}
	}
	conf, err := urlconf.New(urlconf.Entries(
		views.Path("", "index", text("index")),
		views.RePath(`^hello/(?P<name>\w+)/$`, "hello", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "Hello, "+r.PathValue("name"))
		})),
		urlconf.Path("hi/<name>/", "hello"), // names the declared view
		urlconf.Path("registered/", "registered"),
		urlconf.Include("a/", shared),
		urlconf.Include("b/", shared),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.Handle("registered", text("registered"))
	d, err := dispatcher.New(conf, reg, declaredOptions())
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/": "index", "/hello/ana/": "Hello, ana", "/hi/bo/": "Hello, bo",
		"/registered/": "registered", "/a/shared/": "shared", "/b/shared/": "shared",
	} {
		t.Run(path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != 200 || rec.Body.String() != want {
				t.Errorf("GET %s: %d %q, want 200 %q", path, rec.Code, rec.Body.String(), want)
			}
		})
	}
	// The view's name is its URL name too (the entry that only names the
	// view has no URL name).
	if u, err := conf.Reverse("hello", "ana"); err != nil || u != "/hello/ana/" {
		t.Errorf(`Reverse("hello", "ana") = %q, %v`, u, err)
	}
}

// A conf that declares every view needs no registry.
func TestDeclaredViewsWithoutRegistry(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(views.Path("", "index", text("index"))))
	if err != nil {
		t.Fatal(err)
	}
	d, err := dispatcher.New(conf, nil, declaredOptions())
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "index" {
		t.Errorf("GET /: %d %q", rec.Code, rec.Body.String())
	}
}

// One name, one view: start-up refuses every ambiguity, naming where.
func TestDeclaredViewConflicts(t *testing.T) {
	cases := []struct {
		name     string
		entries  []urlconf.Entry
		register bool // "x" in the registry too
		want     []string
	}{
		{
			name: "declared twice",
			entries: []urlconf.Entry{
				views.Path("a/", "x", text("a")),
				views.Path("b/", "x", text("b")),
			},
			want: []string{`declare_test.go:`, `view "x" is declared again (first at dispatcher/declare_test.go:`},
		},
		{
			name:     "declared and registered",
			entries:  []urlconf.Entry{views.Path("a/", "x", text("a"))},
			register: true,
			want:     []string{`declare_test.go:`, `view "x" is declared here and registered too`},
		},
		{
			name:    "not a handler",
			entries: []urlconf.Entry{urlconf.Path("a/", "x", urlconf.Handler(42))},
			want:    []string{`declare_test.go:`, `view "x" is a int, not an http.Handler`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conf, err := urlconf.New(urlconf.Entries(c.entries...))
			if err != nil {
				t.Fatal(err)
			}
			reg := views.NewRegistry()
			if c.register {
				reg.Handle("x", text("registered"))
			}
			_, err = dispatcher.New(conf, reg, declaredOptions())
			if err == nil {
				t.Fatal("New accepted it")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
