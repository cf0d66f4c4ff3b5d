package middleware

import (
	"log/slog"
	"net/http"

	"github.com/hoop-go/hoop/settings"
)

// Chain composes middleware into one, the first outermost:
// Chain(a, b, c)(h) is a(b(c(h))). The composition is done once, when
// the result is applied to a handler, not per request. Chain() is the
// identity.
func Chain(mw ...func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	mw = append([]func(http.Handler) http.Handler(nil), mw...)
	return func(h http.Handler) http.Handler {
		for i := len(mw) - 1; i >= 0; i-- {
			h = mw[i](h)
		}
		return h
	}
}

// Defaults returns hoop's standard middleware for a site with settings s,
// outermost first:
//
//  1. Health(l, s.HealthPath, s.ReadyPath, readiness...), unless both
//     paths are empty: the probes are answered before anything else, the
//     allowed-hosts check and the request log included. readiness are
//     what the ready probe checks (sessions.Manager.Ready, the site's
//     own).
//  2. Logger(l), only when l is not nil: outermost but for Health, so
//     that its one record per request has what the client got, the 500
//     page of a panic included, and refused requests (400 bad host, 403
//     cross-origin) are logged with their status like any other.
//  3. Recover(l): so that a panic anywhere, in the other middleware too,
//     becomes a 500 and the connection survives; the panic goes into the
//     request's record.
//  4. RequestID(""): before anything else logs, so that every line about
//     the request (the request log, a refused host) has its ID, and
//     every response, even a refusal, carries it.
//  5. TrustedProxies, only when s.TrustedProxies lists a proxy: before
//     anything reads the client's address, scheme or host, and before
//     AllowedHosts, which checks the host the client asked the proxy for.
//     (Settings that do not validate trust no proxy.)
//  6. AllowedHosts(s.EffectiveAllowedHosts()): before any work is done
//     for a request with a forged Host. Its 400 is a bare problem page
//     (handler404.Write sends nosniff and no-store itself), so it needs
//     nothing from the middleware inside it.
//  7. SecurityHeaders(SecurityOptions{}): on every response of a
//     request the site accepts, the 403 of CrossOrigin included. A site
//     that wants HSTS or a CSP lists the middleware itself, in this
//     order, with its own SecurityOptions.
//  8. MaxBody(s.MaxBodyBytes), unless it is 0: the limit is in place
//     before any view can read the body.
//  9. CrossOrigin(): after AllowedHosts, because without Sec-Fetch-Site
//     it compares the Origin with the Host, which only means something
//     once the Host is known to be the site's.
//
// Use it around the dispatcher, Chain(Defaults(s, l)...)(d), or as
// dispatcher.Options.Middleware; append or prepend to the slice for
// more. Recover is useful in both places: the dispatcher recovers panics
// in views, Recover those in middleware and in handlers that are not
// views.
func Defaults(s settings.Settings, l *slog.Logger, readiness ...Check) []func(http.Handler) http.Handler {
	var mw []func(http.Handler) http.Handler
	if s.HealthPath != "" || s.ReadyPath != "" {
		mw = append(mw, Health(l, s.HealthPath, s.ReadyPath, readiness...))
	}
	if l != nil {
		mw = append(mw, Logger(l))
	}
	mw = append(mw, Recover(l), RequestID(""))
	if trusted, err := s.TrustedProxyPrefixes(); err == nil && len(trusted) > 0 {
		mw = append(mw, TrustedProxies(trusted))
	}
	mw = append(mw, AllowedHosts(s.EffectiveAllowedHosts()), SecurityHeaders(SecurityOptions{}))
	if s.MaxBodyBytes > 0 {
		mw = append(mw, MaxBody(s.MaxBodyBytes))
	}
	return append(mw, CrossOrigin())
}
