// Package middleware holds hoop's built-in middleware: the standard
// func(http.Handler) http.Handler pieces a site composes around its
// handlers. Request IDs, the request log, panic recovery, host validation
// (Django's ALLOWED_HOSTS), security headers, a request body limit and
// cross-origin protection for unsafe methods.
//
// It is its own package, not part of the dispatcher, because none of this
// needs the URL conf: every piece is a plain func(http.Handler)
// http.Handler that works around any handler (a hoop dispatcher, a
// net/http ServeMux, a file server) and can be mixed with middleware from
// other libraries. A hoop site uses them in one of two places:
//
//   - around the dispatcher, the usual place: Chain(Defaults(s, log)...)(d)
//     runs for every request, including those that never reach a view
//     (a bad Host is refused before the URL conf is consulted);
//   - in dispatcher.Options.Middleware, where they run once per request,
//     after the path is resolved (so r.Pattern holds the route), around
//     whatever the request gets: the view, the 404 handler, an error page,
//     the APPEND_SLASH redirect.
//
// Every piece is idempotent, so a piece listed in both places does its
// work once: the request ID is kept, the request is logged once, and the
// host and origin checks run once.
//
// The pieces share one state per request, made by the first that runs:
// it is the only allocation middleware.Defaults adds to a request.
//
// Errors are answered with views.RenderError: inside a dispatcher, the
// site's configured error page for the status; elsewhere, problem details
// (JSON for scripts, HTML for browsers) that never echo the request.
//
// Every http.ResponseWriter wrapper in this package implements Unwrap,
// Flush and Hijack by delegating through http.NewResponseController, so
// streaming, server-sent events and connection hijacking work through the
// whole chain.
package middleware
