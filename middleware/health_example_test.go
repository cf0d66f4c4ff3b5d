package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/middleware"
)

// The probes answer before the site; readiness asks each check.
func ExampleHealth() {
	queue := middleware.Check{Name: "queue", Ready: func(context.Context) error { return errors.New("broker unreachable") }}
	h := middleware.Health(slog.New(slog.DiscardHandler), "/healthz", "/readyz", queue)(http.NotFoundHandler())
	for _, path := range []string{"/healthz", "/readyz", "/other"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s %d %q\n", path, rec.Code, rec.Body.String())
	}
	// Output:
	// /healthz 200 "ok\n"
	// /readyz 503 "not ready: queue\n"
	// /other 404 "404 page not found\n"
}
