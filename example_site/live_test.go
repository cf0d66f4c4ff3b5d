package examplesite

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
)

// serveTCP serves the site with s on a real TCP socket, with the server
// manage.Serve runs (its timeouts from s), and returns its base URL.
func serveTCP(t *testing.T, s settings.Settings) string {
	t.Helper()
	s.AllowedHosts = []string{"127.0.0.1"}
	site, err := New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := manage.NewServer(s, site)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// events reads server-sent events from a stream.
type events struct {
	r *bufio.Reader
}

// next returns the next event's name and data, skipping comments.
func (e events) next(t *testing.T) (name, data string) {
	t.Helper()
	var lines []string
	for {
		line, err := e.r.ReadString('\n')
		if err != nil {
			t.Fatalf("the event stream ended: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" && (name != "" || lines != nil):
			return name, strings.Join(lines, "\n")
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			lines = append(lines, strings.TrimPrefix(line, "data: "))
		}
	}
}

// subscribe opens /events/ with client and returns the stream, once its
// welcome event (which names the session's user) has come.
func subscribe(t *testing.T, ctx context.Context, client *http.Client, base string) (events, string, *http.Response) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/events/", nil)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /events/: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	ev := events{bufio.NewReader(res.Body)}
	name, data := ev.next(t)
	if name != "welcome" {
		t.Fatalf("first event %q %q, want welcome", name, data)
	}
	return ev, data, res
}

// The WebSocket echo and the event stream work through the standard
// middleware and the session middleware, over TCP: both read the
// session of the user who logged in, and what the echo gets reaches the
// stream.
func TestLiveThroughTheStack(t *testing.T) {
	s := siteSettings(false)
	secure := false
	s.SessionCookieSecure = &secure // the test talks plain HTTP
	base := serveTCP(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	res, err := client.PostForm(base+"/sessions/login/", url.Values{"username": {"alice"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}

	stream, welcome, sseRes := subscribe(t, ctx, client, base)
	if welcome != "alice: welcome" {
		t.Errorf("welcome event %q: the stream did not see the session", welcome)
	}
	if sseRes.Header.Get("X-Request-Id") == "" || sseRes.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("the event stream's response lacks the standard middleware's headers")
	}

	c, wsRes, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws/echo/", &websocket.DialOptions{HTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if wsRes.Header.Get("X-Request-Id") == "" {
		t.Error("the WebSocket handshake did not go through the standard middleware")
	}
	for _, msg := range []string{"hi", "two\nlines"} {
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		typ, got, err := c.Read(ctx)
		if err != nil || typ != websocket.MessageText || string(got) != msg {
			t.Fatalf("echo of %q: %v %q %v", msg, typ, got, err)
		}
		if name, data := stream.next(t); name != "message" || data != "alice: "+msg {
			t.Errorf("event %q %q, want message %q", name, data, "alice: "+msg)
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Errorf("close: %v", err)
	}
}

// The views lift the server's timeouts, which bound a whole request: with
// a write timeout already past when the view starts, they still answer.
func TestLiveOutlivesServerTimeouts(t *testing.T) {
	s := siteSettings(false)
	s.WriteTimeout = time.Nanosecond
	base := serveTCP(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	_, welcome, _ := subscribe(t, ctx, http.DefaultClient, base)
	if welcome != "anonymous: welcome" {
		t.Errorf("welcome event %q", welcome)
	}
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws/echo/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageBinary, []byte{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	if typ, got, err := c.Read(ctx); err != nil || typ != websocket.MessageBinary || string(got) != "\x00\x01\x02" {
		t.Fatalf("echo: %v %q %v", typ, got, err)
	}
}

// A page of another origin cannot open the WebSocket (cross-site
// WebSocket hijacking); other methods than GET are refused before it.
func TestLiveRefuses(t *testing.T) {
	base := serveTCP(t, siteSettings(false))
	ws := "ws" + strings.TrimPrefix(base, "http") + "/ws/echo/"
	_, res, err := websocket.Dial(context.Background(), ws, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://evil.example"}}})
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-origin handshake: %v, %v; want 403", res, err)
	}
	for _, path := range []string{"/ws/echo/", "/events/"} {
		res, err := http.Post(base+path, "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d, want 405", path, res.StatusCode)
		}
	}
}

// A graceful shutdown does not wait for the streams: they end when it
// begins (manage.Stopping), the WebSocket with "going away". The
// shutdown timeout is an hour: a stream that held it would hang the test.
func TestLiveEndsOnShutdown(t *testing.T) {
	s := siteSettings(false)
	s.AllowedHosts = []string{"127.0.0.1"}
	s.Addr = "127.0.0.1:0"
	s.ShutdownTimeout = time.Hour
	site, err := New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	addr := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- manage.Serve(ctx, s, site, func(ln net.Listener) { addr <- ln.Addr().String() })
	}()
	base := "http://" + <-addr

	stream, _, _ := subscribe(t, context.Background(), http.DefaultClient, base)
	c, _, err := websocket.Dial(context.Background(), "ws://"+strings.TrimPrefix(base, "http://")+"/ws/echo/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(context.Background(), websocket.MessageText, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	if _, got, err := c.Read(context.Background()); err != nil || string(got) != "hi" {
		t.Fatalf("echo: %q %v", got, err)
	}
	stream.next(t) // the echo's message: the stream is in its loop

	stop()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if line, err := stream.r.ReadString('\n'); err == nil {
		t.Errorf("the stream goes on after the shutdown: %q", line)
	}
	if _, _, err := c.Read(context.Background()); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("the WebSocket ended with %v, want going away", err)
	}
}
