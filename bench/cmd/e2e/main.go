// Command e2e serves "hello world with a kwarg" for scripts/wrk.sh: GET
// /hello/<name>/ answers "Hello, <name>!", through
//
//   - -mode nethttp: a bare net/http handler that cuts the name out of
//     the path itself, the ceiling the others are measured against;
//   - -mode hoop: hoop's dispatcher, debug off, the view reading
//     r.PathValue;
//   - -mode hoop-defaults: the same with middleware.Defaults as the
//     dispatcher's middleware (without a request logger), the hosts
//     127.0.0.1 and localhost allowed;
//   - -mode hoop-skippv: hoop with dispatcher.Options.SkipPathValues, the
//     view reading views.Kwarg;
//   - -mode chi: chi, the view reading chi.URLParam.
package main

import (
	"flag"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func hello(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "Hello, ")
	io.WriteString(w, name)
	io.WriteString(w, "!")
}

func main() {
	mode := flag.String("mode", "hoop", "nethttp, hoop, hoop-defaults, hoop-skippv or chi")
	addr := flag.String("addr", "127.0.0.1:8088", "listen address (loopback)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the first `seconds` of serving to this file")
	seconds := flag.Int("seconds", 10, "how long -cpuprofile records")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		time.AfterFunc(time.Duration(*seconds)*time.Second, func() { pprof.StopCPUProfile(); f.Close() })
	}
	var h http.Handler
	switch *mode {
	case "hoop", "hoop-defaults", "hoop-skippv":
		h = hoop(*mode)
	case "nethttp":
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name, ok := strings.CutPrefix(r.URL.Path, "/hello/")
			name, slash := strings.CutSuffix(name, "/")
			if !ok || !slash || name == "" || strings.Contains(name, "/") {
				http.NotFound(w, r)
				return
			}
			hello(w, name)
		})
	case "chi":
		r := chi.NewRouter()
		r.Get("/", func(w http.ResponseWriter, r *http.Request) { hello(w, "world") })
		r.Get("/hello/{name}/", func(w http.ResponseWriter, r *http.Request) { hello(w, chi.URLParam(r, "name")) })
		h = r
	default:
		log.Fatalf("unknown -mode %q", *mode)
	}
	log.Fatal(http.ListenAndServe(*addr, h))
}

// hoop is the site of the hoop modes.
func hoop(mode string) http.Handler {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^$`, "index"),
		urlconf.RePath(`^hello/(?P<name>[^/]+)/$`, "hello"),
	))
	if err != nil {
		log.Fatal(err)
	}
	kwarg := (*http.Request).PathValue
	if mode == "hoop-skippv" {
		kwarg = views.Kwarg
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { hello(w, "world") })
	reg.HandleFunc("hello", func(w http.ResponseWriter, r *http.Request) { hello(w, kwarg(r, "name")) })
	s := settings.Default()
	s.AllowedHosts = []string{"127.0.0.1", "localhost"}
	opts := dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	switch mode {
	case "hoop-defaults":
		opts.Middleware = middleware.Defaults(s, nil)
	case "hoop-skippv":
		opts.SkipPathValues = true
	}
	d, err := dispatcher.New(conf, reg, opts)
	if err != nil {
		log.Fatal(err)
	}
	return d
}
