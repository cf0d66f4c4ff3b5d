package views

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// A view redirects by returning one of these, as an error or as its
// value, or by panicking with it from deep in a call chain. Each is an
// *HTTPError, which is also an http.Handler, so a fixed redirect is a
// view as it is:
//
//	reg.Handle("old-home", views.PermanentRedirect("/"))
//
// The request's method decides the status, never the view, so that a
// site has two redirect policies and no more:
//
//	              GET, HEAD   any other method
//	Redirect      302         303: the browser follows with a GET
//	Permanent...  301         308: the method and body are kept
//
// APPEND_SLASH redirects with PermanentRedirect's policy. To redirect to
// a named route, reverse it first: views.Redirect(urls.Of(r).Thanks())
// with the typed functions gen-urls writes, or with Reverse.

// Redirect sends the client to url once the request is done: 302 Found,
// or 303 See Other for a POST (or any method but GET and HEAD), so that
// reloading the page it lands on never sends a form again.
// url must be one the site chose: see SafeRedirect for one the request
// supplied.
func Redirect(url string) *HTTPError {
	return &HTTPError{Status: http.StatusFound, Location: url}
}

// PermanentRedirect says that what the request names lives at url for
// good: 301 Moved Permanently for GET and HEAD, 308 Permanent Redirect
// for other methods, which must be repeated there as they are.
func PermanentRedirect(url string) *HTTPError {
	return &HTTPError{Status: http.StatusMovedPermanently, Location: url}
}

// SafeRedirect is Redirect to target, a URL the request supplied (a
// login form's "next"), if target stays on this site, else to fallback.
// Safe means a path on this site, or an http(s) URL whose host is one of
// allowedHosts (exact names, any case): Django's
// url_has_allowed_host_and_scheme. It refuses what browsers read as
// another site: "//evil.com", "/\evil.com", "///evil.com", other schemes
// ("javascript:..."), a scheme without a host, a leading control
// character. To check a URL before showing it (in a hidden field), read
// the result's Location.
func SafeRedirect(target string, allowedHosts []string, fallback string) *HTTPError {
	if isSafeRedirect(target, allowedHosts) {
		return Redirect(target)
	}
	return Redirect(fallback)
}

func isSafeRedirect(target string, allowedHosts []string) bool {
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

// redirectStatus is the status a redirect is sent with, by the policy
// above: the method decides between 302 and 303, and between 301 and
// 308. Any other 3xx an HTTPError was made with is sent as it is.
func redirectStatus(status int, method string) int {
	if method == http.MethodGet || method == http.MethodHead {
		return status
	}
	switch status {
	case http.StatusFound:
		return http.StatusSeeOther
	case http.StatusMovedPermanently:
		return http.StatusPermanentRedirect
	}
	return status
}

// writeRedirect answers with the redirect a 3xx HTTPError names. The
// Location is set as it is: http.Redirect would clean the path, and
// cleaning a path changes what it means.
func writeRedirect(w http.ResponseWriter, r *http.Request, he *HTTPError) {
	he.SetHeaders(w)
	w.Header().Set("Location", he.Location)
	w.WriteHeader(redirectStatus(he.Status, r.Method))
}
