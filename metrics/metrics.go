// Package metrics exports a hoop site's Prometheus metrics, with
// github.com/prometheus/client_golang, the ecosystem's standard client.
//
// It is a package of its own, which nothing else in hoop imports, so
// that a site that does not use it links none of client_golang. A site
// that does creates one Metrics, adds its Middleware to the dispatcher's
// (so that it sees the route of every request), and serves Handler on an
// address of its own, the metrics_addr setting, never on the site's:
//
//	m := metrics.New(metrics.Options{Conf: conf, Sessions: sm})
//	opts.Middleware = append([]func(http.Handler) http.Handler{m.Middleware}, opts.Middleware...)
//	go m.ListenAndServe(ctx, s.MetricsAddr) // when s.MetricsAddr != ""
//
// The metrics:
//
//   - hoop_requests_total{route, method, code}: requests by route (the
//     conf's pattern, r.Pattern; "unmatched" for every request no entry
//     matched, so that scanners cannot grow the label set), method (the
//     standard ones; "OTHER" for the rest) and status class ("2xx"...);
//   - hoop_request_duration_seconds{route, method}: a latency histogram;
//   - hoop_regex_timeouts_total and hoop_backtracking_rejections_total:
//     requests answered 503 because a backtracking pattern ran out of time
//     or found no slot (urlconf.Conf.BacktrackingStats);
//   - hoop_session_store_errors_total: failed or timed-out calls to the
//     session store (sessions.Manager.StoreErrors);
//   - the Go runtime's and the process's metrics.
package metrics

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hoop-go/hoop/urlconf"
)

// Options says where the counters that are not per request come from.
// Each is optional.
type Options struct {
	// Conf is the site's URL conf, for the regex timeouts and
	// backtracking rejections.
	Conf *urlconf.Conf
	// Sessions is the site's session manager (*sessions.Manager), for the
	// store errors.
	Sessions interface{ StoreErrors() uint64 }
}

// Metrics is a site's metrics: a registry of its own (not the global
// one), the request counters the middleware feeds, and the counters read
// from the conf and the session manager at each scrape.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the site's metrics in a new registry.
func New(opts Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hoop_requests_total",
			Help: "Requests answered, by route (\"unmatched\" when no entry matched), method and status class.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hoop_request_duration_seconds",
			Help:    "Time to answer a request, by route and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if c := opts.Conf; c != nil {
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "hoop_regex_timeouts_total",
				Help: "Requests answered 503 because a backtracking URL pattern ran out of time (match_timeout, dispatch_budget).",
			}, func() float64 { return float64(c.BacktrackingStats().Timeouts) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "hoop_backtracking_rejections_total",
				Help: "Requests answered 503 because a backtracking URL pattern found no free slot (max_backtracking).",
			}, func() float64 { return float64(c.BacktrackingStats().Rejected) }))
	}
	if s := opts.Sessions; s != nil {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "hoop_session_store_errors_total",
			Help: "Calls to the session store that failed or timed out.",
		}, func() float64 { return float64(s.StoreErrors()) }))
	}
	return m
}

// Registry returns the registry, for the site's own metrics.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Middleware counts and times every request. It reads the route from
// r.Pattern once the request is answered, so it belongs in the
// dispatcher's Options.Middleware (anywhere in it), where the dispatcher
// has routed the request before the middleware runs.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		method := standardMethod(r.Method)
		status := rec.status
		if status == 0 && !rec.hijacked {
			status = http.StatusOK // what net/http sends for a handler that wrote nothing
		}
		m.requests.WithLabelValues(route, method, codeClass(status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// Handler serves the metrics in Prometheus's text format (or
// OpenMetrics, when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, EnableOpenMetrics: true})
}

// ListenAndServe serves Handler at /metrics on addr (the metrics_addr
// setting), apart from the site, until ctx is done; then it shuts the
// server down and returns nil. It refuses an addr without a host
// (":9100"), which would listen on every interface by accident: write
// "0.0.0.0:9100" to mean it.
func (m *Metrics) ListenAndServe(ctx context.Context, addr string) error {
	if host, _, err := net.SplitHostPort(addr); err != nil || host == "" {
		return errors.New(`metrics: the address must name its host ("127.0.0.1:9100", or "0.0.0.0:9100" for every interface), got ` + strconv.Quote(addr))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return m.Serve(ctx, ln)
}

// Serve serves Handler at /metrics on ln until ctx is done, as
// ListenAndServe does.
func (m *Metrics) Serve(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// standardMethod bounds the method label: a client may send any token.
func standardMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

// codeClass is "2xx" for 200 to 299, and so on; "0xx" for a hijacked
// connection that sent no status.
func codeClass(status int) string {
	if status < 100 || status > 599 {
		return "0xx"
	}
	return strconv.Itoa(status/100) + "xx"
}

// statusWriter records the status the handler sent. Flush, Hijack and
// the rest reach the writer underneath through Unwrap
// (http.ResponseController).
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	w.hijacked = w.hijacked || err == nil
	return c, rw, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
