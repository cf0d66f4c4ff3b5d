package urls_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	examplesite "github.com/hoop-go/hoop/example_site"
	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/views"
)

// Outside a request (a mail, a job), write URLs with the site's conf.
func ExampleNew() {
	s := settings.Default()
	s.Debug = true
	site, _ := examplesite.New(s, nil)
	u := urls.New(site.Conf())
	fmt.Println(u.Blog.Detail(2003, "intro"), u.Hello("José"))
	// Output: /blog/2003/intro/ /hello/Jos%C3%A9/
}

// In a view, write URLs with the conf that serves the request.
func ExampleOf() {
	s := settings.Default()
	s.Debug = true
	site, _ := examplesite.New(s, nil)
	view := func(w http.ResponseWriter, r *http.Request) {
		views.Redirect(urls.Of(r).Sessions.Login()).ServeHTTP(w, r)
	}
	rec := httptest.NewRecorder()
	view(rec, views.WithConf(httptest.NewRequest("POST", "/somewhere/", nil), site.Conf()))
	fmt.Println(rec.Code, rec.Header().Get("Location"))
	// Output: 303 /sessions/login/
}
