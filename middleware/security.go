package middleware

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hoop-go/hoop/views"
)

// SecurityOptions configures SecurityHeaders. The zero value sends the
// safe defaults and no HSTS or Content-Security-Policy.
type SecurityOptions struct {
	// HSTSMaxAge, when positive, sends Strict-Transport-Security with this
	// max-age (in whole seconds) on the responses to requests that came
	// over HTTPS (views.IsSecure: a TLS connection, or a trusted proxy
	// that says so; see TrustedProxies), as Django does. Off by default,
	// as in Django: once a browser has seen it, the site cannot go back to
	// plain HTTP for that long.
	HSTSMaxAge time.Duration
	// HSTSIncludeSubdomains adds includeSubDomains to HSTS.
	HSTSIncludeSubdomains bool
	// HSTSPreload adds preload to HSTS.
	HSTSPreload bool

	// ContentSecurityPolicy, when not empty, is sent as the
	// Content-Security-Policy header.
	ContentSecurityPolicy string

	// ReferrerPolicy replaces the default Referrer-Policy, "same-origin".
	ReferrerPolicy string
	// FrameOptions replaces the default X-Frame-Options, "DENY" (for
	// instance with "SAMEORIGIN").
	FrameOptions string
	// CrossOriginOpenerPolicy replaces the default
	// Cross-Origin-Opener-Policy, "same-origin".
	CrossOriginOpenerPolicy string
}

// SecurityHeaders sets security headers on every response, as Django's
// SecurityMiddleware and XFrameOptionsMiddleware do:
//
//	X-Content-Type-Options: nosniff
//	Referrer-Policy: same-origin
//	X-Frame-Options: DENY
//	Cross-Origin-Opener-Policy: same-origin
//	Strict-Transport-Security: max-age=N[; includeSubDomains][; preload]   (with HSTSMaxAge, over HTTPS)
//	Content-Security-Policy: ...                                           (with ContentSecurityPolicy)
//
// The headers are set before the handler runs, so a view can change or
// delete any of them for its own response (w.Header().Del("X-Frame-Options")
// for a page meant to be framed).
func SecurityHeaders(opts SecurityOptions) func(http.Handler) http.Handler {
	headers := [][2]string{
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", or(opts.ReferrerPolicy, "same-origin")},
		{"X-Frame-Options", or(opts.FrameOptions, "DENY")},
		{"Cross-Origin-Opener-Policy", or(opts.CrossOriginOpenerPolicy, "same-origin")},
	}
	var hsts []string // shared, as values below
	if secs := int64(opts.HSTSMaxAge / time.Second); secs > 0 {
		v := "max-age=" + strconv.FormatInt(secs, 10)
		if opts.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		if opts.HSTSPreload {
			v += "; preload"
		}
		hsts = []string{v}
	}
	if opts.ContentSecurityPolicy != "" {
		headers = append(headers, [2]string{"Content-Security-Policy", opts.ContentSecurityPolicy})
	}
	// Each value is made once and shared by every response: its length
	// and capacity are 1, so a handler that adds to a header gets a new
	// slice rather than changing the shared one.
	values := make([][]string, len(headers))
	for i, kv := range headers {
		values[i] = []string{kv[1]}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for i, kv := range headers {
				h[kv[0]] = values[i]
			}
			if hsts != nil && views.IsSecure(r) {
				h["Strict-Transport-Security"] = hsts
			}
			next.ServeHTTP(w, r)
		})
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
