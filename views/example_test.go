package views_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/views"
)

// hello is a view: a plain http.Handler function that reads its kwarg
// with the standard r.PathValue.
func hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "Hello, %s!", r.PathValue("username"))
}

func ExampleRegistry() {
	reg := views.NewRegistry()
	reg.HandleFunc("pages.hello", hello)
	reg.Handle("pages.health", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	fmt.Println(reg.Names())
	// Output: [pages.health pages.hello]
}

// Unit-test a view without a URL conf or a dispatcher: inject the kwargs
// it reads, call it, and check the recorded response.
func ExampleWithKwargs() {
	req := httptest.NewRequest("GET", "/hello/bob/", nil)
	req = views.WithKwargs(req, map[string]any{"username": "bob"})
	rec := httptest.NewRecorder()
	hello(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 Hello, bob!
}

// Views that need typed kwargs, positional args or the URL name read the
// whole match.
func ExampleMatchOf() {
	year := func(w http.ResponseWriter, r *http.Request) {
		m := views.MatchOf(r)
		fmt.Fprintf(w, "%d is before %d", m.Kwargs["year"], m.Kwargs["year"].(int)+1)
	}
	req := views.WithKwargs(httptest.NewRequest("GET", "/articles/2003/", nil), map[string]any{"year": 2003})
	rec := httptest.NewRecorder()
	year(rec, req)
	fmt.Println(rec.Body.String())
	// Output: 2003 is before 2004
}
