package manage

import (
	"errors"
	"log/slog"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// build returns the site's dispatcher: New's, or for a site that gives
// only URLs, the standard one.
func (site Site) build(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
	switch {
	case site.New != nil:
		return site.New(s, logger)
	case site.URLs != nil:
		return standardSite(site.URLs, s, logger)
	}
	return nil, errors.New("manage: the Site has neither New nor URLs")
}

// standardSite is the site a Site without New gets: the conf built with
// the settings (the pattern and language settings), the views it
// declares (views.Path), the standard middleware in its documented order
// and sessions from the session_* settings, innermost, as a new site's
// New does it.
func standardSite(urls func() []urlconf.Entry, s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
	b := urlconf.Builder{
		ASCII: s.ASCIIPatterns, MatchTimeout: s.MatchTimeout, DispatchBudget: s.DispatchBudget,
		MaxBacktracking: s.MaxBacktracking, BacktrackingWait: s.BacktrackingWait,
		LanguageCode: s.LanguageCode, Languages: s.Languages,
	}
	conf, err := b.Build(urls)
	if err != nil {
		return nil, err
	}
	sm, err := sessions.New(s, sessions.Options{Logger: logger})
	if err != nil {
		return nil, err
	}
	return dispatcher.New(conf, nil, dispatcher.Options{
		Settings:   &s,
		Logger:     logger,
		Middleware: append(middleware.Defaults(s, logger, middleware.Check{Name: "sessions", Ready: sm.Ready}), sm.Middleware),
	})
}
