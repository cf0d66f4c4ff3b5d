package views_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site whose views read kwargs with views.Kwarg can tell the
// dispatcher to skip r.SetPathValue, and then serves every route without
// allocating. views.Kwarg also works in a unit test (WithKwargs).
func ExampleKwarg() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.RePath(`^hello/(?P<username>\w+)/$`, "hello")))
	reg := views.NewRegistry()
	reg.HandleFunc("hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s! (r.PathValue: %q)", views.Kwarg(r, "username"), r.PathValue("username"))
	})
	d, _ := dispatcher.New(conf, reg, dispatcher.Options{
		SkipPathValues: true,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/hello/bob/", nil))
	fmt.Println(rec.Body.String())

	req := views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"username": "ann"})
	fmt.Println(views.Kwarg(req, "username"))
	// Output:
	// Hello, bob! (r.PathValue: "")
	// ann
}

// ViewName tells middleware which view a request was routed to, without
// building the whole match: for request logs and metrics.
func ExampleViewName() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("articles/<int:year>/", "blog.archive")))
	reg := views.NewRegistry()
	reg.HandleFunc("blog.archive", func(http.ResponseWriter, *http.Request) {})
	logView := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			fmt.Printf("%s %s -> %q (route %s)\n", r.Method, r.URL.Path, views.ViewName(r), r.Pattern)
		})
	}
	d, _ := dispatcher.New(conf, reg, dispatcher.Options{
		Middleware: []func(http.Handler) http.Handler{logView},
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/articles/2024/", nil))
	d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nowhere/", nil))
	// Output:
	// GET /articles/2024/ -> "blog.archive" (route articles/<int:year>/)
	// GET /nowhere/ -> "" (route )
}

// An HTTPError can carry the headers its page needs: Retry-After for a
// 503, WWW-Authenticate for a 401.
func ExampleHTTPError_SetHeaders() {
	he := &views.HTTPError{Status: http.StatusServiceUnavailable, Detail: "Back soon.",
		Header: http.Header{"Retry-After": {"30"}}}
	rec := httptest.NewRecorder()
	views.RenderError(rec, httptest.NewRequest("GET", "/", nil), he)
	fmt.Println(rec.Code, rec.Header().Get("Retry-After"))
	// Output: 503 30
}
