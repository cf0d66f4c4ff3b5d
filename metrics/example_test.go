package metrics_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/metrics"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site with metrics: the middleware in the dispatcher's, where the
// route is known; Handler (or ListenAndServe on metrics_addr) apart.
func Example() {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("articles/<int:year>/", "year")))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("year", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.PathValue("year")) })
	m := metrics.New(metrics.Options{Conf: conf})
	s := settings.Default()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.DiscardHandler),
		Middleware: []func(http.Handler) http.Handler{m.Middleware}})
	if err != nil {
		panic(err)
	}
	for _, path := range []string{"/articles/2024/", "/articles/2025/", "/wp-login.php"} {
		d.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "hoop_requests_total{") {
			fmt.Println(line)
		}
	}
	// Output:
	// hoop_requests_total{code="2xx",method="GET",route="articles/<int:year>/"} 2
	// hoop_requests_total{code="4xx",method="GET",route="unmatched"} 1
}
