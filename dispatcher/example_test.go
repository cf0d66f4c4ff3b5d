package dispatcher_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func ExampleNew() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello"),
	))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("pages.hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s!", r.PathValue("username"))
	})
	s := settings.Default()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s})
	if err != nil {
		panic(err) // an unregistered view is found here, at start-up
	}

	for _, path := range []string{"/hello/José/", "/hello/José", "/nowhere/"} {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Println(rec.Code, rec.Header().Get("Location"), rec.Body.Len() > 0)
	}
	// Output:
	// 200  true
	// 301 /hello/Jos%C3%A9/ false
	// 404  true
}

// An API part with its own middleware and JSON error pages: a miss
// under /api/ is the API's JSON 404, while the rest of the site keeps
// its HTML pages. The part's middleware runs inside the site's.
func ExamplePart() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("", "index"),
		urlconf.Include("api/", urlconf.Entries(
			urlconf.Path("ping/", "api.ping"),
		), urlconf.AppName("api")),
	))
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "home") })
	reg.Handle("api.ping", views.JSONView("pong"))
	cors := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			next.ServeHTTP(w, r)
		})
	}
	d, _ := dispatcher.New(conf, reg, dispatcher.Options{Parts: map[string]dispatcher.Part{
		"api": {
			Middleware: []func(http.Handler) http.Handler{cors},
			ErrorPage:  &handler404.ErrorPage{JSON: true},
		},
	}})
	for _, path := range []string{"/api/ping/", "/api/nope/", "/nope/"} {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Println(path, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Access-Control-Allow-Origin"))
	}
	// Output:
	// /api/ping/ 200 application/json *
	// /api/nope/ 404 application/problem+json *
	// /nope/ 404 text/html; charset=utf-8
}
