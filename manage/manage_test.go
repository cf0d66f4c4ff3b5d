package manage_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// testSite has a slow view, to show that shutdown waits for it: it
// answers only once the graceful shutdown has begun.
func testSite(started chan<- struct{}) manage.Site {
	return manage.Site{
		Name:        "test site",
		DevSettings: []byte("debug = true\n"),
		New: func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
			conf, err := urlconf.New(urlconf.Entries(
				urlconf.Path("", "index"),
				urlconf.Path("slow/", "slow"),
			))
			if err != nil {
				return nil, err
			}
			reg := views.NewRegistry()
			reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index") })
			reg.HandleFunc("slow", func(w http.ResponseWriter, r *http.Request) {
				close(started)
				<-manage.Stopping(r.Context())
				io.WriteString(w, "finished")
			})
			return dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger, LogRequests: true})
		},
	}
}

// runserver serves until its context ends, then lets in-flight requests
// finish and exits 0.
func TestRunserverGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	stdoutR, stdoutW := io.Pipe()
	var stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- manage.Run(ctx, testSite(started), []string{"runserver", "-addr", "127.0.0.1:0"}, stdoutW, &stderr)
		stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("no start-up line: %v (stderr %s)", err, stderr.String())
	}
	go io.Copy(io.Discard, stdoutR)
	var base string
	if _, err := fmt.Sscanf(line[strings.Index(line, "http://"):], "%s", &base); err != nil {
		t.Fatalf("start-up line %q: %v", line, err)
	}
	res, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET /: %d", res.StatusCode)
	}
	slow := make(chan string, 1)
	go func() {
		res, err := http.Get(base + "slow/")
		if err != nil {
			slow <- err.Error()
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		slow <- string(body)
	}()
	<-started
	cancel() // as SIGTERM would
	if got := <-slow; got != "finished" {
		t.Errorf("in-flight request during shutdown got %q, want it to finish", got)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d, want 0; stderr:\n%s", code, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "path=/slow/ status=200") {
		t.Errorf("request log lacks the slow request:\n%s", stderr.String())
	}
}

func TestRunserverBadSettings(t *testing.T) {
	var stderr strings.Builder
	code := manage.Run(context.Background(), testSite(nil), []string{"runserver", "-settings", "/nonexistent/hoop.toml"}, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "/nonexistent/hoop.toml") {
		t.Errorf("exit %d, stderr %q; want 1 naming the file", code, stderr.String())
	}
	code = manage.Run(context.Background(), testSite(nil), []string{"runserver", "-bogus"}, io.Discard, &stderr)
	if code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
}

// A binary started with no subcommand is a deployment: its development
// settings are not used, and debug comes only from what the operator set.
func TestServeTakesDebugOnlyFromTheDeployment(t *testing.T) {
	compiledDebug := testSite(nil)
	compiledDebug.Settings = []byte("debug = true\n")
	for _, tc := range []struct {
		name string
		site manage.Site
		env  []string
		want string
	}{
		{"development settings unused", testSite(nil), nil, "allowed_hosts: must be set when debug is off"},
		{"debug compiled in is refused", compiledDebug, nil, "debug = true is compiled into the binary"},
		{"debug from the environment is taken", testSite(nil), []string{"HOOP_DEBUG=true", "HOOP_ADDR=bad"}, "addr: must be host:port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kv := range tc.env {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			var stderr strings.Builder
			code := manage.Run(context.Background(), tc.site, nil, io.Discard, &stderr)
			if code != 1 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 with %q", code, stderr.String(), tc.want)
			}
			if strings.Contains(tc.want, "addr") && strings.Contains(stderr.String(), "allowed_hosts") {
				t.Errorf("HOOP_DEBUG=true was not taken: %s", stderr.String())
			}
		})
	}
}
