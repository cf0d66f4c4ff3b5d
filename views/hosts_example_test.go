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

// A site routed by host (dispatcher.Options.Hosts) links from one host
// to another with absolute URLs.
func ExampleReverseHost() {
	www, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "home")))
	blogs, _ := urlconf.New(urlconf.Entries(urlconf.Path("posts/<int:id>/", "post", urlconf.Name("post"))))
	hosts, _ := urlconf.NewHosts("example.com", "www",
		urlconf.Host{Name: "www", Pattern: `www`, Conf: www},
		urlconf.Host{Name: "blog", Pattern: `(?P<author>[a-z]+)\.blogs`, Conf: blogs},
	)
	reg := views.NewRegistry()
	reg.HandleFunc("home", func(w http.ResponseWriter, r *http.Request) {
		u, _ := views.ReverseHost(r, "blog", map[string]any{"author": "ann"}, "post", 7)
		fmt.Fprint(w, u)
	})
	reg.HandleFunc("post", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "post %s by %s", r.PathValue("id"), r.PathValue("author"))
	})
	s := settings.Default()
	s.AllowedHosts = []string{".example.com"}
	d, _ := dispatcher.New(nil, reg, dispatcher.Options{Settings: &s, Hosts: hosts,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	for _, u := range []string{"http://www.example.com/", "http://ann.blogs.example.com/posts/7/", "http://evil.test/"} {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			body = http.StatusText(rec.Code) // the allowed-hosts check answers first
		}
		fmt.Println(rec.Code, body)
	}
	// Output:
	// 200 http://ann.blogs.example.com/posts/7/
	// 200 post 7 by ann
	// 400 Bad Request
}
