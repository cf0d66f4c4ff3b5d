package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// A Check is one thing readiness depends on: Ready returns nil when it
// can serve, an error saying why not otherwise. sessions.Manager.Ready
// checks the session store; a site adds its own (its database, a
// service it cannot work without).
type Check struct {
	Name  string
	Ready func(context.Context) error
}

// readyTimeout bounds a readiness probe: the checks run at once, and one
// that has not answered by then counts as not ready.
const readyTimeout = 2 * time.Second

// Health answers the probes of a load balancer or an orchestrator before
// anything else runs: at live (the health_path setting, "/healthz"), 200
// "ok" as long as the process serves; at ready (ready_path, "/readyz"),
// 200 "ready" when every check passes within two seconds, else 503 "not
// ready:" with the names of the checks that failed (their errors go to
// l, once each time a check starts failing, and never to the client,
// since probes come unauthenticated). Only GET and HEAD are answered; an
// empty path turns its probe off.
//
// It goes outermost: probes come to the instance's own address, which
// AllowedHosts would refuse, and every few seconds, which would bury the
// request log. A nil l means slog.Default().
func Health(l *slog.Logger, live, ready string, checks ...Check) func(http.Handler) http.Handler {
	checks = append([]Check(nil), checks...)
	failing := make([]atomic.Bool, len(checks))
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			isLive := live != "" && r.URL.Path == live
			isReady := ready != "" && r.URL.Path == ready
			if !isLive && !isReady || r.Method != http.MethodGet && r.Method != http.MethodHead {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			if isLive {
				_, _ = w.Write([]byte("ok\n"))
				return
			}
			if down := runChecks(r.Context(), l, checks, failing); len(down) > 0 {
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("not ready: " + strings.Join(down, ", ") + "\n"))
				return
			}
			_, _ = w.Write([]byte("ready\n"))
		})
	}
}

// runChecks runs every check at once and returns the names of those that
// failed, in order. A check that starts failing is logged once.
func runChecks(ctx context.Context, l *slog.Logger, checks []Check, failing []atomic.Bool) []string {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	errs := make([]chan error, len(checks))
	for i, c := range checks {
		errs[i] = make(chan error, 1)
		go func() { errs[i] <- c.Ready(ctx) }()
	}
	var down []string
	for i, c := range checks {
		var err error
		select {
		case err = <-errs[i]:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err == nil {
			failing[i].Store(false)
			continue
		}
		down = append(down, c.Name)
		if !failing[i].Swap(true) {
			log := l
			if log == nil {
				log = slog.Default()
			}
			log.Warn("not ready", "check", c.Name, "error", err.Error())
		}
	}
	return down
}
