package views_test

import (
	"testing"

	"github.com/hoop-go/hoop/views"
)

func TestIsSafeRedirect(t *testing.T) {
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
	for target, want := range cases {
		if got := views.IsSafeRedirect(target, hosts); got != want {
			t.Errorf("IsSafeRedirect(%q) = %v, want %v", target, got, want)
		}
	}
	if got := views.SafeRedirect("//evil.com", hosts, "/"); got != "/" {
		t.Errorf("SafeRedirect fell back to %q, want /", got)
	}
}

func FuzzIsSafeRedirect(f *testing.F) {
	for _, s := range []string{"/", "//evil.com", `/\evil.com`, "https://example.com/", "javascript:x", "\x00/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if !views.IsSafeRedirect(target, []string{"example.com"}) {
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
					t.Fatalf("IsSafeRedirect(%q) = true: starts with %q to another host", target, bad)
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
