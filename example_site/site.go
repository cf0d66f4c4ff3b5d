// Package examplesite is the example hoop site that cmd/devserver serves:
// a Django-style URL conf (urls.go), its views (views.go), an included
// app with a namespace (blog/), a JSON API with middleware and error
// pages of its own (api.go), a mounted net/http ServeMux (mounted.go),
// session demos (sessions.go), a WebSocket echo and server-sent events
// (live.go), and a custom 404 page. Its links come from its typed URL
// functions (urls/, written by gen-urls).
// Read it as the template for a site of your own.
package examplesite

import (
	_ "embed"
	"log/slog"
	"net/http"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/example_site/blog"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// SettingsTOML is the site's own settings file, layered over hoop's
// defaults and under the -settings file and HOOP_* variables.
//
//go:embed settings.toml
var SettingsTOML []byte

// New builds the site: its URL conf, its views, and the dispatcher that
// serves them. A bad pattern or an unregistered view is an error here,
// at start-up, never at request time.
func New(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
	b := urlconf.Builder{ASCII: s.ASCIIPatterns, MatchTimeout: s.MatchTimeout, DispatchBudget: s.DispatchBudget,
		MaxBacktracking: s.MaxBacktracking, BacktrackingWait: s.BacktrackingWait}
	conf, err := b.Build(URLs)
	if err != nil {
		return nil, err
	}
	reg := views.NewRegistry()
	register(reg, s.MaxBodyBytes)
	blog.Register(reg)
	registerKinds(reg)
	registerShop(reg)
	registerSessions(reg)
	reg.Handle("mounted", mounted())
	registerLive(reg)
	// Sessions: from the session_* settings (an in-memory store unless
	// they say otherwise), loaded only by the views that use them
	// (sessions.go).
	sm, err := sessions.New(s, sessions.Options{Logger: logger})
	if err != nil {
		return nil, err
	}
	// The standard middleware, in its documented order: the health
	// probes (ready when the session store answers), the request log
	// (when there is a logger), panic recovery, request ID, trusted
	// proxies, allowed hosts, security headers, the body limit and
	// cross-origin protection; then sessions, innermost.
	ready := middleware.Check{Name: "sessions", Ready: sm.Ready}
	opts := dispatcher.Options{Settings: &s, Logger: logger, Middleware: middleware.Defaults(s, logger, ready)}
	// The API is a part of the site: its own middleware, inside the
	// site's, and JSON error pages (api.go).
	opts.Parts = map[string]dispatcher.Part{"api": apiPart(s)}
	opts.Middleware = append(opts.Middleware, sm.Middleware)
	if !s.Debug {
		// As in Django, debug mode shows the technical 404 instead.
		opts.NotFound = http.HandlerFunc(notFound)
	}
	return dispatcher.New(conf, reg, opts)
}
