// Command testsite serves the example site for the sessions tests that
// need real processes: the scale-out test runs two behind nginx, the
// fault test one whose Redis it stops and starts again. Settings come
// from the example site's own and the HOOP_* environment variables
// (HOOP_SESSION_STORE, HOOP_SESSION_URL...). It prints "listening on
// ADDR" once it listens, names itself in an X-Hoop-Instance header on
// every response, serves its metrics on HOOP_METRICS_ADDR if set, and
// stops gracefully on SIGTERM or SIGINT.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	examplesite "github.com/hoop-go/hoop/example_site"
	"github.com/hoop-go/hoop/metrics"
	_ "github.com/hoop-go/hoop/sessions/postgresstore"
	_ "github.com/hoop-go/hoop/sessions/redisstore"
	_ "github.com/hoop-go/hoop/sessions/sqlitestore"
	"github.com/hoop-go/hoop/settings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	instance := flag.String("instance", "", "the instance's name, sent in X-Hoop-Instance")
	flag.Parse()
	if err := run(*addr, *instance); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(addr, instance string) error {
	s, err := settings.LoadLayers(os.Environ(), settings.Layer{Name: "site settings", Data: examplesite.SettingsTOML})
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	slog.SetDefault(logger)
	site, err := examplesite.New(s, nil)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// Metrics as docs/DEPLOYMENT.md wires them, on metrics_addr. Around
	// the dispatcher, the middleware still reads the route: the
	// dispatcher sets r.Pattern on the request it was given.
	var handler http.Handler = site
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if s.MetricsAddr != "" {
		m := metrics.New(metrics.Options{Conf: site.Conf()})
		handler = m.Middleware(site)
		go func() {
			if err := m.ListenAndServe(ctx, s.MetricsAddr); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}()
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Hoop-Instance", instance)
			handler.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Printf("listening on %s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
