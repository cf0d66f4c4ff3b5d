package examplesite

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/views"
)

// The views are plain functions: call one directly with its kwargs.
func TestHelloEscapes(t *testing.T) {
	req := views.WithKwargs(httptest.NewRequest("GET", "/hello/x/", nil), map[string]any{"username": "<b>Zoë</b>"})
	rec := httptest.NewRecorder()
	hello(rec, req)
	if body := rec.Body.String(); !strings.Contains(body, "Hello, &lt;b&gt;Zoë&lt;/b&gt;!") {
		t.Errorf("hello did not escape the name: %s", body)
	}
}

func siteSettings(debug bool) settings.Settings {
	s := settings.Default()
	s.Debug = debug
	s.AllowedHosts = []string{"example.com"}
	// Not a limit: a session store call must never fail because a busy
	// machine paused it.
	s.SessionStoreTimeout = time.Hour
	return s
}

func TestSite(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, target, body, contentType string
		status                            int
		want                              string
	}{
		{"GET", "/", "", "", 200, "hoop example site"},
		{"GET", "/hello/José/", "", "", 200, "Hello, José!"},
		{"GET", "/hello/José", "", "", 301, ""},
		{"GET", "/articles/2003/", "", "", 200, "next year is 2004"},
		{"GET", "/articles/03x/", "", "", 404, "not on the example site"},
		{"GET", "/blog/", "", "", 200, "Namespace: blog"},
		{"GET", "/blog/2003/intro/", "", "", 200, "Written in 2003, 3 years after 2000."},
		{"GET", "/api/echo/?q=1&q=2", "", "", 200, `"query":{"q":["1","2"]}`},
		{"POST", "/api/echo/", `{"a":[1,2]}`, "application/json", 200, `"json":{"a":[1,2]}`},
		{"POST", "/api/echo/", `{"a":`, "application/json", 400, "truncated JSON"},
		{"POST", "/api/echo/", "plain words", "text/plain", 200, `"text":"plain words"`},
		{"GET", "/nowhere/", "", "", 404, "not on the example site"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, req)
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s %s: %d %q; want %d containing %q", c.method, c.target, rec.Code, rec.Body.String(), c.status, c.want)
		}
	}
}

func TestEchoReportsContentLength(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("PUT", "/api/echo/", strings.NewReader("12345"))
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	var reply struct {
		Method        string `json:"method"`
		ContentLength int64  `json:"content_length"`
		Text          string `json:"text"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		t.Fatal(err)
	}
	if reply.Method != "PUT" || reply.ContentLength != 5 || reply.Text != "12345" {
		t.Errorf("echo reply = %+v", reply)
	}
}

func TestEchoBodyLimit(t *testing.T) {
	s := siteSettings(false)
	s.MaxBodyBytes = 8
	site, err := New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/echo/", strings.NewReader(`{"a":"0123456789"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("oversized body: %d %s %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
}

// JSON gets a smaller limit than the site's (DecodeJSON's 1 MiB) and
// bounds on depth and value count, each named in the 400 or 413.
func TestEchoJSONBounds(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	big := `"` + strings.Repeat("x", 1<<20) + `"`
	for _, tc := range []struct {
		name, body string
		status     int
		want       string
	}{
		{"over 1 MiB, under max_body_bytes", big, 413, "larger than 1048576 bytes"},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), 400, "nested deeper than 64 levels"},
		{"too many values", "[" + strings.Repeat("0,", 100_001) + "0]", 400, "more than 100000 values"},
		{"plain text may be larger", "", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/echo/", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.body == "" {
				req = httptest.NewRequest("POST", "/api/echo/", strings.NewReader(big))
				req.Header.Set("Content-Type", "text/plain")
			}
			rec := httptest.NewRecorder()
			site.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%d %.200q, want %d with %q", rec.Code, rec.Body.String(), tc.status, tc.want)
			}
		})
	}
}

// In debug mode, as in Django, a 404 is the technical page: the conf,
// by its function and file, and every pattern tried.
func TestDebug404(t *testing.T) {
	site, err := New(siteSettings(true), nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest("GET", "/nowhere/", nil))
	body := rec.Body.String()
	if rec.Code != 404 || !strings.Contains(body, "^hello/(?P&lt;username&gt;\\w&#43;)/$") {
		t.Errorf("debug 404: %d %s", rec.Code, body)
	}
	if !strings.Contains(body, "Using the URLconf defined in <code>example_site.URLs (example_site/urls.go:") {
		t.Errorf("debug 404 does not name the conf's function and file:\n%s", body)
	}
}

// The custom 404 keeps JSON for scripts.
func TestCustom404JSON(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/nowhere/", nil)
	req.Header.Set("X-Requested-With", "XMLHttpRequest")
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	if rec.Code != 404 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("AJAX 404: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestViewKindsOnTheSite(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, target, body string
		json                 bool
		status               int
		location, want       string
	}{
		{"GET", "/kinds/time/", "", false, 200, "", `"now":`},
		{"GET", "/kinds/contact/", "", false, 200, "", "<form"},
		{"POST", "/kinds/contact/", "message=hi", false, 303, "/kinds/thanks/", ""},
		{"POST", "/kinds/contact/", "message=", true, 400, "", "The message is empty."},
		{"DELETE", "/kinds/contact/", "", true, 405, "", `"status":405`},
		{"GET", "/kinds/members/", "", true, 403, "", "members only"},
		{"GET", "/kinds/old-home/", "", false, 301, "/", ""},
		{"GET", "/kinds/about/%3Cme%3E/", "", false, 200, "", "About &lt;me&gt;"},
		{"POST", "/kinds/only-get/", "", false, 405, "", ""},
		{"GET", "/ajax/", "", false, 200, "", `fetch("/api/fail/"`},
		{"POST", "/api/fail/", "", true, 409, "", "already shipped"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if c.json {
			req.Header.Set("Accept", "application/json")
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Header().Get("Location") != c.location || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s %s: %d Location %q body %q; want %d %q containing %q", c.method, c.target, rec.Code, rec.Header().Get("Location"), rec.Body.String(), c.status, c.location, c.want)
		}
	}
}

func TestAssets(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]int{"/assets/css/site.css": 200, "/assets/css/../../site.go": 404, "/assets/%2e%2e/views.go": 404, "/assets/css/": 404} {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != want && !(want == 404 && rec.Code == 400) {
			t.Errorf("GET %s = %d, want %d", target, rec.Code, want)
		}
		if want == 200 && (rec.Header().Get("Content-Type") != "text/css; charset=utf-8" || !strings.Contains(rec.Body.String(), "font-family")) {
			t.Errorf("GET %s: %s %q", target, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}

func TestShopObjectDispatch(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, target string
		loggedIn       bool
		status         int
		location, want string
	}{
		{"GET", "/shop/", false, 200, "", "kettle"},
		{"GET", "/shop/item/1/", false, 200, "", "<h1>teapot</h1>"},
		{"GET", "/shop/item/9/", false, 404, "", ""},
		{"GET", "/shop/exposed/", false, 404, "", ""},
		{"GET", "/shop/login/", false, 200, "", "<form"},
		{"POST", "/shop/login/", false, 303, "/shop/", ""},
		{"GET", "/shop/login/", true, 302, "/shop/", ""}, // the filter: logged in, redirected
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.target, nil)
		if c.loggedIn {
			req.AddCookie(&http.Cookie{Name: loggedInCookie, Value: "demo"})
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, req)
		if rec.Code != c.status || rec.Header().Get("Location") != c.location || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s %s (logged in %v): %d %q %q", c.method, c.target, c.loggedIn, rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
	}
}

// The site runs the standard middleware: a request for another host is
// refused, and every page carries the security headers.
func TestSiteMiddleware(t *testing.T) {
	site, err := New(siteSettings(false), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "evil.com"
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	if rec.Code != 400 || strings.Contains(rec.Body.String(), "evil.com") {
		t.Errorf("Host evil.com: %d %q, want 400 without the host in the page", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("GET /: no %s header", h)
		}
	}
}
