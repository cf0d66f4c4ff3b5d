package dispatcher_test

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

type article struct{ saved []string }

func (a *article) Get(r *http.Request) (any, error) {
	return "<h1>article " + r.PathValue("id") + "</h1>", nil
}
func (a *article) Post(w http.ResponseWriter, r *http.Request) {
	a.saved = append(a.saved, r.PathValue("id"))
	w.WriteHeader(http.StatusCreated)
}

// deep is code far below a view that stops the request by panicking
// with an HTTP error, as paste's "raise HTTPForbidden" did.
func deep() { panic(views.Forbidden("Members only.")) }

func kindsSite(t *testing.T, debug bool, handlers map[int]http.Handler) *dispatcher.Dispatcher {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("str/", "str"),
		urlconf.Path("bytes/", "bytes"),
		urlconf.Path("text/", "text"),
		urlconf.Path("json/", "json"),
		urlconf.Path("response/", "response"),
		urlconf.Path("nil/", "nil"),
		urlconf.Path("bad-value/", "bad-value"),
		urlconf.Path("plain-error/", "plain-error"),
		urlconf.Path("not-found/", "not-found"),
		urlconf.Path("forbidden/", "forbidden"),
		urlconf.Path("deep/", "deep"),
		urlconf.Path("teapot/", "teapot"),
		urlconf.Path("found/", "found"),
		urlconf.Path("found-value/", "found-value"),
		urlconf.Path("article/<int:id>/", "article"),
		urlconf.Path("map/", "map"),
		urlconf.Path("only-get/", "only-get", urlconf.Methods("GET")),
		urlconf.Path("go/<int:id>/", "redirect", urlconf.Name("go")),
		urlconf.Path("go-perm/<int:id>/", "redirect-perm"),
		urlconf.Path("hello/<str:name>/", "template"),
		urlconf.Path("decode/", "decode"),
	))
	if err != nil {
		t.Fatal(err)
	}
	f := func(v any, err error) views.Func { return func(*http.Request) (any, error) { return v, err } }
	reg := views.NewRegistry()
	reg.Handle("str", f("<p>hi</p>", nil))
	reg.Handle("bytes", f([]byte("raw"), nil))
	reg.Handle("text", f(views.Text("<not html>"), nil))
	reg.Handle("json", f(views.JSON(map[string]any{"a": 1, "b": "<x>"}), nil))
	reg.Handle("response", f(&views.Response{Status: http.StatusAccepted, Header: http.Header{"X-Kind": {"response"}}, Body: "queued"}, nil))
	reg.Handle("nil", f(nil, nil))
	reg.Handle("bad-value", f(42, nil))
	reg.Handle("plain-error", f(nil, errors.New("database password=hunter2 unreachable")))
	reg.Handle("not-found", f(nil, views.NotFound("No such article.")))
	reg.Handle("forbidden", f(nil, views.Forbidden("Members only.")))
	reg.HandleFunc("deep", func(w http.ResponseWriter, r *http.Request) { deep() })
	reg.Handle("teapot", f(nil, views.Error(http.StatusTeapot, "I am a teapot.")))
	reg.Handle("found", f(nil, views.Redirect("/str/")))
	reg.Handle("found-value", f(views.Redirect("/str/"), nil))
	reg.Handle("article", views.MethodView(&article{}))
	reg.Handle("map", views.Methods{http.MethodGet: f("got", nil), http.MethodDelete: f(nil, nil)})
	reg.Handle("only-get", f("only get", nil))
	reg.Handle("redirect", views.Func(func(r *http.Request) (any, error) {
		u, err := views.Reverse(r, "go", views.MatchOf(r).Kwargs)
		return views.Redirect(u), err
	}))
	reg.Handle("redirect-perm", views.PermanentRedirect("/str/"))
	reg.Handle("template", views.TemplateView{Template: template.Must(template.New("t").Parse(`<p>Hello, {{.name}}!</p>`))})
	reg.Handle("decode", views.Func(func(r *http.Request) (any, error) {
		var in struct {
			Name string `json:"name"`
			Age  int    `json:"age"`
		}
		if err := views.DecodeJSON(r, &in, 64); err != nil {
			return nil, err
		}
		return views.JSON(in), nil
	}))
	s := settings.Default()
	s.Debug = debug
	d, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:      &s,
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		ErrorHandlers: handlers,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type kindCase struct {
	method, target, body, contentType string
	json                              bool // the client is a script
	status                            int
	header                            map[string]string // expected response headers
	want                              string            // body substring
	notWant                           string            // body must not contain
}

func runKindCases(t *testing.T, d http.Handler, cases []kindCase) {
	t.Helper()
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		if c.json {
			req.Header.Set("Accept", "application/json")
		}
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, req)
		body := rec.Body.String()
		name := fmt.Sprintf("%s %s (json %v)", c.method, c.target, c.json)
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d; body %q", name, rec.Code, c.status, body)
		}
		for k, v := range c.header {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", name, k, got, v)
			}
		}
		if !strings.Contains(body, c.want) {
			t.Errorf("%s: body %q lacks %q", name, body, c.want)
		}
		if c.notWant != "" && strings.Contains(body, c.notWant) {
			t.Errorf("%s: body %q has %q", name, body, c.notWant)
		}
	}
}

func TestViewKinds(t *testing.T) {
	d := kindsSite(t, false, nil)
	html, jsonCT, problem := "text/html; charset=utf-8", "application/json", "application/problem+json"
	runKindCases(t, d, []kindCase{
		{method: "GET", target: "/str/", status: 200, header: map[string]string{"Content-Type": html}, want: "<p>hi</p>"},
		{method: "GET", target: "/bytes/", status: 200, header: map[string]string{"Content-Type": html}, want: "raw"},
		{method: "GET", target: "/text/", status: 200, header: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, want: "<not html>"},
		{method: "GET", target: "/json/", status: 200, header: map[string]string{"Content-Type": jsonCT}, want: `{"a":1,"b":"\u003cx\u003e"}`},
		{method: "GET", target: "/response/", status: 202, header: map[string]string{"X-Kind": "response"}, want: "queued"},
		{method: "GET", target: "/nil/", status: 204},
		{method: "HEAD", target: "/str/", status: 200, header: map[string]string{"Content-Type": html}},
		// A value that is not a response is a bug in the view: a 500 that tells nothing.
		{method: "GET", target: "/bad-value/", status: 500, header: map[string]string{"Content-Type": html}, want: "Internal Server Error", notWant: "int"},
		{method: "GET", target: "/plain-error/", status: 500, want: "Internal Server Error", notWant: "hunter2"},
		{method: "GET", target: "/plain-error/", json: true, status: 500, header: map[string]string{"Content-Type": problem}, want: `"status":500`, notWant: "hunter2"},
		{method: "GET", target: "/not-found/", status: 404, header: map[string]string{"Content-Type": html}, want: "Not Found"},
		{method: "GET", target: "/not-found/", json: true, status: 404, header: map[string]string{"Content-Type": problem}, want: `"title":"Not Found"`},
		{method: "GET", target: "/forbidden/", status: 403, want: "Members only."},
		{method: "GET", target: "/forbidden/", json: true, status: 403, header: map[string]string{"Content-Type": problem}, want: `"detail":"Members only."`},
		{method: "GET", target: "/deep/", json: true, status: 403, want: `"detail":"Members only."`},
		{method: "GET", target: "/teapot/", json: true, status: 418, want: `"detail":"I am a teapot."`},
		{method: "GET", target: "/found/", status: 302, header: map[string]string{"Location": "/str/"}},
		{method: "POST", target: "/found/", status: 303, header: map[string]string{"Location": "/str/"}},
		// Method views.
		{method: "GET", target: "/article/7/", status: 200, want: "<h1>article 7</h1>"},
		{method: "POST", target: "/article/7/", status: 201},
		{method: "HEAD", target: "/article/7/", status: 200},
		{method: "OPTIONS", target: "/article/7/", status: 204, header: map[string]string{"Allow": "GET, HEAD, OPTIONS, POST"}},
		{method: "DELETE", target: "/article/7/", status: 405, header: map[string]string{"Allow": "GET, HEAD, OPTIONS, POST"}, want: "Method Not Allowed"},
		{method: "BREW", target: "/article/7/", json: true, status: 405, header: map[string]string{"Allow": "GET, HEAD, OPTIONS, POST", "Content-Type": problem}, want: `"status":405`},
		{method: "GET", target: "/map/", status: 200, want: "got"},
		{method: "DELETE", target: "/map/", status: 204},
		{method: "PUT", target: "/map/", status: 405, header: map[string]string{"Allow": "DELETE, GET, HEAD, OPTIONS"}},
		// A conf entry restricted to GET.
		{method: "GET", target: "/only-get/", status: 200, want: "only get"},
		{method: "HEAD", target: "/only-get/", status: 200},
		{method: "POST", target: "/only-get/", status: 405, header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{method: "OPTIONS", target: "/only-get/", status: 204, header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		// Generic views.
		{method: "GET", target: "/go/3/?x=1", status: 302, header: map[string]string{"Location": "/go/3/"}},
		{method: "POST", target: "/go/3/", status: 303, header: map[string]string{"Location": "/go/3/"}},
		{method: "DELETE", target: "/found-value/", status: 303, header: map[string]string{"Location": "/str/"}},
		{method: "HEAD", target: "/found-value/", status: 302, header: map[string]string{"Location": "/str/"}},
		{method: "GET", target: "/go-perm/3/", status: 301, header: map[string]string{"Location": "/str/"}},
		{method: "PUT", target: "/go-perm/3/", status: 308, header: map[string]string{"Location": "/str/"}},
		{method: "GET", target: "/hello/%3Cb%3E/", status: 200, want: "<p>Hello, &lt;b&gt;!</p>"},
		// JSON request bodies.
		{method: "POST", target: "/decode/", body: `{"name":"ana","age":7}`, contentType: "application/json", status: 200, want: `{"name":"ana","age":7}`},
		{method: "POST", target: "/decode/", body: `{"name":"ana","age":"7"}`, contentType: "application/json", json: true, status: 400, want: `Field \"age\" must be a number, not string.`},
		{method: "POST", target: "/decode/", body: `{"name":"ana","admin":true}`, contentType: "application/json", json: true, status: 400, want: `Unknown field \"admin\".`},
		{method: "POST", target: "/decode/", body: `{"name":`, contentType: "application/json", json: true, status: 400, want: "truncated"},
		{method: "POST", target: "/decode/", body: `{"name" "x"}`, contentType: "application/json", json: true, status: 400, want: "not valid JSON"},
		{method: "POST", target: "/decode/", body: ``, contentType: "application/json", json: true, status: 400, want: "empty"},
		{method: "POST", target: "/decode/", body: `{} {}`, contentType: "application/json", json: true, status: 400, want: "data after"},
		{method: "POST", target: "/decode/", body: `{"name":"` + strings.Repeat("a", 100) + `"}`, contentType: "application/json", json: true, status: 413, want: "larger than 64 bytes"},
		{method: "POST", target: "/decode/", body: `{}`, contentType: "text/plain", json: true, status: 415, want: "Content-Type: application/json"},
	})
}

// Custom handlers per status, like Django's handler403 and handler500;
// they see the error.
func TestErrorHandlers(t *testing.T) {
	custom := func(status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			e := handler404.ErrorOf(r)
			w.WriteHeader(status)
			fmt.Fprintf(w, "custom %d from %s: %v", e.Status, e.View, e.Err)
		})
	}
	d := kindsSite(t, false, map[int]http.Handler{403: custom(403), 500: custom(500), 404: custom(404)})
	runKindCases(t, d, []kindCase{
		{method: "GET", target: "/forbidden/", status: 403, want: "custom 403 from forbidden: 403 Forbidden: Members only."},
		{method: "GET", target: "/deep/", status: 403, want: "custom 403 from deep"},
		{method: "GET", target: "/plain-error/", status: 500, want: "custom 500 from plain-error"},
		{method: "GET", target: "/not-found/", status: 404, want: "custom 404 from not-found"},
	})
}

// With debug on, a server error shows the technical page, secrets masked.
func TestTechnical500(t *testing.T) {
	d := kindsSite(t, true, nil)
	req := httptest.NewRequest("GET", "/plain-error/", nil)
	req.Header.Set("Cookie", "sessionid=s3cr3t")
	req.Header.Set("Authorization", "Bearer tok3n")
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != 500 || !strings.Contains(body, "database password=******************** unreachable") || !strings.Contains(body, "Raised by:") {
		t.Errorf("technical 500: %d\n%s", rec.Code, body)
	}
	for _, secret := range []string{"s3cr3t", "tok3n", "hunter2"} {
		if strings.Contains(body, secret) {
			t.Errorf("technical 500 shows %q", secret)
		}
	}
	if !strings.Contains(body, "SecretKey") || !strings.Contains(body, "********************") {
		t.Error("technical 500 does not list the settings with secrets masked")
	}
	// A view that raised "not found" gets the technical 404 naming it.
	rec = httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/not-found/", nil))
	if body := rec.Body.String(); rec.Code != 404 || !strings.Contains(body, "matched the last one") || !strings.Contains(body, "No such article.") || !strings.Contains(body, "Raised by:</th><td>not-found") {
		t.Errorf("technical 404 for a raising view: %d\n%s", rec.Code, body)
	}
}
