package views

import (
	"net/url"
	"strings"
	"unicode"
)

// IsSafeRedirect reports whether target is safe to redirect to after,
// say, a login: a path on this site, or an http(s) URL whose host is one
// of allowedHosts (exact names). It is Django's
// url_has_allowed_host_and_scheme, and refuses what browsers read as
// another site: "//evil.com", "/\evil.com", "///evil.com", other schemes
// ("javascript:..."), a scheme without a host, and a leading control
// character. A "next" parameter must pass it before it becomes a
// Location.
func IsSafeRedirect(target string, allowedHosts []string) bool {
	target = strings.TrimSpace(target)
	if target == "" {
		return false
	}
	// Browsers read "\" as "/" in paths, but it may be part of
	// credentials: both readings must be safe.
	return safeRedirect(target, allowedHosts) && safeRedirect(strings.ReplaceAll(target, `\`, "/"), allowedHosts)
}

func safeRedirect(target string, allowedHosts []string) bool {
	if strings.HasPrefix(target, "///") {
		return false // some browsers read any number of slashes as "//"
	}
	if r := []rune(target)[0]; unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
		return false
	}
	u, err := url.Parse(target)
	if err != nil {
		return false
	}
	if u.Host == "" && (u.Scheme != "" || strings.HasPrefix(target, "//")) {
		return false // "http:///example.com", "javascript:...", "//"
	}
	scheme := u.Scheme
	if scheme == "" && u.Host != "" {
		scheme = "http" // "//example.com/p" is scheme-relative
	}
	if scheme != "" && scheme != "http" && scheme != "https" {
		return false
	}
	if u.Host == "" {
		return true
	}
	for _, h := range allowedHosts {
		if strings.EqualFold(u.Host, h) {
			return true
		}
	}
	return false
}

// SafeRedirect returns target if IsSafeRedirect, else fallback.
func SafeRedirect(target string, allowedHosts []string, fallback string) string {
	if IsSafeRedirect(target, allowedHosts) {
		return target
	}
	return fallback
}
