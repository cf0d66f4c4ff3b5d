// Command e2e serves "hello world with a kwarg" for scripts/wrk.sh: GET
// /hello/<name>/ answers "Hello, <name>!", through hoop's dispatcher
// (-mode hoop) or a bare net/http handler that cuts the name out of the
// path itself (-mode nethttp), the ceiling hoop is measured against.
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

	"github.com/hoop-go/hoop/dispatcher"
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
	mode := flag.String("mode", "hoop", "hoop or nethttp")
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
	case "hoop":
		conf, err := urlconf.New(urlconf.Entries(
			urlconf.RePath(`^$`, "index"),
			urlconf.RePath(`^hello/(?P<name>[^/]+)/$`, "hello"),
		))
		if err != nil {
			log.Fatal(err)
		}
		reg := views.NewRegistry()
		reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { hello(w, "world") })
		reg.HandleFunc("hello", func(w http.ResponseWriter, r *http.Request) { hello(w, r.PathValue("name")) })
		s := settings.Default()
		h, err = dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			log.Fatal(err)
		}
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
	default:
		log.Fatalf("unknown -mode %q", *mode)
	}
	log.Fatal(http.ListenAndServe(*addr, h))
}
