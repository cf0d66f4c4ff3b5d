// Package manage is the command line of a hoop site, as Django's
// manage.py is: a site's main function calls Main, and gets the
// development server and the site's tools as subcommands.
//
// It is its own package, not part of cmd/devserver, so that every site,
// not only the example, gets the same commands from one call:
//
//	func main() {
//		manage.Main(manage.Site{Settings: mysite.SettingsTOML, New: mysite.New})
//	}
package manage

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// A Site is what the commands need to know of a site.
type Site struct {
	// Name is shown when the server starts. Empty means "hoop site".
	Name string

	// Settings is the site's own settings file (TOML), usually embedded
	// with go:embed. It is layered over hoop's defaults, and under the
	// -settings file and the HOOP_* environment variables. It is what a
	// deployed binary runs with, so it may not turn debug on (see Run).
	Settings []byte

	// DevSettings are the development settings (TOML): debug, local
	// hosts, a development key. They are layered over Settings by the
	// development server (runserver) and the URL tools only, never when
	// the binary starts with no subcommand, as in production.
	DevSettings []byte

	// New builds the site's dispatcher. The logger is non-nil when the
	// server wants one line per request.
	New func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error)

	// URLsFile is where gen-urls writes the site's typed URL functions,
	// relative to the main module's root; its directory names their
	// package. Empty means "urls/urls.go".
	URLsFile string

	// URLs is the URL conf of a site without New, whose views are
	// declared in it (views.Path): the commands build it with the
	// settings, and serve it with middleware.Defaults and sessions from
	// the session_* settings. A site with New ignores it.
	URLs func() []urlconf.Entry
}

// Main runs the command named by os.Args and exits with its status. It
// stops the server gracefully on SIGINT or SIGTERM.
func Main(site Site) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, site, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs the command that args name, writing to stdout and stderr, and
// returns the exit status: 0 on success, 1 on failure, 2 for bad usage.
//
//	          [-addr A] [-settings F]     no subcommand: serve the site for
//	                                      production (deploy.go): Settings,
//	                                      the -settings file and HOOP_*, and
//	                                      debug only if one of the last two
//	                                      says so; never the reloader
//	runserver [-addr A] [-settings F] [-noreload]
//	                                      the development server: DevSettings
//	                                      too; in debug, rebuild and restart
//	                                      the site when its code changes
//	                                      (reload.go)
//	urls      [-json]                     the URL conf as a table, in order
//	resolve   [-json] PATH                which entry PATH resolves to
//	reverse   [-json] NAME [ARG|K=V ...]  the URL of a named entry
//	check     [-json]                     the conf's findings; status 1 on errors
//	startsite [-hoop DIR] [-module PATH] [-tidy=false] NAME [DIR]
//	                                      write a new site (scaffold.go)
//	import-django [-o DIR] [-package NAME] [-root CONF] FILE
//	                                      write the Go package of a Django
//	                                      site from hoop_export's JSON
//	                                      (importdjango.go)
//	gen-urls  [-o FILE] [-package NAME]   write the typed URL functions
//	                                      (genurls.go), for go generate
//	help      [COMMAND]                   the commands, one line each, or a
//	                                      command's flags (also -h, --help)
//
// With no subcommand, or only flags, it serves the site for production
// until ctx is done, as a service manager or a container starts it.
func Run(ctx context.Context, site Site, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && isHelp(args[0]) {
		return helpCommand(ctx, site, args[1:], stdout, stderr) // help.go
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return serveProduction(ctx, site, args, stdout, stderr)
	}
	cmd, ok := commands[args[0]]
	if !ok && args[0] != "runserver" {
		fmt.Fprintf(stderr, "unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if !ok {
		return runserver(ctx, site, args[1:], stdout, stderr)
	}
	return cmd(site, args[1:], stdout, stderr)
}

func runserver(ctx context.Context, site Site, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("runserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "address to listen on (default: the addr setting, 127.0.0.1:8000)")
	file := fs.String("settings", "", "a TOML settings `file` over the site's own settings")
	noreload := fs.Bool("noreload", false, "serve without rebuilding and restarting the site when its code changes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	child, err := devChild() // non-nil when a reloading devserver started this process
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	ctx, cancel := child.context(ctx)
	defer cancel()
	s, err := loadSettings(site, *file)
	if err != nil {
		child.fail(err)
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *addr != "" {
		s.Addr = *addr
	}
	warnPublicDebug(s, stderr)
	if child == nil && !*noreload {
		if code, reloading := reload(ctx, site, s, args, stdout, stderr); reloading {
			return code
		}
	}
	logger := NewLogger(s, stderr) // logger.go
	d, err := site.build(s, logger)
	if err != nil {
		child.fail(err)
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := Serve(ctx, s, d, func(ln net.Listener) {
		if child != nil {
			child.ready() // the devserver announced the address
			return
		}
		name := site.Name
		if name == "" {
			name = "hoop site"
		}
		fmt.Fprintf(stdout, "Serving %s at http://%s/ (debug %v). Quit with CONTROL-C.\n", name, ln.Addr(), s.Debug)
	}); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// loadSettings layers hoop's defaults, the site's settings, its
// development settings, the -settings file and the environment: the
// development server's and the tools' settings.
func loadSettings(site Site, file string) (settings.Settings, error) {
	operator, err := settings.File(file)
	if err != nil {
		return settings.Settings{}, err
	}
	return settings.LoadLayers(os.Environ(), settings.Layer{Name: "site settings", Data: site.Settings},
		settings.Layer{Name: "development settings", Data: site.DevSettings}, operator)
}

// Serve serves h on s.Addr (or on the socket a reloading devserver
// handed to this process: see Listen) with the server limits of s
// (timeouts, header size) until ctx is done, then shuts down gracefully: it stops
// accepting, lets in-flight requests finish within s.ShutdownTimeout,
// and returns nil. ready, if not nil, is called once the listener is
// open, with its address.
func Serve(ctx context.Context, s settings.Settings, h http.Handler, ready func(net.Listener)) error {
	ln, err := Listen(s.Addr) // the reloading devserver's socket, in its children
	if err != nil {
		return err
	}
	srv := NewServer(s, h)
	if ready != nil {
		ready(ln)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// NewServer returns an http.Server for h with the limits of s, whose
// requests learn when its graceful shutdown begins (Stopping).
func NewServer(s settings.Settings, h http.Handler) *http.Server {
	srv := &http.Server{
		Addr:              s.Addr,
		Handler:           h,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    s.MaxHeaderBytes,
	}
	tellStopping(srv) // Stopping
	return srv
}
