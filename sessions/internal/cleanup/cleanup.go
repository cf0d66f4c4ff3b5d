// Package cleanup deletes expired sessions from the stores that do not
// expire them themselves (sqlite and postgres; redis has TTLs), on one
// goroutine per store, bounded by the store timeout, and stoppable, so
// that a Manager's Close leaves nothing running.
package cleanup

import (
	"context"
	"log/slog"
	"time"
)

// Interval is how often the stores delete expired sessions.
const Interval = 5 * time.Minute

// Every runs del every interval, each run bounded by timeout, until the
// returned stop function is called; stop returns once del has returned.
// kind names the store in the warning a failed run logs.
func Every(interval, timeout time.Duration, kind string, del func(context.Context) error) (stop func() error) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				if err := del(ctx); err != nil {
					slog.Warn("sessions: deleting expired sessions failed", "store", kind, "error", err)
				}
				cancel()
			}
		}
	}()
	return func() error {
		close(quit)
		<-done
		return nil
	}
}
