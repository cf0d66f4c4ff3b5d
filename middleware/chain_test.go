package middleware

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name+">")
				next.ServeHTTP(w, r)
				order = append(order, "<"+name)
			})
		}
	}
	h := Chain(mw("a"), mw("b"), mw("c"))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		order = append(order, "h")
	}))
	h.ServeHTTP(nil, nil)
	if got := strings.Join(order, " "); got != "a> b> c> h <c <b <a" {
		t.Errorf("order %s", got)
	}
	if Chain()(ok) == nil {
		t.Error("Chain() is not the identity")
	}
}

// debugSettings serve the test server's 127.0.0.1 (Django's debug hosts).
func debugSettings() settings.Settings {
	s := settings.Default()
	s.Debug = true
	s.MaxBodyBytes = 16
	return s
}

func TestDefaults(t *testing.T) {
	s := settings.Default()
	if n := len(Defaults(s, nil)); n != 7 {
		t.Errorf("without a logger: %d middleware, want 7", n)
	}
	log, _ := textLogger()
	if n := len(Defaults(s, log)); n != 8 {
		t.Errorf("with a logger: %d middleware, want 8", n)
	}
	s.MaxBodyBytes = 0
	if n := len(Defaults(s, log)); n != 7 {
		t.Errorf("without a body limit: %d middleware, want 7", n)
	}
	s.HealthPath, s.ReadyPath = "", ""
	if n := len(Defaults(s, log)); n != 6 {
		t.Errorf("without probes: %d middleware, want 6", n)
	}
	s.TrustedProxies = []string{"10.0.0.1"}
	if n := len(Defaults(s, log)); n != 7 {
		t.Errorf("with a trusted proxy: %d middleware, want 7", n)
	}

	// All of them at work, in order.
	log, buf := textLogger()
	h := Chain(Defaults(debugSettings(), log)...)(echoLen)
	srv := serve(t, h)
	c := dial(t, srv)
	resp, body := c.do("POST / HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: 3\r\nX-Request-ID: d1\r\n\r\nabc")
	if resp.StatusCode != 200 || body != "3" || resp.Header.Get("X-Request-ID") != "d1" ||
		resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("ok request: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	resp, _ = c.do(strings.Replace(post(strings.Repeat("x", 17)), "Host: x", "Host: localhost", 1))
	if resp.StatusCode != 413 {
		t.Errorf("over the limit: %d", resp.StatusCode)
	}
	resp, _ = c.do("POST / HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: cross-site\r\nContent-Length: 0\r\n\r\n")
	if resp.StatusCode != 403 || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("cross-site: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = c.do("GET / HTTP/1.1\r\nHost: example.com\r\nX-Request-ID: d4\r\n\r\n")
	if resp.StatusCode != 400 || resp.Header.Get("X-Request-ID") != "d4" {
		t.Errorf("bad host: %d %v", resp.StatusCode, resp.Header)
	}
	logged := buf.String()
	for _, want := range []string{"request_id=d1", "status=413", "status=403", `msg="disallowed host" host="\"example.com\"" method=GET path=/ request_id=d4`, "status=400"} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %s:\n%s", want, logged)
		}
	}
}

// An SSE stream behind the whole chain reaches the client event by event,
// before the handler returns.
func TestDefaultsStreaming(t *testing.T) {
	log, _ := textLogger()
	ack := make(chan struct{})
	done := make(chan struct{})
	sse := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		if _, ok := w.(http.Flusher); !ok {
			t.Error("the writer is not an http.Flusher")
		}
		rc := http.NewResponseController(w)
		// The zero time: no deadline, which only the connection itself
		// can set; a writer that hides it answers ErrNotSupported.
		if err := rc.SetWriteDeadline(time.Time{}); err != nil {
			t.Errorf("SetWriteDeadline through the chain: %v", err)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 3 {
			fmt.Fprintf(w, "data: event %d\n\n", i)
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			// The client reads the event while the handler waits here: it
			// was flushed. Without the flush, neither goes on, and go
			// test's -timeout reports the hang with every stack.
			select {
			case <-ack:
			case <-r.Context().Done(): // the client gave up
				return
			}
		}
	})
	srv := serve(t, Chain(Defaults(debugSettings(), log)...)(sse))
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := range 3 {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("data: event %d\n", i); line != want {
			t.Fatalf("read %q, want %q", line, want)
		}
		br.ReadString('\n') // the blank line ending the event
		select {
		case <-done:
			t.Fatalf("the handler returned before event %d was read", i)
		default:
		}
		ack <- struct{}{}
	}
	<-done
}

// A handler behind the whole chain can take over the connection.
func TestDefaultsHijack(t *testing.T) {
	log, buf := textLogger()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(http.Hijacker); !ok {
			t.Error("the writer is not an http.Hijacker")
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		brw.Flush()
		line, _ := brw.ReadString('\n')
		brw.WriteString("echo: " + line)
		brw.Flush()
	})
	// served is closed once the whole chain has returned and the
	// logger has written its line, which comes after the echo the
	// client reads: the test waits for it, not for a while.
	served := make(chan struct{})
	chain := Chain(Defaults(debugSettings(), log)...)(h)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(served)
		chain.ServeHTTP(w, r)
	}))
	c := dial(t, srv)
	io.WriteString(c.c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil || resp.StatusCode != 101 {
		t.Fatalf("%v %v", resp, err)
	}
	io.WriteString(c.c, "ping\n")
	if line, _ := c.br.ReadString('\n'); line != "echo: ping\n" {
		t.Errorf("read %q", line)
	}
	c.c.Close()
	<-served
	if !strings.Contains(buf.String(), "status=0") {
		t.Errorf("hijacked request not logged with status 0:\n%s", buf)
	}
}

// site is a dispatcher with a few views, for the tests with one.
func site(t *testing.T, s settings.Settings, mw []func(http.Handler) http.Handler) http.Handler {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^items/(?P<id>[0-9]+)/$`, "item"),
		urlconf.RePath(`^boom/$`, "boom"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("item", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "item "+r.PathValue("id"))
	})
	reg.HandleFunc("boom", func(w http.ResponseWriter, r *http.Request) {
		views.RenderError(w, r, views.Error(http.StatusTeapot, "short and stout"))
	})
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Middleware: mw,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Around the dispatcher and inside it (Options.Middleware), where the
// chain runs again around the error handlers: each request is answered
// and logged once, refusals render the error page without looping.
func TestWithDispatcher(t *testing.T) {
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	for _, inside := range []bool{false, true} {
		t.Run(fmt.Sprintf("inside=%v", inside), func(t *testing.T) {
			log, buf := textLogger()
			var h http.Handler
			if inside {
				h = site(t, s, Defaults(s, log))
			} else {
				h = Chain(Defaults(s, log)...)(site(t, s, nil))
			}
			srv := serve(t, h)
			c := dial(t, srv)
			tests := []struct {
				raw    string
				status int
				body   string
				route  string
			}{
				{"GET /items/7/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 200, "item 7", "items/"},
				{"GET /boom/ HTTP/1.1\r\nHost: example.com\r\nAccept: application/json\r\n\r\n", 418, "short and stout", "boom/"},
				{"GET /nowhere/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 404, "", ""},
				{"GET /items/7/ HTTP/1.1\r\nHost: evil.com\r\n\r\n", 400, "Invalid HTTP_HOST header", ""},
				{"GET /nowhere/ HTTP/1.1\r\nHost: evil.com\r\n\r\n", 400, "Invalid HTTP_HOST header", ""},
				{"POST /items/7/ HTTP/1.1\r\nHost: example.com\r\nSec-Fetch-Site: cross-site\r\nContent-Length: 0\r\n\r\n", 403, "Cross-origin request refused", ""},
			}
			for _, tt := range tests {
				before := len(buf.lines())
				resp, body := c.do(tt.raw)
				if resp.StatusCode != tt.status || !strings.Contains(body, tt.body) {
					t.Errorf("%q: %d %q, want %d %q", tt.raw, resp.StatusCode, body, tt.status, tt.body)
				}
				if resp.Header.Get("X-Request-ID") == "" {
					t.Errorf("%q: no request ID", tt.raw)
				}
				var requests []string
				for _, l := range buf.lines()[before:] {
					if strings.Contains(l, "msg=request") {
						requests = append(requests, l)
					}
				}
				if len(requests) != 1 {
					t.Errorf("%q: %d request lines:\n%s", tt.raw, len(requests), strings.Join(requests, "\n"))
					continue
				}
				if !strings.Contains(requests[0], fmt.Sprintf("status=%d", tt.status)) {
					t.Errorf("%q: %s", tt.raw, requests[0])
				}
				if tt.route != "" && !strings.Contains(requests[0], tt.route) {
					t.Errorf("%q: route not logged: %s", tt.raw, requests[0])
				}
			}
		})
	}
}
