package hardening

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// The rows of the bad-input corpus (testdata/bad-inputs.md), each sent as
// raw bytes over a real TCP connection to the site the corpus assumes,
// served with hoop's production server limits.

// row is one corpus row: the bytes sent and the safe answer.
type row struct {
	id       string
	request  string    // the whole request; "Host: example.com" is not added
	status   []int     // any of these
	header   [2]string // a response header that must have this value, if set
	contains string    // the body must contain it, if set
	debug    bool      // the row is marked D
	check    func(*testing.T, *http.Response, string)
}

func get(target string, headers ...string) string {
	return "GET " + target + " HTTP/1.1\r\nHost: example.com\r\n" + strings.Join(headers, "") + "Connection: close\r\n\r\n"
}

func statuses(s ...int) []int { return s }

var corpus = []row{
	// Host and request line.
	{id: "H1", request: "GET / HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n", status: statuses(400)},
	{id: "H3", request: "GET / HTTP/1.0\r\n\r\n", status: statuses(400)},
	{id: "H4", request: "GET / HTTP/1.1\r\nHost: example.com:99999\r\nConnection: close\r\n\r\n", status: statuses(400)},
	{id: "H5", request: "GET / HTTP/1.1\r\nHost: EXAMPLE.COM.\r\nConnection: close\r\n\r\n", status: statuses(200), contains: "index"},
	{id: "H6", request: "GET / HTTP/1.1\r\nHost: example.com.evil.com\r\nConnection: close\r\n\r\n", status: statuses(400)},
	{id: "H7", request: "GET / HTTP/1.1\r\nHost: [::1]:8000\r\nConnection: close\r\n\r\n", status: statuses(200), debug: true},
	{id: "H9", request: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n", status: statuses(405, 400)},
	{id: "H10", request: "CONNECT /../static/.env HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n", status: statuses(405, 400)},
	{id: "H11", request: "OPTIONS * HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n", status: statuses(200, 204, 400),
		check: func(t *testing.T, res *http.Response, body string) {
			if body != "" {
				t.Errorf("OPTIONS * has a body: %q", body)
			}
		}},
	{id: "H12", request: "BREW /articles/2024/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n", status: statuses(405),
		check: func(t *testing.T, res *http.Response, _ string) {
			if res.Header.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		}},
	{id: "H13", request: "GET /x HTTP/2.0\r\nHost: example.com\r\n\r\n", status: statuses(505)},
	{id: "H14", request: "GET / HTTP/1.1\r\nHost: example.com\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n", status: statuses(431)},
	{id: "H15", request: get("/" + strings.Repeat("a", 1<<20)), status: statuses(414, 431)},

	// Path and dispatcher.
	{id: "P1", request: get("/articles/2024?x=1"), status: statuses(301), header: [2]string{"Location", "/articles/2024/?x=1"}},
	{id: "P2", request: "POST /articles/2024 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=1", status: statuses(308), header: [2]string{"Location", "/articles/2024/"}},
	{id: "P3", request: get("//evil.com"), status: statuses(404)},
	{id: "P4", request: get("///evil.com/"), status: statuses(404)},
	{id: "P6a", request: get("//evil.com/%2e%2e"), status: statuses(400, 404)},
	{id: "P6b", request: get("//evil.com/.."), status: statuses(400, 404)},
	{id: "P7", request: get("/..%2F..%2Fevil.com%2F%3f%2F.."), status: statuses(400)},
	{id: "P8", request: get("/a/../articles/2024/"), status: statuses(400)},
	{id: "P9", request: get("/%2e%2e/etc/passwd"), status: statuses(400)},
	{id: "P11a", request: get("/articles/2024/%0A"), status: statuses(400)},
	{id: "P11b", request: get("/articles/2024%0A/"), status: statuses(400)},
	{id: "P13", request: get("/a%00b"), status: statuses(400)},
	{id: "P15a", request: get("/a%ZZ"), status: statuses(400)},
	{id: "P15b", request: get("/a%"), status: statuses(400)},
	{id: "P15c", request: get("/%C0%AE%C0%AE/"), status: statuses(400)},
	{id: "P17", request: get("/" + strings.Repeat("a", 2048)), status: statuses(414)},
	{id: "P18", request: get("/" + strings.Repeat("a", 2047)), status: statuses(404)},
	{id: "P20", request: get("/ARTICLES/2024/"), status: statuses(404)},
	{id: "P21", request: "POST /login/?next=//evil.com HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", status: statuses(303), header: [2]string{"Location", "/"}},
	// 20 000 parameters in 40 KB: under the header limit, so hoop's own
	// check answers (a longer query line gets net/http's 431).
	{id: "P22", request: get("/?" + strings.Repeat("a&", 20000)), status: statuses(400), contains: "too many parameters"},

	// Static files.
	{id: "S1", request: get("/static/app.css"), status: statuses(200), header: [2]string{"X-Content-Type-Options", "nosniff"},
		check: func(t *testing.T, res *http.Response, _ string) {
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
				t.Errorf("Content-Type %q", ct)
			}
		}},
	{id: "S2", request: get("/static/../settings.go"), status: statuses(400, 404)},
	{id: "S3", request: get("/static/%2e%2e/%2e%2e/etc/passwd"), status: statuses(400, 404)},
	{id: "S4", request: get("/static/..%2f..%2fetc%2fpasswd"), status: statuses(400, 404)},
	{id: "S6a", request: get("/static/.env"), status: statuses(404)},
	{id: "S6b", request: get("/static/.git/config"), status: statuses(404)},
	{id: "S6c", request: get("/static/.git/"), status: statuses(404)},
	{id: "S8a", request: get("/static/"), status: statuses(404)},
	{id: "S8b", request: get("/static/sub"), status: statuses(301), header: [2]string{"Location", "sub/"}},
	{id: "S9", request: get("/static/sub/index.html"), status: statuses(301), header: [2]string{"Location", "./"}},
	{id: "S11", request: get("/static/app.css%00.png"), status: statuses(400, 404)},
	{id: "S12", request: get("/static/app.css/"), status: statuses(404)},
	{id: "S13", request: get("/static/app.css", "Range: bytes=99999-\r\n"), status: statuses(416)},
	{id: "S14", request: get("/static/app.css", "Range: bytes="+manyRanges(1000)+"\r\n"), status: statuses(200, 416)},
	{id: "S15", request: get("/static/" + strings.Repeat("n", 4096)), status: statuses(414)},
	{id: "S16", request: get("/static/sub%2f"), status: statuses(404)},
	{id: "S-link", request: get("/static/link"), status: statuses(404)},
}

func manyRanges(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%d-%d", i, i)
	}
	return strings.Join(parts, ",")
}

// startSite serves the corpus site with the production server's limits.
func startSite(t *testing.T, s settings.Settings, logs io.Writer) *httptest.Server {
	srv, _ := startSiteWithStore(t, s, logs)
	return srv
}

func startSiteWithStore(t *testing.T, s settings.Settings, logs io.Writer) (*httptest.Server, *CountingStore) {
	t.Helper()
	// Not a limit: no row may fail because a busy machine paused a call
	// to the in-memory store. The server's limits stay production's.
	s.SessionStoreTimeout = time.Hour
	root, err := StaticTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	site, err := New(s, root, logs, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(site)
	srv.Config = manage.NewServer(s, site)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, site.Store
}

// send writes the request bytes and reads one response.
func send(t *testing.T, addr, request string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() { _, _ = io.WriteString(conn, request) }() // a big request may be refused before it is all sent
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(body)
}

func TestCorpus(t *testing.T) {
	var logs syncBuffer
	prod := startSite(t, Settings(), &logs)
	dbg := Settings()
	dbg.Debug, dbg.AllowedHosts = true, nil
	debugSite := startSite(t, dbg, nil)
	for _, r := range corpus {
		t.Run(r.id, func(t *testing.T) {
			addr := prod.Listener.Addr().String()
			if r.debug {
				addr = debugSite.Listener.Addr().String()
			}
			res, body := send(t, addr, r.request)
			if !contains(r.status, res.StatusCode) {
				t.Errorf("status %d, want one of %v; body %.200q", res.StatusCode, r.status, body)
			}
			if r.header[0] != "" && res.Header.Get(r.header[0]) != r.header[1] {
				t.Errorf("%s = %q, want %q", r.header[0], res.Header.Get(r.header[0]), r.header[1])
			}
			if r.contains != "" && !strings.Contains(body, r.contains) {
				t.Errorf("body %.200q lacks %q", body, r.contains)
			}
			if strings.Contains(body, Secret) {
				t.Errorf("served a file from outside the static root or a dotfile: %.200q", body)
			}
			if loc := res.Header.Get("Location"); strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) || strings.Contains(loc, "://") {
				t.Errorf("Location %q leaves the site", loc)
			}
			if r.check != nil {
				r.check(t, res, body)
			}
		})
	}
	// H1: the refused host is in the log, quoted, never raw.
	if !strings.Contains(logs.String(), `host="\"evil.com\""`) {
		t.Errorf("the disallowed host is not logged quoted:\n%s", logs.String())
	}
	// The server still serves after all of it.
	if res, _ := send(t, prod.Listener.Addr().String(), get("/")); res.StatusCode != 200 {
		t.Errorf("after the corpus, GET / = %d", res.StatusCode)
	}
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sessionCookie returns the session cookie a response sets, or nil.
func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "hoop_session" {
			return c
		}
	}
	return nil
}

// The session rows: C1 and C3 to C7.
func TestCorpusSessions(t *testing.T) {
	srv, store := startSiteWithStore(t, Settings(), nil)
	addr := srv.Listener.Addr().String()

	t.Run("C1 junk cookie", func(t *testing.T) {
		finds := store.Finds.Load()
		res, body := send(t, addr, get("/counter/", "Cookie: hoop_session="+strings.Repeat("x", 10<<10)+"\r\n"))
		if res.StatusCode != 200 || body != "count=1" {
			t.Errorf("%d %q, want a new anonymous session", res.StatusCode, body)
		}
		if store.Finds.Load() != finds {
			t.Error("the store was asked for a 10 KB token")
		}
	})
	t.Run("C3 too many cookies", func(t *testing.T) {
		res, body := send(t, addr, get("/", "Cookie: "+strings.Repeat("c=1; ", 3001)+"\r\n"))
		if res.StatusCode != 400 || !strings.Contains(body, "too many cookies") {
			t.Errorf("%d %q, want the framework's 400", res.StatusCode, body)
		}
	})
	var attackerToken string
	t.Run("C4 fixation", func(t *testing.T) {
		// The attacker gets a token of their own, and plants it.
		res, _ := send(t, addr, get("/counter/"))
		c := sessionCookie(res)
		if c == nil {
			t.Fatal("no session cookie from the counter")
		}
		attackerToken = c.Value
		res, _ = send(t, addr, "POST /login/ HTTP/1.1\r\nHost: example.com\r\nCookie: hoop_session="+attackerToken+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		fresh := sessionCookie(res)
		if fresh == nil || fresh.Value == attackerToken {
			t.Fatalf("login kept the planted token (%v)", fresh)
		}
		_, body := send(t, addr, get("/whoami/", "Cookie: hoop_session="+attackerToken+"\r\n"))
		if body != `user=""` {
			t.Errorf("the planted token maps to %s after login", body)
		}
		_, body = send(t, addr, get("/whoami/", "Cookie: hoop_session="+fresh.Value+"\r\n"))
		if body != `user="alice"` {
			t.Errorf("the new token maps to %s", body)
		}
		attackerToken = fresh.Value // the victim's session, for C5
	})
	t.Run("C5 logout", func(t *testing.T) {
		res, _ := send(t, addr, "POST /logout/ HTTP/1.1\r\nHost: example.com\r\nCookie: hoop_session="+attackerToken+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		c := sessionCookie(res)
		if c == nil || c.MaxAge >= 0 { // net/http reads "Max-Age=0" as MaxAge -1
			t.Errorf("logout does not expire the cookie: %q", res.Header.Get("Set-Cookie"))
		}
		_, body := send(t, addr, get("/whoami/", "Cookie: hoop_session="+attackerToken+"\r\n"))
		if body != `user=""` {
			t.Errorf("the old token maps to %s after logout", body)
		}
	})
	t.Run("C6 cookie flags", func(t *testing.T) {
		res, _ := send(t, addr, get("/counter/"))
		set := res.Header.Get("Set-Cookie")
		for _, flag := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(set, flag) {
				t.Errorf("Set-Cookie %q lacks %s", set, flag)
			}
		}
	})
	t.Run("C7 anonymous traffic writes nothing", func(t *testing.T) {
		commits, finds := store.Commits.Load(), store.Finds.Load()
		for i := 0; i < 10000; i++ {
			req, _ := http.NewRequest("GET", srv.URL+[]string{"/", "/articles/2024/", "/static/app.css"}[i%3], nil)
			req.Host = "example.com"
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.Header.Get("Set-Cookie") != "" {
				t.Fatalf("a page that does not use the session set a cookie: %q", res.Header.Get("Set-Cookie"))
			}
		}
		if c, f := store.Commits.Load()-commits, store.Finds.Load()-finds; c != 0 || f != 0 {
			t.Errorf("10 000 cookie-less GETs: %d store writes, %d reads; want 0", c, f)
		}
	})
}

// P16: a deliberately bad pattern, forced on: the start-up lint flags it,
// and an attack gets 503 (the pattern's time ran out) without the next
// pattern being tried. The look-ahead keeps it on the backtracking
// engine; ^(a+)+$ alone runs in linear time.
func TestCorpusReDoS(t *testing.T) {
	root, err := StaticTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	s := Settings()
	site, err := New(s, root, &logs, map[string]http.Handler{"redos": http.NotFoundHandler()}, urlconf.RePath(`^(a+)+(?=!)b$`, "redos"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "hoop.W103") {
		t.Errorf("the start-up lint did not flag ^(a+)+(?=!)b$:\n%s", logs.String())
	}
	srv := httptest.NewUnstartedServer(site)
	srv.Config = manage.NewServer(s, site)
	srv.Start()
	defer srv.Close()
	res, body := send(t, srv.Listener.Addr().String(), get("/"+strings.Repeat("a", 29)+"!"))
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("attack: %d %.200q, want 503", res.StatusCode, body)
	}
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "URL pattern timed out") {
			line = l
		}
	}
	if !strings.Contains(line, `pattern="^(a+)+(?=!)b$"`) || strings.Contains(line, strings.Repeat("a", 29)) {
		t.Errorf("the timeout's log line must name the pattern, not the path: %q", line)
	}
}
