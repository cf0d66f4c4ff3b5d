package dispatcher_test

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// rawRequest sends request bytes over TCP, as an attacker would: NUL,
// invalid UTF-8 and dot segments never survive http.NewRequest.
func rawRequest(t *testing.T, addr, request string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(strings.NewReader(string(body)))
	return res
}

func TestGuards(t *testing.T) {
	srv := httptest.NewServer(newDispatcher(t, prodSettings(), nil))
	defer srv.Close()
	long := "/" + strings.Repeat("a", 2049)
	query := "/?" + strings.Repeat("a=1&", 20000)
	cookies := strings.Repeat("c=1; ", 3001)
	cases := []struct {
		name, line string
		header     string
		status     int
		allow      string
	}{
		{"dot-dot", "GET /a/../articles/2024/ HTTP/1.1", "", 400, ""},
		{"encoded dot-dot", "GET /%2e%2e/etc/passwd HTTP/1.1", "", 400, ""},
		{"encoded slashes and dots", "GET /..%2F..%2Fevil.com%2F%3f%2F.. HTTP/1.1", "", 400, ""},
		{"single dot", "GET /./articles/2024/ HTTP/1.1", "", 400, ""},
		{"newline", "GET /articles/2024/%0A HTTP/1.1", "", 400, ""},
		{"NUL", "GET /a%00b HTTP/1.1", "", 400, ""},
		{"C1 control", "GET /a%C2%85b HTTP/1.1", "", 400, ""},
		{"overlong UTF-8", "GET /%C0%AE%C0%AE/ HTTP/1.1", "", 400, ""},
		{"invalid UTF-8", "GET /a%FFb HTTP/1.1", "", 400, ""},
		{"raw backslash", "GET /a\\b HTTP/1.1", "", 400, ""},
		{"encoded backslash", "GET /a%5Cb HTTP/1.1", "", 400, ""},
		{"long path", "GET " + long + " HTTP/1.1", "", 414, ""},
		{"20 000 query parameters", "GET " + query + " HTTP/1.1", "", 400, ""},
		{"3 001 cookies", "GET / HTTP/1.1", "Cookie: " + cookies + "\r\n", 400, ""},
		{"unknown method", "BREW /articles/2024/ HTTP/1.1", "", 405, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"},
		{"TRACE", "TRACE / HTTP/1.1", "", 405, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"},
		{"CONNECT", "CONNECT example.com:443 HTTP/1.1", "", 405, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"},
		{"case is kept", "GET /ARTICLES/2024/ HTTP/1.1", "", 404, ""},
		{"leading slashes", "GET //evil.com HTTP/1.1", "", 404, ""},
		{"the normal page", "GET /articles/2024/ HTTP/1.1", "", 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := rawRequest(t, srv.Listener.Addr().String(), c.line+"\r\nHost: example.com\r\n"+c.header+"Connection: close\r\n\r\n")
			if res.StatusCode != c.status {
				body, _ := io.ReadAll(res.Body)
				t.Errorf("status %d, want %d: %s", res.StatusCode, c.status, body)
			}
			if got := res.Header.Get("Allow"); got != c.allow {
				t.Errorf("Allow %q, want %q", got, c.allow)
			}
			if loc := res.Header.Get("Location"); loc != "" {
				t.Errorf("a refused request was redirected to %q", loc)
			}
		})
	}
}

// An unknown method on a method view is refused with the view's own
// Allow header.
func TestUnknownMethodUsesViewsAllow(t *testing.T) {
	d := kindsSite(t, false, nil)
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("BREW", "/article/1/", nil))
	if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD, OPTIONS, POST" {
		t.Errorf("BREW on a method view: %d %q, want the view's own Allow", rec.Code, rec.Header().Get("Allow"))
	}
}

// A pattern that backtracks catastrophically is stopped by its time
// limit: 503 (without the limit the match would run for minutes, and
// the test would hang, not pass), the pattern logged but never the path,
// and the next pattern is not tried.
func TestReDoSTimeout(t *testing.T) {
	conf, err := (&urlconf.Builder{MatchTimeout: 30 * time.Millisecond}).Build(urlconf.Entries(
		urlconf.RePath(`^(a+)+(?=!)b$`, "bad"), // a lookahead: only the backtracking engine runs it
		urlconf.RePath(`^(?P<rest>.*)$`, "catchall"),
	))
	if err != nil {
		t.Fatal(err)
	}
	caught := false
	reg := views.NewRegistry()
	reg.HandleFunc("bad", func(http.ResponseWriter, *http.Request) {})
	reg.HandleFunc("catchall", func(http.ResponseWriter, *http.Request) { caught = true })
	var logs bytes.Buffer
	s := prodSettings()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: slog.New(slog.NewTextHandler(&logs, nil)), SilencedChecks: []string{"hoop.W103", "hoop.W101"}})
	if err != nil {
		t.Fatal(err)
	}
	attack := "/" + strings.Repeat("a", 29) + "!"
	req := httptest.NewRequest("GET", attack, nil)
	req.Header.Set("Accept", "application/json")
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("attack: %d %q, want 503 with Retry-After", rec.Code, rec.Body.String())
	}
	if caught {
		t.Error("the next pattern was tried after the timeout")
	}
	if !strings.Contains(logs.String(), `pattern="^(a+)+(?=!)b$"`) || strings.Contains(logs.String(), "aaaaaaaaaa") {
		t.Errorf("the log must name the pattern and not the path:\n%s", logs.String())
	}
}
