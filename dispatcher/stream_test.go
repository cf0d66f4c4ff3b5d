package dispatcher_test

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// Server-sent events and hijacked connections work through the
// dispatcher and the whole default middleware stack.
func TestStreamingThroughTheStack(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("events/", "events"),
		urlconf.Path("raw/", "raw"),
	))
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	reg := views.NewRegistry()
	reg.HandleFunc("events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		rc := http.NewResponseController(w)
		for i := 1; i <= 2; i++ {
			fmt.Fprintf(w, "data: event %d\n\n", i)
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
				return
			}
		}
		select { // the client must have both events before the view returns
		case <-release:
		case <-r.Context().Done(): // the client gave up
		}
	})
	reg.HandleFunc("raw", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhijack")
		buf.Flush()
	})
	s := prodSettings()
	s.AllowedHosts = []string{"127.0.0.1"}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger, Middleware: middleware.Defaults(s, logger)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/events/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	// The view returns only once both events were read: if flushing is
	// broken, they never arrive, and go test's -timeout reports the hang
	// with every stack.
	lines := bufio.NewReader(res.Body)
	for i := 1; i <= 2; i++ {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		lines.ReadString('\n') // the blank line ending the event
		if want := fmt.Sprintf("data: event %d\n", i); line != want {
			t.Errorf("event %d: %q, want %q", i, line, want)
		}
	}
	close(release)

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /raw/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	raw, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(raw.Body)
	if !strings.Contains(string(body), "hijack") {
		t.Errorf("hijacked response body %q", body)
	}
}
