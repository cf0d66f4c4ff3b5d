package hardening

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// Secret is the content of the files the static root must never serve:
// the dotfiles inside it, and the file its symlink points to outside it.
const Secret = "SECRET-must-never-be-served"

// StaticTree writes the corpus's static root under dir: app.css,
// sub/index.html, .env, .git/config, and a symlink "link" to a file
// outside the root. It returns the root.
func StaticTree(dir string) (string, error) {
	root := filepath.Join(dir, "static")
	files := map[string]string{
		"app.css":        "body { color: black; }\n",
		"sub/index.html": "<h1>sub</h1>\n",
		".env":           Secret + "\n",
		".git/config":    Secret + "\n",
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	outside := filepath.Join(dir, "outside.txt")
	if err := os.WriteFile(outside, []byte(Secret+"\n"), 0o644); err != nil {
		return "", err
	}
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		return "", err
	}
	return root, nil
}

// Settings are the corpus's settings: production, example.com only.
func Settings() settings.Settings {
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	s.SecretKey = "hardening-test-key-0123456789abcdef0123456789abcdef"
	return s
}

// URLs is the corpus's URL conf, plus extra patterns for the load test.
func URLs(extra ...urlconf.Entry) func() []urlconf.Entry {
	return func() []urlconf.Entry {
		return append([]urlconf.Entry{
			urlconf.RePath(`^$`, "index"),
			urlconf.RePath(`^articles/(?P<year>[0-9]{4})/$`, "year"),
			urlconf.Path("login/", "login"),
			urlconf.Path("logout/", "logout"),
			urlconf.Path("whoami/", "whoami"),
			urlconf.Path("counter/", "counter"),
			urlconf.Path("static/", "static"),
			urlconf.Path("static/<path:path>", "static"),
		}, extra...)
	}
}

// A Site is the hardening site and its session store.
type Site struct {
	*dispatcher.Dispatcher
	Store *CountingStore
}

// New builds the site over staticRoot with s, logging to logs (nil
// discards), with sessions in a counting memory store. extra adds entries
// to the conf, and registers their views.
func New(s settings.Settings, staticRoot string, logs io.Writer, extra map[string]http.Handler, entries ...urlconf.Entry) (*Site, error) {
	if logs == nil {
		logs = io.Discard
	}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	b := urlconf.Builder{MatchTimeout: s.MatchTimeout, DispatchBudget: s.DispatchBudget,
		MaxBacktracking: s.MaxBacktracking, BacktrackingWait: s.BacktrackingWait}
	conf, err := b.Build(URLs(entries...))
	if err != nil {
		return nil, err
	}
	store := NewCountingStore()
	sm, err := sessions.New(s, sessions.Options{Logger: logger, Store: store})
	if err != nil {
		return nil, err
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index") })
	reg.HandleFunc("year", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "year %s", r.PathValue("year")) })
	reg.HandleFunc("login", login(s))
	reg.HandleFunc("logout", func(w http.ResponseWriter, r *http.Request) {
		sessions.Logout(r)
		views.Redirect("/").ServeHTTP(w, r)
	})
	reg.HandleFunc("whoami", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "user=%q", sessions.UserID(r)) })
	reg.HandleFunc("counter", func(w http.ResponseWriter, r *http.Request) {
		n := sessions.GetInt(r, "n") + 1
		sessions.Put(r, "n", n)
		fmt.Fprintf(w, "count=%d", n)
	})
	reg.Handle("static", views.Static(views.Dir(staticRoot), views.StaticOptions{}))
	for name, h := range extra {
		reg.Handle(name, h)
	}
	d, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:   &s,
		Logger:     logger,
		Middleware: append(middleware.Defaults(s, logger), sm.Middleware),
	})
	if err != nil {
		return nil, err
	}
	return &Site{Dispatcher: d, Store: store}, nil
}

// login stands for a site's login view: a POST logs "alice" in (a new
// session token: no fixation) and redirects to "next" only when that
// stays on the site (Django's url_has_allowed_host_and_scheme), else to
// "/".
func login(s settings.Settings) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			io.WriteString(w, `<form method="post"><button>Log in</button></form>`)
			return
		}
		sessions.Login(r, "alice")
		views.SafeRedirect(r.URL.Query().Get("next"), s.EffectiveAllowedHosts(), "/").ServeHTTP(w, r)
	}
}
