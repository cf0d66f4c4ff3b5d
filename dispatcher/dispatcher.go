// Package dispatcher is hoop's http.Handler: it resolves each request's
// path against a URL conf, passes the match to the view registered under
// the matched view name, and falls back to a configurable 404 handler.
//
// Construction does the checking: every view a conf names must be
// registered, or New fails listing each missing one with the entry's
// source location. At request time the dispatcher never fails open: a
// panicking view is a logged 500, a malformed path a 400.
package dispatcher

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// Options configures a Dispatcher. The zero value is usable.
type Options struct {
	// Settings supplies Debug and AppendSlash. Nil means settings.Default().
	Settings *settings.Settings

	// NotFound answers requests that no pattern matches. The request
	// carries the resolver's error (handler404.NotFoundOf). Nil means
	// &handler404.Handler{Debug: Settings.Debug}.
	NotFound http.Handler

	// Logger receives panics, with their stack, and, with LogRequests, one
	// line per request. Nil means slog.Default().
	Logger *slog.Logger

	// LogRequests logs method, path, status, duration and view name of
	// every request at Info level.
	LogRequests bool

	// SilencedChecks lists check IDs ("hoop.W101") that New does not
	// report, as Django's SILENCED_SYSTEM_CHECKS.
	SilencedChecks []string

	// ErrorHandlers answer the error statuses views raise, by status:
	// Django's handler400, handler403, handler404 (for a 404 a view
	// raises; NotFound answers unmatched paths) and handler500. The
	// request carries the error (handler404.ErrorOf). A status without a
	// handler gets &handler404.ErrorPage{Debug: Settings.Debug}, and with
	// Debug on a 500 gets the technical 500 page.
	ErrorHandlers map[int]http.Handler

	// Middleware wraps the dispatcher's inner handler, which calls the
	// view, the 404 handler, the error handlers, the APPEND_SLASH
	// redirect: each middleware runs exactly once per request, whatever
	// its outcome. The first is outermost. The chain is composed once, in
	// New, and runs after the path is resolved, so r.Pattern,
	// r.PathValue, views.MatchOf and views.ViewName already hold the
	// match. A middleware that wraps the ResponseWriter should give the
	// one it wraps through an Unwrap method (http.ResponseController's
	// convention); one that does not makes the dispatcher route the
	// request a second time.
	Middleware []func(http.Handler) http.Handler

	// Parts give the views under a namespace middleware and error pages
	// of their own, by the namespace of their include: "api" for the
	// views of Include("api/", api.URLs, urlconf.AppName("api")),
	// "shop:api" for an include namespaced "api" inside "shop". See Part.
	// A name that is no namespace of the conf stops New.
	Parts map[string]Part

	// Hosts routes each request by its host name to a conf of its own,
	// as django-hosts does (urlconf.NewHosts): the conf New is given must
	// then be nil or the default host's. A host name is read as the
	// AllowedHosts middleware reads it, and one that the settings'
	// allowed hosts refuse is answered 400 before any pattern runs. The
	// named groups of the host's pattern are kwargs of every view of its
	// conf (r.PathValue, views.Kwarg), under those the path captures;
	// views.ReverseHost writes links to the other hosts.
	Hosts *urlconf.Hosts

	// SkipPathValues leaves r.PathValue empty: views read kwargs with
	// views.Kwarg or views.MatchOf instead. net/http allocates a map for
	// the first r.SetPathValue of every request; without it, every route
	// is served without allocating.
	SkipPathValues bool
}

// A Dispatcher routes requests to views. It is safe for concurrent use.
type Dispatcher struct {
	conf          *urlconf.Conf // the default host's with Options.Hosts
	chain         http.Handler  // the middleware around d.inner, composed once
	main          *site         // the site of conf
	notFound      http.Handler
	errorHandlers map[int]http.Handler
	defaultError  http.Handler
	render        func(http.ResponseWriter, *http.Request, error) // d.renderError, made once
	appendSlash   bool
	// skipPathValues is Options.SkipPathValues.
	skipPathValues bool
	// parts is the tree of Options.Parts by namespace, nil without any.
	parts *partNode
	// hosts is Options.Hosts, with the site of each host, in its order,
	// and the allowed hosts it routes (settings.EffectiveAllowedHosts).
	hosts        *urlconf.Hosts
	hostSites    []*site
	allowedHosts []string
	log          *slog.Logger
	logRequests  bool
	// staticURL and static serve settings.StaticDir in debug mode, as
	// Django's runserver serves static files; static is nil otherwise.
	staticURL string
	static    http.Handler
	maxPath   int // settings.MaxPathBytes

	findings []urlconf.Finding // the checks' warnings (findings.go)
}

// A site is one conf the dispatcher serves, with its views by view ID:
// the conf New is given, or with Options.Hosts each host's conf.
type site struct {
	conf     *urlconf.Conf
	handlers []http.Handler // views by view ID (internal/resolution)
	allowed  [][]string     // by view ID: the methods a view declares (views.Methods)
	locale   *locale        // set for a conf that depends on the language
}

// New returns a Dispatcher for conf, with the views of registry and those
// declared in the conf itself (views.Path, views.RePath). It runs the
// site's checks first: every view name in conf must have one view, and
// one only; no view may be unsafe with debug off; the conf's own checks
// must find no error. If any check finds one, the error is a *CheckError
// that lists every finding with the location of its entry; warnings are
// logged, and kept (Findings). A nil registry is an empty one, for a conf
// that declares every view.
func New(conf *urlconf.Conf, registry *views.Registry, opts Options) (*Dispatcher, error) {
	confs := []*urlconf.Conf{conf}
	if opts.Hosts != nil {
		def := opts.Hosts.Default()
		if conf != nil && conf != def.Conf {
			return nil, fmt.Errorf("dispatcher: with Options.Hosts, New's conf must be nil or the default host's (%q)", def.Name)
		}
		conf, confs = def.Conf, nil
		for _, h := range opts.Hosts.List() {
			if !slices.Contains(confs, h.Conf) {
				confs = append(confs, h.Conf)
			}
		}
	}
	if conf == nil {
		return nil, errors.New("dispatcher: New needs a conf")
	}
	if registry == nil {
		registry = views.NewRegistry() // every view is declared in the conf
	}
	s := opts.Settings
	if s == nil {
		def := settings.Default()
		s = &def
	}
	d := &Dispatcher{
		conf:           conf,
		notFound:       opts.NotFound,
		appendSlash:    s.AppendSlash,
		log:            opts.Logger,
		logRequests:    opts.LogRequests,
		skipPathValues: opts.SkipPathValues,
	}
	if d.notFound == nil {
		d.notFound = &handler404.Handler{Debug: s.Debug}
	}
	d.maxPath = s.MaxPathBytes
	d.render = d.renderError
	d.chain = compose(opts.Middleware, http.HandlerFunc(d.inner))
	d.defaultError = &handler404.ErrorPage{Debug: s.Debug}
	d.errorHandlers = map[int]http.Handler{}
	if s.Debug {
		d.errorHandlers[http.StatusInternalServerError] = &handler404.Technical500{Settings: s}
	}
	for status, h := range opts.ErrorHandlers {
		d.errorHandlers[status] = h
	}
	if s.Debug && s.StaticURL != "" && s.StaticDir != "" {
		d.staticURL, d.static = s.StaticURL, views.Static(views.Dir(s.StaticDir), views.StaticOptions{})
	}
	if d.log == nil {
		d.log = slog.Default()
	}
	sites := map[*urlconf.Conf]*site{}
	// Every finding, so that a check command shows them all (findings.go).
	var findings []urlconf.Finding
	for _, c := range confs {
		st, fs, err := newSite(c, registry, s)
		if err != nil {
			return nil, err
		}
		sites[c] = st
		findings = append(findings, fs...)
	}
	d.main = sites[conf]
	if opts.Hosts != nil {
		d.hosts = opts.Hosts
		for _, h := range opts.Hosts.List() {
			d.hostSites = append(d.hostSites, sites[h.Conf])
		}
		for _, h := range s.EffectiveAllowedHosts() {
			if h != "" {
				d.allowedHosts = append(d.allowedHosts, strings.ToLower(h))
			}
		}
	}
	if len(opts.Parts) > 0 {
		if err := d.newParts(opts.Parts, confs); err != nil {
			return nil, err
		}
	}
	if err := d.runChecks(confs, findings, s, opts.SilencedChecks); err != nil {
		return nil, err
	}
	return d, nil
}

// runChecks adds the confs' own checks to what New found, and keeps them
// (keepFindings). With debug off (Quick) the checks that write sample
// URLs for every endpoint are left to the development server and the
// check command, so that a large site starts fast; a start-up that fails
// lists them too.
func (d *Dispatcher) runChecks(confs []*urlconf.Conf, found []urlconf.Finding, s *settings.Settings, silenced []string) error {
	all := func(quick bool) []urlconf.Finding {
		fs := slices.Clone(found)
		for _, c := range confs {
			fs = append(fs, probeShadows(c, s)...)
			fs = append(fs, c.Check(urlconf.CheckOptions{AppendSlash: d.appendSlash, Quick: quick})...)
		}
		return fs
	}
	err := d.keepFindings(all(!s.Debug), silenced)
	if err != nil && !s.Debug {
		d.findings = nil
		err = d.keepFindings(all(false), silenced)
	}
	return err
}

// newSite makes the site of conf: every view it names, declared or
// looked up in registry (viewsOf), its language's confs. It returns what it found wrong with
// the views (each missing one, each unsafe one, naming its entry) for
// New to report with the other checks; err is for what stops it at once.
func newSite(conf *urlconf.Conf, registry *views.Registry, s *settings.Settings) (st *site, findings []urlconf.Finding, err error) {
	st = &site{conf: conf}
	if st.locale, err = newLocale(conf, s.LanguageCookieName); err != nil {
		return nil, nil, fmt.Errorf("dispatcher: %w", err)
	}
	if err := languagesAgree(conf, s); err != nil {
		return nil, nil, err
	}
	views, findings := viewsOf(conf, registry, s.Debug)
	for _, name := range resolution.Views(conf) {
		h := views[name]
		st.handlers = append(st.handlers, h)
		var allowed []string
		if a, ok := h.(interface{ AllowedMethods() []string }); ok {
			allowed = a.AllowedMethods()
		}
		st.allowed = append(st.allowed, allowed)
	}
	return st, findings, nil
}

// keepFindings drops the silenced findings and keeps the rest, once, at
// start-up: any error stops the site with a *CheckError that lists
// them all; warnings are logged.
func (d *Dispatcher) keepFindings(all []urlconf.Finding, silenced []string) error {
	errs := false
	for _, f := range all {
		if slices.Contains(silenced, f.ID) {
			continue
		}
		errs = errs || f.Level == urlconf.Error
		d.findings = append(d.findings, f)
	}
	if errs {
		return &CheckError{Findings: d.findings}
	}
	for _, f := range d.findings {
		d.log.Warn("URL conf check", "finding", f.String())
	}
	return nil
}

// Conf returns the URL conf the dispatcher resolves against.
func (d *Dispatcher) Conf() *urlconf.Conf { return d.conf }

// compose wraps h in the middleware, the first outermost.
func compose(middleware []func(http.Handler) http.Handler, h http.Handler) http.Handler {
	for i := len(middleware) - 1; i >= 0; i-- {
		h = middleware[i](h)
	}
	return h
}
