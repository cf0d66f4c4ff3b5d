package views_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A small site declares each view where its pattern is: the view's name
// is written once, and is its URL name too.
func ExamplePath() {
	conf, err := urlconf.New(urlconf.Entries(
		views.Path("", "index", views.Func(func(r *http.Request) (any, error) {
			return views.Text("Try /hello/you/"), nil
		})),
		views.Path("hello/<name>/", "hello", views.Func(func(r *http.Request) (any, error) {
			return views.Text("Hello, " + r.PathValue("name") + "!"), nil
		})),
	))
	if err != nil {
		panic(err)
	}
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	site, err := dispatcher.New(conf, nil, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err) // a view name declared twice is found here
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest("GET", "/hello/ana/", nil))
	u, _ := conf.Reverse("hello", "bo")
	fmt.Println(rec.Body.String(), u)
	// Output: Hello, ana! /hello/bo/
}

func ExampleRePath() {
	conf, _ := urlconf.New(urlconf.Entries(
		views.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year-archive", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "Articles of %s", r.PathValue("year"))
		})),
	))
	ep := conf.Endpoints()[0]
	fmt.Println(ep.View, ep.Name, ep.Where)
	// Output: year-archive year-archive views/declare_example_test.go:45
}
