package examplesite

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser sends requests to the site with the cookies a browser would
// keep for https://example.com (so Secure cookies go back too).
type browser struct {
	t    *testing.T
	site http.Handler
	jar  *cookiejar.Jar
}

var siteURL = &url.URL{Scheme: "https", Host: "example.com", Path: "/"}

func newBrowser(t *testing.T, debug bool) *browser {
	site, err := New(siteSettings(debug), nil)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, site: site, jar: jar}
}

func (b *browser) do(method, path, form string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(method, "https://example.com"+path, strings.NewReader(form))
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.jar.Cookies(siteURL) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.site.ServeHTTP(rec, req)
	b.jar.SetCookies(siteURL, rec.Result().Cookies())
	return rec
}

var visitsRE = regexp.MustCompile(`id="visits">(\d+)<`)

func TestSessionCounter(t *testing.T) {
	b := newBrowser(t, false)
	for _, want := range []string{"1", "2", "3"} {
		rec := b.do("GET", "/sessions/counter/", "")
		m := visitsRE.FindStringSubmatch(rec.Body.String())
		if rec.Code != 200 || m == nil || m[1] != want {
			t.Fatalf("counter: %d %q, want %s visits", rec.Code, rec.Body.String(), want)
		}
	}
	// Debug off: the cookie is Secure, HttpOnly, SameSite=Lax.
	c := b.do("GET", "/sessions/counter/", "").Header().Get("Set-Cookie")
	for _, attr := range []string{"hoop_session=", "; Secure", "; HttpOnly", "; SameSite=Lax"} {
		if !strings.Contains(c, attr) {
			t.Errorf("session cookie %q lacks %q", c, attr)
		}
	}
	// A fresh browser starts again; pages without sessions set no cookie.
	if rec := newBrowser(t, false).do("GET", "/", ""); rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("the index page set a cookie: %q", rec.Header().Get("Set-Cookie"))
	}
}

func TestSessionLoginFilterLogout(t *testing.T) {
	b := newBrowser(t, true)
	// Anonymous: the welcome page's filter sends to the login page.
	rec := b.do("GET", "/sessions/welcome/", "")
	if rec.Code != 302 || rec.Header().Get("Location") != "/sessions/login/" {
		t.Fatalf("welcome, anonymous: %d %v", rec.Code, rec.Header())
	}
	if rec := b.do("GET", "/sessions/login/", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Please log in first.") {
		t.Errorf("login page: %d %q", rec.Code, rec.Body.String())
	}
	before := b.jar.Cookies(siteURL)
	rec = b.do("POST", "/sessions/login/", "username=Zo%C3%AB")
	if rec.Code != 303 || rec.Header().Get("Location") != "/sessions/welcome/" {
		t.Fatalf("login: %d %v", rec.Code, rec.Header())
	}
	after := b.jar.Cookies(siteURL)
	if len(before) != 1 || len(after) != 1 || before[0].Value == after[0].Value {
		t.Errorf("login did not renew the token: %v -> %v", before, after)
	}
	if rec := b.do("GET", "/sessions/welcome/", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Welcome, Zoë!") {
		t.Errorf("welcome: %d %q", rec.Code, rec.Body.String())
	}
	// Logged in: the login page's filter sends to the welcome page.
	if rec := b.do("GET", "/sessions/login/", ""); rec.Code != 302 || rec.Header().Get("Location") != "/sessions/welcome/" {
		t.Errorf("login page, logged in: %d %v", rec.Code, rec.Header())
	}
	if rec := b.do("GET", "/sessions/logout/", ""); rec.Code != 405 {
		t.Errorf("logout with GET: %d, want 405", rec.Code)
	}
	rec = b.do("POST", "/sessions/logout/", "")
	if rec.Code != 303 || rec.Header().Get("Location") != "/sessions/login/" || !strings.Contains(rec.Header().Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("logout: %d %v", rec.Code, rec.Header())
	}
	if rec := b.do("GET", "/sessions/welcome/", ""); rec.Code != 302 {
		t.Errorf("welcome after logout: %d, want the redirect to login", rec.Code)
	}
	if rec := b.do("POST", "/sessions/login/", "username="); rec.Code != 303 || rec.Header().Get("Location") != "/sessions/login/" {
		t.Errorf("login without a name: %d %v", rec.Code, rec.Header())
	}
	if rec := b.do("GET", "/sessions/login/", ""); !strings.Contains(rec.Body.String(), "Please give a name") {
		t.Errorf("login page after a bad name: %q", rec.Body.String())
	}
}
