package manage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site's cmd/mysite/main.go: the site's settings (usually embedded with
// go:embed) and a function that builds its dispatcher. "go run
// ./cmd/mysite" then serves it, with -addr and -settings.
func ExampleMain() {
	newSite := func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
		conf, err := urlconf.New(urlconf.Entries(urlconf.Path("", "index")))
		if err != nil {
			return nil, err
		}
		reg := views.NewRegistry()
		reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) {})
		return dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger, LogRequests: true})
	}
	if false { // Main runs until SIGINT; not in an example.
		manage.Main(manage.Site{Name: "my site", Settings: []byte("debug = true\n"), New: newSite})
	}
}

// Serve is the production server: the same limits and graceful shutdown
// as the dev server, for a site's own main.
func ExampleServe() {
	s := settings.Default()
	s.Addr = "127.0.0.1:0"
	ctx, stop := context.WithCancel(context.Background())
	stop() // a real main uses signal.NotifyContext
	err := manage.Serve(ctx, s, http.NotFoundHandler(), func(ln net.Listener) {
		fmt.Println("listening")
	})
	fmt.Println(err)
	// Output:
	// listening
	// <nil>
}

func ExampleRun() {
	site := manage.Site{Settings: []byte("debug = true\n"), New: func(s settings.Settings, _ *slog.Logger) (*dispatcher.Dispatcher, error) {
		conf, err := urlconf.New(urlconf.Entries(urlconf.Path("about/", "about", urlconf.Name("about"))))
		if err != nil {
			return nil, err
		}
		reg := views.NewRegistry()
		reg.HandleFunc("about", func(http.ResponseWriter, *http.Request) {})
		return dispatcher.New(conf, reg, dispatcher.Options{Settings: &s})
	}}
	code := manage.Run(context.Background(), site, []string{"reverse", "about"}, os.Stdout, os.Stderr)
	fmt.Println(code)
	// Output:
	// /about/
	// 0
}

// A small site declares its views in its URL conf (views.Path) and gives
// only that: the commands build it with the standard middleware and
// sessions.
func ExampleSite_declaredViews() {
	site := manage.Site{Settings: []byte("debug = true\n"), URLs: urlconf.Entries(
		views.Path("about/", "about", views.Func(func(*http.Request) (any, error) { return "About us", nil })),
	)}
	code := manage.Run(context.Background(), site, []string{"reverse", "about"}, os.Stdout, os.Stderr)
	fmt.Println(code)
	// Output:
	// /about/
	// 0
}

// gen-urls writes a typed function for each named URL of the site, for
// go generate: here into a temporary directory, with -o.
func ExampleRun_genURLs() {
	site := manage.Site{DevSettings: []byte("debug = true\n"), URLs: urlconf.Entries(
		views.Path("articles/<int:year>/", "year-archive", views.Func(func(*http.Request) (any, error) { return "", nil })),
	)}
	dir, _ := os.MkdirTemp("", "site")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "urls", "urls.go")
	code := manage.Run(context.Background(), site, []string{"gen-urls", "-o", file}, io.Discard, os.Stderr)
	src, _ := os.ReadFile(file)
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "package ") || strings.HasPrefix(line, "func (u URLs)") {
			fmt.Println(line)
		}
	}
	fmt.Println(code)
	// Output:
	// package urls
	// func (u URLs) YearArchive(year int) string {
	// 0
}

// A long-lived view returns when the server begins to stop, so that the
// graceful shutdown does not wait shutdown_timeout for it.
func ExampleStopping() {
	s := settings.Default()
	s.Addr = "127.0.0.1:0"
	ctx, stop := context.WithCancel(context.Background())
	stream := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stop() // as SIGTERM would, while the stream is open
		select {
		case <-manage.Stopping(r.Context()):
			fmt.Println("the server is stopping: the stream ends")
		case <-r.Context().Done():
		}
	})
	err := manage.Serve(ctx, s, stream, func(ln net.Listener) {
		go http.Get("http://" + ln.Addr().String() + "/events/")
	})
	fmt.Println(err)
	// Output:
	// the server is stopping: the stream ends
	// <nil>
}

// The site's logger follows its settings: HOOP_LOG_FORMAT=json gives one
// JSON object a record, for a log collector; HOOP_LOG_LEVEL=warn keeps
// the failed requests and drops the others.
func ExampleNewLogger() {
	s := settings.Default()
	s.LogFormat, s.LogLevel = "json", "warn"
	var out bytes.Buffer
	log := manage.NewLogger(s, &out)
	log.Info("request", "path", "/", "status", 200) // below warn: dropped
	log.Error("request", "path", "/boom", "status", 500)
	var record map[string]any
	if err := json.Unmarshal(out.Bytes(), &record); err != nil {
		panic(err)
	}
	fmt.Println(record["level"], record["msg"], record["path"], record["status"])
	// Output: ERROR request /boom 500
}
