package views_test

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/hoop-go/hoop/urlconf"
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

// Build links from names, never by hand: against the conf that serves the
// request, in the request's namespace.
func ExampleReverse() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "news.year", urlconf.Name("year-archive")),
	))
	view := func(w http.ResponseWriter, r *http.Request) {
		u, err := views.Reverse(r, "year-archive", 2024)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, `<a href="%s">2024</a>`, u)
	}
	rec := httptest.NewRecorder()
	view(rec, views.WithConf(httptest.NewRequest("GET", "/", nil), conf))
	fmt.Println(rec.Body.String())
	// Output: <a href="/articles/2024/">2024</a>
}

// After a form's POST, send the browser to a named page: 303, so that
// it follows with a GET.
func ExampleRedirect() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("done/", "pages.done", urlconf.Name("done"))))
	submit := views.Func(func(r *http.Request) (any, error) {
		u, err := views.Reverse(r, "done")
		if err != nil {
			return nil, err
		}
		return nil, views.Redirect(u)
	})
	for _, method := range []string{"GET", "POST"} {
		rec := httptest.NewRecorder()
		submit.ServeHTTP(rec, views.WithConf(httptest.NewRequest(method, "/form/", nil), conf))
		fmt.Println(method, rec.Code, rec.Header().Get("Location"))
	}
	// Output:
	// GET 302 /done/
	// POST 303 /done/
}

func ExampleTemplateFuncs() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("blog/<int:year>/<slug:slug>/", "blog.detail", urlconf.Name("detail")),
	))
	t := template.Must(template.New("post").Funcs(views.TemplateFuncs(conf)).Parse(
		`<a href="{{url "detail" .Year .Slug}}">{{.Slug}}</a>`))
	_ = t.Execute(os.Stdout, map[string]any{"Year": 2003, "Slug": "intro"})
	// Output: <a href="/blog/2003/intro/">intro</a>
}

func ExampleWithConf() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "pages.index", urlconf.Name("index"))))
	req := views.WithConf(httptest.NewRequest("GET", "/x", nil), conf)
	fmt.Println(views.ConfOf(req) == conf)
	// Output: true
}

func ExampleRegistry_Lookup() {
	reg := views.NewRegistry()
	reg.HandleFunc("pages.hello", hello)
	_, ok := reg.Lookup("pages.hello")
	_, missing := reg.Lookup("pages.nothing")
	fmt.Println(ok, missing)
	// Output: true false
}

// WithMatch passes a real match, for tests that resolve through a conf
// but call the view themselves.
func ExampleWithMatch() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello")))
	m, _ := conf.Resolve("/hello/ana/")
	req := views.WithMatch(httptest.NewRequest("GET", "/hello/ana/", nil), m)
	rec := httptest.NewRecorder()
	hello(rec, req)
	fmt.Println(rec.Body.String(), req.Pattern)
	// Output: Hello, ana! ^hello/(?P<username>\w+)/$
}
