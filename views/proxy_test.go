package views_test

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// The proxy tests run over real TCP: an httptest server stands for the
// Django site upstream, and another serves the proxy view.

// seen is what the upstream echo server reports about a request.
type seen struct {
	Method, URI, Host, Body string
	Header                  http.Header
}

func echoUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Upstream", "django")
		if r.URL.Query().Get("status") == "404" {
			w.WriteHeader(http.StatusNotFound) // the upstream's own 404 goes through as it is
		}
		_ = json.NewEncoder(w).Encode(seen{r.Method, r.RequestURI, r.Host, string(body), r.Header})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// syncBuffer is a log destination that server goroutines write to while
// the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveProxy serves a proxy to upstream, with settings changed by edit.
func serveProxy(t *testing.T, upstream string, edit func(*settings.Settings)) (*httptest.Server, *syncBuffer) {
	t.Helper()
	s := settings.Default()
	s.ProxyUpstream = upstream
	if edit != nil {
		edit(&s)
	}
	logs := &syncBuffer{}
	p, err := views.Proxy(s, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(p)
	t.Cleanup(front.Close)
	return front, logs
}

func TestProxyForwardsRequests(t *testing.T) {
	upstream := echoUpstream(t)
	tests := []struct {
		name     string
		base     string // the upstream URL's path
		method   string
		target   string
		body     string
		header   map[string]string
		wantURI  string
		wantCode int
	}{
		{name: "path and query", method: "GET", target: "/articles/2003/?page=2&q=a%20b", wantURI: "/articles/2003/?page=2&q=a%20b", wantCode: 200},
		{name: "escaped path kept", method: "GET", target: "/files/a%2Fb/%C3%A9/", wantURI: "/files/a%2Fb/%C3%A9/", wantCode: 200},
		{name: "POST body", method: "POST", target: "/comments/", body: `{"text":"hi"}`, header: map[string]string{"Content-Type": "application/json"}, wantURI: "/comments/", wantCode: 200},
		{name: "PUT body", method: "PUT", target: "/items/7/", body: "name=x", wantURI: "/items/7/", wantCode: 200},
		{name: "upstream base path", base: "/app/", method: "GET", target: "/blog/?x=1", wantURI: "/app/blog/?x=1", wantCode: 200},
		{name: "upstream status kept", method: "GET", target: "/gone/?status=404", wantURI: "/gone/?status=404", wantCode: 404},
		{name: "client's forwarding headers replaced", method: "GET", target: "/",
			header:  map[string]string{"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
			wantURI: "/", wantCode: 200},
		{name: "hop-by-hop headers dropped", method: "GET", target: "/",
			header:  map[string]string{"Connection": "X-Private", "X-Private": "secret", "X-Kept": "yes"},
			wantURI: "/", wantCode: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, _ := serveProxy(t, upstream.URL+tt.base, nil)
			req, err := http.NewRequest(tt.method, front.URL+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Host = "www.example.com"
			req.Header.Set("Cookie", "sessionid=abc")
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got seen
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantCode || resp.Header.Get("X-Upstream") != "django" {
				t.Errorf("status %d, X-Upstream %q; want %d from the upstream", resp.StatusCode, resp.Header.Get("X-Upstream"), tt.wantCode)
			}
			if got.Method != tt.method || got.URI != tt.wantURI || got.Body != tt.body {
				t.Errorf("upstream saw %s %s body %q; want %s %s body %q", got.Method, got.URI, got.Body, tt.method, tt.wantURI, tt.body)
			}
			if got.Host != "www.example.com" {
				t.Errorf("upstream saw Host %q, want the client's www.example.com", got.Host)
			}
			if c := got.Header.Get("Cookie"); c != "sessionid=abc" {
				t.Errorf("Cookie %q not forwarded", c)
			}
			if ct, want := got.Header.Get("Content-Type"), tt.header["Content-Type"]; ct != want {
				t.Errorf("Content-Type %q, want %q", ct, want)
			}
			fwd := map[string]string{"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Host": "www.example.com", "X-Forwarded-Proto": "http"}
			for k, want := range fwd {
				if v := got.Header.Values(k); len(v) != 1 || v[0] != want {
					t.Errorf("%s = %q, want [%q]", k, v, want)
				}
			}
			if tt.header["X-Kept"] != "" && (got.Header.Get("X-Private") != "" || got.Header.Get("X-Kept") != "yes") {
				t.Errorf("X-Private %q (named by Connection: must be dropped), X-Kept %q", got.Header.Get("X-Private"), got.Header.Get("X-Kept"))
			}
		})
	}
}

func TestProxyStreams(t *testing.T) {
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		select { // the rest only once the client has read the first event
		case <-release:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, "data: second\n\n")
	}))
	t.Cleanup(upstream.Close)
	front, _ := serveProxy(t, upstream.URL, nil)

	resp, err := http.Get(front.URL + "/events/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	// Read blocks until the proxy flushes the first event: a proxy that
	// buffered the response would never get here.
	line, err := br.ReadString('\n')
	if err != nil || line != "data: first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	close(release)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: second\n\n" {
		t.Errorf("rest %q, %v", rest, err)
	}
}

// wsUpstream is a minimal WebSocket server: it accepts the upgrade
// (RFC 6455 section 4.2.2), then answers each text frame with "echo: "
// and the text.
func wsUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			http.Error(w, "want a WebSocket upgrade", http.StatusBadRequest)
			return
		}
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", wsAccept(r.Header.Get("Sec-WebSocket-Key")))
		_ = rw.Flush()
		for {
			msg, err := readFrame(rw.Reader)
			if err != nil {
				return
			}
			writeFrame(rw.Writer, "echo: "+msg, false)
			if rw.Flush() != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func wsAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// writeFrame writes a final text frame of under 64 KiB, masked as a
// client's must be.
func writeFrame(w io.Writer, text string, masked bool) {
	b := []byte{0x81, byte(len(text))}
	if len(text) > 125 {
		b = append([]byte{0x81, 126}, byte(len(text)>>8), byte(len(text)))
	}
	payload := []byte(text)
	if masked {
		key := []byte{1, 2, 3, 4}
		b[1] |= 0x80
		b = append(b, key...)
		for i := range payload {
			payload[i] ^= key[i%4]
		}
	}
	_, _ = w.Write(append(b, payload...))
}

func readFrame(r *bufio.Reader) (string, error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return "", err
	}
	n := int(head[1] & 0x7f)
	if n == 126 {
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return "", err
		}
		n = int(binary.BigEndian.Uint16(ext[:]))
	}
	var key [4]byte
	masked := head[1]&0x80 != 0
	if masked {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return "", err
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return "", err
	}
	if masked {
		for i := range payload {
			payload[i] ^= key[i%4]
		}
	}
	return string(payload), nil
}

// wsDial opens a WebSocket to base+path over a raw TCP connection and
// returns it after a successful upgrade.
func wsDial(t *testing.T, base, path string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", key)
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != wsAccept(key) {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("upgrade: %s, accept %q; body %q", resp.Status, resp.Header.Get("Sec-WebSocket-Accept"), body)
	}
	return conn, br
}

func wsRoundTrip(t *testing.T, conn net.Conn, br *bufio.Reader, msgs ...string) {
	t.Helper()
	for _, msg := range msgs {
		writeFrame(conn, msg, true)
		got, err := readFrame(br)
		if err != nil || got != "echo: "+msg {
			t.Fatalf("sent %q, got %q, %v", msg, got, err)
		}
	}
}

func TestProxyWebSocket(t *testing.T) {
	front, _ := serveProxy(t, wsUpstream(t).URL, nil)
	conn, br := wsDial(t, front.URL, "/ws/chat/")
	wsRoundTrip(t, conn, br, "hello", "second message", strings.Repeat("x", 300))
}

func TestProxyUpstreamFailures(t *testing.T) {
	// An address nothing listens on: a port just released.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	// An upstream that never answers in time: it waits for the test to end.
	stuck := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stuck:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(stuck) }) // runs first: the handlers return, then Close

	// An upstream that hangs up without answering.
	hangup, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hangup.Close() })
	go func() {
		for {
			c, err := hangup.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(c).ReadString('\n')
			c.Close()
		}
	}()

	tests := []struct {
		name     string
		upstream string
		timeout  time.Duration
		header   map[string]string
		status   int
		wantJSON bool
	}{
		{name: "unreachable, browser", upstream: closed, status: 502},
		{name: "unreachable, XMLHttpRequest", upstream: closed, header: map[string]string{"X-Requested-With": "XMLHttpRequest"}, status: 502, wantJSON: true},
		{name: "unreachable, Accept JSON", upstream: closed, header: map[string]string{"Accept": "application/json"}, status: 502, wantJSON: true},
		{name: "hangs up", upstream: "http://" + hangup.Addr().String(), status: 502},
		{name: "too slow", upstream: slow.URL, timeout: 10 * time.Millisecond, header: map[string]string{"Accept": "application/json"}, status: 504, wantJSON: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, logs := serveProxy(t, tt.upstream, func(s *settings.Settings) {
				if tt.timeout > 0 {
					s.ProxyResponseTimeout = tt.timeout
				}
			})
			req, _ := http.NewRequest("GET", front.URL+"/account/?next=/", nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, tt.status, body)
			}
			ct := resp.Header.Get("Content-Type")
			if tt.wantJSON {
				var p struct {
					Status int    `json:"status"`
					Title  string `json:"title"`
					Detail string `json:"detail"`
				}
				if ct != "application/problem+json" || json.Unmarshal(body, &p) != nil || p.Status != tt.status || p.Detail == "" {
					t.Errorf("want problem JSON with status %d and a detail; got %s %s", tt.status, ct, body)
				}
			} else if !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(body), http.StatusText(tt.status)) {
				t.Errorf("want an HTML page titled %q; got %s %s", http.StatusText(tt.status), ct, body)
			}
			// The upstream's address and error are for the log, not the client.
			host := strings.TrimPrefix(tt.upstream, "http://")
			if strings.Contains(string(body), host) {
				t.Errorf("the page shows the upstream address %s: %s", host, body)
			}
			if l := logs.String(); !strings.Contains(l, "proxy: upstream failed") || !strings.Contains(l, host) || !strings.Contains(l, "path=/account/") {
				t.Errorf("log %q: want the failure with the upstream and the path", l)
			}
		})
	}
}

func TestProxySettingsErrors(t *testing.T) {
	tests := []struct{ upstream, want string }{
		{"", "no upstream (set proxy_upstream, or HOOP_PROXY_UPSTREAM"},
		{"ftp://files.example.com/", `proxy_upstream "ftp://files.example.com/" is not an http:// or https:// URL naming a host`},
		{"http://", `proxy_upstream "http://" is not an http:// or https:// URL naming a host`},
		{"127.0.0.1:8001", `proxy_upstream "127.0.0.1:8001" is not an http:// or https:// URL`},
	}
	for _, tt := range tests {
		t.Run(tt.upstream, func(t *testing.T) {
			s := settings.Default()
			s.ProxyUpstream = tt.upstream
			_, err := views.Proxy(s, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestProxyBehindDispatcher serves a site whose URL conf sends one path
// to a Go view and everything else to the proxy, with the standard
// middleware: the request log, security headers and the response
// writer wrappers must not stop streaming, upgrades or error pages.
func TestProxyBehindDispatcher(t *testing.T) {
	upstream := echoUpstream(t)
	ws := wsUpstream(t)
	site := func(t *testing.T, upstream string) *httptest.Server {
		s := settings.Default()
		s.Debug = true
		s.ProxyUpstream = upstream
		conf, err := urlconf.New(urlconf.Entries(
			urlconf.Path("ported/", "pages.ported"),
			urlconf.RePath(``, "django"),
		))
		if err != nil {
			t.Fatal(err)
		}
		reg := views.NewRegistry()
		reg.HandleFunc("pages.ported", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "from Go") })
		p, err := views.Proxy(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		reg.Handle("django", p)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Middleware: middleware.Defaults(s, logger)})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(d)
		t.Cleanup(srv.Close)
		return srv
	}

	t.Run("Go view and proxied view", func(t *testing.T) {
		srv := site(t, upstream.URL)
		for path, want := range map[string]string{"/ported/": "from Go", "/blog/2003/?q=1": `"URI":"/blog/2003/?q=1"`} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("GET %s: %d %s; want 200 with %s", path, resp.StatusCode, body, want)
			}
		}
	})
	t.Run("upstream's headers replace the middleware's", func(t *testing.T) {
		framed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Frame-Options", "SAMEORIGIN")
			fmt.Fprint(w, "a page Django lets be framed")
		}))
		t.Cleanup(framed.Close)
		srv := site(t, framed.URL)
		for path, want := range map[string][]string{"/framed/": {"SAMEORIGIN"}, "/ported/": {"DENY"}} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Values("X-Frame-Options"); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: X-Frame-Options %q, want %q", path, got, want)
			}
			if got := resp.Header.Values("X-Content-Type-Options"); len(got) != 1 {
				t.Errorf("%s: X-Content-Type-Options %q, want the middleware's one", path, got)
			}
		}
	})
	t.Run("WebSocket", func(t *testing.T) {
		srv := site(t, ws.URL)
		conn, br := wsDial(t, srv.URL, "/ws/")
		wsRoundTrip(t, conn, br, "through the dispatcher")
	})
	t.Run("unreachable upstream gets the site's 502 page", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		srv := site(t, "http://"+addr)
		req, _ := http.NewRequest("GET", srv.URL+"/blog/", nil)
		req.Header.Set("X-Requested-With", "XMLHttpRequest")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("got %d %s %s; want a 502 problem", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
}
