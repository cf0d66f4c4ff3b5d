package views_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/views"
)

// A site moving from Django serves the views it has not ported by
// forwarding them to the Django app, here an httptest server.
func ExampleProxy() {
	django := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Django answers %s for %s", r.URL.RequestURI(), r.Header.Get("X-Forwarded-Host"))
	}))
	defer django.Close()

	s := settings.Default()
	s.ProxyUpstream = django.URL // in production: proxy_upstream in settings.toml
	proxy, err := views.Proxy(s, nil)
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.Handle("blog.views.archive", proxy) // the URL conf names this view

	rec := httptest.NewRecorder()
	proxy.ServeHTTP(rec, httptest.NewRequest("GET", "http://www.example.com/blog/2003/?page=2", nil))
	body, _ := io.ReadAll(rec.Body)
	fmt.Println(rec.Code, string(body))
	// Output:
	// 200 Django answers /blog/2003/?page=2 for www.example.com
}
