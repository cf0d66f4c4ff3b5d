package views_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hoop-go/hoop/views"
)

func TestSafeRedirect(t *testing.T) {
	hosts := []string{"example.com"}
	cases := map[string]bool{
		"/":                             true,
		"/accounts/profile/":            true,
		"/articles/2024/?page=2#top":    true,
		"relative/path":                 true,
		"https://example.com/next/":     true,
		"http://EXAMPLE.com/":           true,
		"//example.com/next/":           true,
		"":                              false,
		"   ":                           false,
		"//evil.com":                    false,
		"///evil.com":                   false,
		"////evil.com":                  false,
		`/\evil.com`:                    false,
		`\\evil.com`:                    false,
		`/\/evil.com`:                   false,
		"https://evil.com/":             false,
		"http:///example.com":           false,
		"javascript:alert(1)":           false,
		"JavaScript:alert(1)":           false,
		"data:text/html,<script>":       false,
		"ftp://example.com/":            false,
		"\x08//evil.com":                false,
		"\u200b//evil.com":              false,
		"https://example.com@evil.com/": false,
		"http://evil.com\\@example.com": false,
	}
	for target, safe := range cases {
		t.Run(target, func(t *testing.T) {
			want := "/fallback/"
			if safe {
				want = target
			}
			if got := views.SafeRedirect(target, hosts, "/fallback/"); got.Location != want || got.Status != http.StatusFound {
				t.Errorf("SafeRedirect(%q) = %d %q, want 302 %q", target, got.Status, got.Location, want)
			}
		})
	}
}

// Each redirect has one policy: the request's method picks the status.
func TestRedirectStatus(t *testing.T) {
	cases := []struct {
		name     string
		redirect *views.HTTPError
		method   string
		want     int
	}{
		{"Redirect GET", views.Redirect("/x/"), "GET", 302},
		{"Redirect HEAD", views.Redirect("/x/"), "HEAD", 302},
		{"Redirect POST", views.Redirect("/x/"), "POST", 303},
		{"Redirect DELETE", views.Redirect("/x/"), "DELETE", 303},
		{"PermanentRedirect GET", views.PermanentRedirect("/x/"), "GET", 301},
		{"PermanentRedirect HEAD", views.PermanentRedirect("/x/"), "HEAD", 301},
		{"PermanentRedirect POST", views.PermanentRedirect("/x/"), "POST", 308},
		{"PermanentRedirect PUT", views.PermanentRedirect("/x/"), "PUT", 308},
		{"SafeRedirect POST", views.SafeRedirect("//evil.com/", nil, "/x/"), "POST", 303},
		{"another 3xx as it is", &views.HTTPError{Status: 307, Location: "/x/"}, "POST", 307},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// The same answer served as a view, returned by one, and
			// rendered as an error.
			ways := map[string]http.Handler{
				"ServeHTTP": c.redirect,
				"returned":  views.Func(func(*http.Request) (any, error) { return nil, c.redirect }),
				"value":     views.Func(func(*http.Request) (any, error) { return c.redirect, nil }),
				"RenderError": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					views.RenderError(w, r, c.redirect)
				}),
			}
			for way, h := range ways {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(c.method, "/old/", nil))
				if rec.Code != c.want || rec.Header().Get("Location") != "/x/" || rec.Body.Len() != 0 {
					t.Errorf("%s: %d %q %q, want %d /x/ and no body", way, rec.Code, rec.Header().Get("Location"), rec.Body.String(), c.want)
				}
			}
		})
	}
}

func FuzzSafeRedirect(f *testing.F) {
	for _, s := range []string{"/", "//evil.com", `/\evil.com`, "https://example.com/", "javascript:x", "\x00/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if views.SafeRedirect(target, []string{"example.com"}, "").Location != target {
			return
		}
		// What passes must never be read by a browser as another site.
		for _, bad := range []string{"//", `/\`, `\\`, `\/`} {
			trimmed := target
			for len(trimmed) > 0 && (trimmed[0] == ' ' || trimmed[0] == '\t' || trimmed[0] == '\n' || trimmed[0] == '\r') {
				trimmed = trimmed[1:]
			}
			if len(trimmed) >= 2 && trimmed[:2] == bad {
				host := trimmed[2:]
				if len(host) < len("example.com") || !equalFoldPrefix(host, "example.com") {
					t.Fatalf("SafeRedirect(%q) kept it: starts with %q to another host", target, bad)
				}
			}
		}
	})
}

func equalFoldPrefix(s, prefix string) bool {
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if a >= 'A' && a <= 'Z' {
			a += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
