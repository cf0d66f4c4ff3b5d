package manage

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/BurntSushi/toml"

	"github.com/hoop-go/hoop/settings"
)

// A deployed site is its binary started with no subcommand, as systemd
// or a container starts it. It must be safe without anyone reading the
// docs: debug, which shows source code, settings and requests to anyone
// who gets an error, comes only from a deploy-time setting someone chose
// for this deployment (HOOP_DEBUG, or a -settings file named on the
// command line), never from what is compiled in; and the reloader, which
// runs the go command, never runs.

// serveProduction is Run with no subcommand.
func serveProduction(ctx context.Context, site Site, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "address to listen on (default: the addr setting)")
	file := fs.String("settings", "", "a TOML settings `file` over the site's own settings")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	s, err := loadProductionSettings(site, *file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *addr != "" {
		s.Addr = *addr
	}
	warnPublicDebug(s, stderr)
	logger := NewLogger(s, stderr) // logger.go: log_format, log_level
	d, err := site.build(s, logger)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	err = Serve(ctx, s, d, func(ln net.Listener) {
		logger.Info("serving", "site", displayName(site), "addr", ln.Addr().String(), "debug", s.Debug)
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func displayName(site Site) string {
	if site.Name == "" {
		return "hoop site"
	}
	return site.Name
}

// loadProductionSettings layers hoop's defaults, the site's settings (not
// its development settings), the -settings file and the environment, and
// refuses compiled-in settings that turn debug on.
func loadProductionSettings(site Site, file string) (settings.Settings, error) {
	var compiled struct {
		Debug *bool `toml:"debug"`
	}
	if _, err := toml.Decode(string(site.Settings), &compiled); err == nil && compiled.Debug != nil && *compiled.Debug {
		return settings.Settings{}, fmt.Errorf("settings: site settings: debug = true is compiled into the binary, and would be on wherever it is deployed; " +
			"put it in the development settings (manage.Site.DevSettings, used by runserver), or turn debug on for one deployment with HOOP_DEBUG=true or a -settings file")
	}
	operator, err := settings.File(file)
	if err != nil {
		return settings.Settings{}, err
	}
	return settings.LoadLayers(os.Environ(), settings.Layer{Name: "site settings", Data: site.Settings}, operator)
}

// warnPublicDebug warns, at start-up, that debug is on for a server that
// other machines can reach.
func warnPublicDebug(s settings.Settings, stderr io.Writer) {
	if !s.Debug || loopback(s.Addr) {
		return
	}
	fmt.Fprintf(stderr, "WARNING: debug is on and the site listens on %s, which other machines can reach: "+
		"its error pages show source code, settings and requests to anyone. Turn debug off (HOOP_DEBUG=false), "+
		"or listen on 127.0.0.1 (-addr 127.0.0.1:8000).\n", s.Addr)
}

// loopback reports whether addr's host is a loopback address or
// "localhost": an empty host or 0.0.0.0 listens on every interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
