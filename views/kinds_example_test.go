package views_test

import (
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hoop-go/hoop/views"
)

// A view that returns its response; errors become error pages.
func ExampleFunc() {
	detail := views.Func(func(r *http.Request) (any, error) {
		if r.PathValue("slug") != "intro" {
			return nil, views.NotFound("No such post.")
		}
		return views.JSON(map[string]string{"title": "Intro"}), nil
	})
	for _, slug := range []string{"intro", "missing"} {
		rec := httptest.NewRecorder()
		detail.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"slug": slug}))
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	}
	// Output:
	// 200 application/json
	// 404 text/html; charset=utf-8
}

func ExampleMethods() {
	v := views.Methods{
		http.MethodGet:  views.Func(func(*http.Request) (any, error) { return "the form", nil }),
		http.MethodPost: views.Func(func(*http.Request) (any, error) { return nil, views.Redirect("/thanks/") }),
	}
	for _, method := range []string{"GET", "POST", "DELETE"} {
		rec := httptest.NewRecorder()
		v.ServeHTTP(rec, httptest.NewRequest(method, "/form/", nil))
		fmt.Printf("%s %d Location=%q Allow=%q\n", method, rec.Code, rec.Header().Get("Location"), rec.Header().Get("Allow"))
	}
	// Output:
	// GET 200 Location="" Allow=""
	// POST 303 Location="/thanks/" Allow=""
	// DELETE 405 Location="" Allow="GET, HEAD, OPTIONS, POST"
}

type contact struct{}

func (contact) Get(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "the form") }
func (contact) Post(r *http.Request) (any, error)          { return nil, views.Redirect("/thanks/") }

func ExampleMethodView() {
	v := views.MethodView(contact{})
	rec := httptest.NewRecorder()
	v.ServeHTTP(rec, httptest.NewRequest("OPTIONS", "/contact/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Allow"))
	// Output: 204 GET, HEAD, OPTIONS, POST
}

func ExampleError() {
	v := views.Func(func(*http.Request) (any, error) {
		return nil, views.Error(http.StatusPaymentRequired, "Your trial has ended.")
	})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Requested-With", "XMLHttpRequest")
	rec := httptest.NewRecorder()
	v.ServeHTTP(rec, req)
	fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	// Output: 402 {"detail":"Your trial has ended.","status":402,"title":"Payment Required","type":"about:blank"}
}

// A redirect is a view as it is: here an old URL that moved for good.
func ExamplePermanentRedirect() {
	v := views.PermanentRedirect("/new-home/")
	for _, method := range []string{"GET", "POST"} {
		rec := httptest.NewRecorder()
		v.ServeHTTP(rec, httptest.NewRequest(method, "/old-home/", nil))
		fmt.Println(method, rec.Code, rec.Header().Get("Location"))
	}
	// Output:
	// GET 301 /new-home/
	// POST 308 /new-home/
}

func ExampleTemplateView() {
	v := views.TemplateView{Template: template.Must(template.New("hello").Parse(`<h1>Hello, {{.username}}!</h1>`))}
	rec := httptest.NewRecorder()
	v.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"username": "<Zoë>"}))
	fmt.Println(rec.Body.String())
	// Output: <h1>Hello, &lt;Zoë&gt;!</h1>
}

func ExampleJSONView() {
	rec := httptest.NewRecorder()
	views.JSONView(map[string]string{"status": "ok"}).ServeHTTP(rec, httptest.NewRequest("GET", "/health/", nil))
	fmt.Print(rec.Header().Get("Content-Type"), " ", rec.Body.String())
	// Output: application/json {"status":"ok"}
}

func ExampleDecodeJSON() {
	create := views.Func(func(r *http.Request) (any, error) {
		var in struct {
			Name string `json:"name"`
			Age  int    `json:"age"`
		}
		if err := views.DecodeJSON(r, &in, 0); err != nil {
			return nil, err // 400, 413 or 415, with a detail for the client
		}
		return views.JSON(in), nil
	})
	req := httptest.NewRequest("POST", "/people/", strings.NewReader(`{"name":"Ana","age":"seven"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	create.ServeHTTP(rec, req)
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), `Field \"age\" must be a number, not string.`))
	// Output: 400 true
}

func ExampleRespond() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		views.Respond(w, r, &views.Response{Status: http.StatusCreated, Header: http.Header{"Location": {"/items/1/"}}, Body: views.Text("created")}, nil)
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/items/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Location"), rec.Body.String())
	// Output: 201 /items/1/ created
}

func ExampleRenderError() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		views.RenderError(w, r, views.BadRequest("Missing the q parameter."))
	})
	req := httptest.NewRequest("GET", "/search/", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 400 application/problem+json
}

// After a login, redirect to "next" only if it stays on the site.
func ExampleSafeRedirect() {
	hosts := []string{"example.com"}
	for _, next := range []string{"/account/", "//evil.com/", "https://example.com/shop/", "javascript:alert(1)"} {
		fmt.Println(views.SafeRedirect(next, hosts, "/").Location)
	}
	// Output:
	// /account/
	// /
	// https://example.com/shop/
	// /
}

// A form view accepts small bodies only; a larger declared body is
// refused before it is read.
func ExampleLimitBody() {
	form := views.LimitBody(16<<10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "thanks")
	}))
	req := httptest.NewRequest("POST", "/contact/", strings.NewReader("..."))
	req.ContentLength = 20 << 20
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	form.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 413 {"detail":"The body is larger than 16384 bytes.","status":413,"title":"Request Entity Too Large","type":"about:blank"}
}

func ExampleDecodeJSONWith() {
	req := httptest.NewRequest("POST", "/tree/", strings.NewReader(`{"a":{"b":{"c":{}}}}`))
	req.Header.Set("Content-Type", "application/json")
	var tree any
	err := views.DecodeJSONWith(req, &tree, views.JSONLimits{Depth: 3})
	fmt.Println(err)
	// Output: 400 Bad Request: The JSON body is nested deeper than 3 levels.
}

// An HTTPError is a view: here a page that is gone for good.
func ExampleHTTPError_ServeHTTP() {
	gone := views.Error(http.StatusGone, "This campaign has ended.")
	req := httptest.NewRequest("GET", "/campaign/", nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	gone.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 410 application/problem+json
}
