// Package hardening builds the site that hoop's end-to-end hardening tests
// and its load test attack: the configuration the bad-input corpus assumes
// (allowed host example.com, APPEND_SLASH, the routes ^$ and
// ^articles/(?P<year>[0-9]{4})/$, a login view, static files under
// /static/). It is its own package so that the corpus test and the load
// program (cmd/loadtest) attack exactly the same site.
package hardening
