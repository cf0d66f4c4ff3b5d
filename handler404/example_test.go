package handler404_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/urlconf"
)

func ExampleHandler() {
	h := &handler404.Handler{} // Debug off: no conf details
	req := httptest.NewRequest("GET", "/missing/", nil)
	req.Header.Set("X-Requested-With", "XMLHttpRequest")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 404 application/problem+json
	// {"detail":"The requested resource was not found on this server.","status":404,"title":"Not Found","type":"about:blank"}
}

func ExampleWantsJSON() {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/json, text/plain, */*") // what fetch libraries send
	fmt.Println(handler404.WantsJSON(req))
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8") // a browser
	fmt.Println(handler404.WantsJSON(req))
	// Output:
	// true
	// false
}

// A site's own 404 page keeps JSON for scripts by rendering through Write.
func ExampleWrite() {
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler404.Write(w, r, handler404.Problem{Status: http.StatusNotFound, Detail: "No such page on this site."})
	})
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	notFound.ServeHTTP(rec, req)
	fmt.Print(rec.Body.String())
	// Output: {"detail":"No such page on this site.","status":404,"title":"Not Found","type":"about:blank"}
}

// A site's own 404 handler can still show what the resolver tried.
func ExampleNotFoundOf() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("about/", "about")))
	_, err := conf.Resolve("/contact/")
	nf := err.(*urlconf.NotFound)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if nf := handler404.NotFoundOf(r); nf != nil {
			fmt.Fprintf(w, "%d pattern(s) tried for %s", len(nf.Tried), nf.Path)
		}
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, handler404.WithNotFound(httptest.NewRequest("GET", "/contact/", nil), nf))
	fmt.Println(rec.Body.String())
	// Output: 1 pattern(s) tried for contact/
}
