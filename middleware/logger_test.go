package middleware

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestLogger(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "item "+r.PathValue("id"))
	})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusServiceUnavailable)
	})
	log, buf := jsonLogger()
	srv := serve(t, Chain(RequestID(""), Logger(log))(mux))

	tests := []struct {
		raw                       string
		level, path, route, reqID string
		status                    int
		bytes                     int
	}{
		{"GET /items/7 HTTP/1.1\r\nHost: x\r\nX-Request-ID: r1\r\n\r\n", "INFO", "/items/7", "GET /items/{id}", "r1", 200, 6},
		{"GET /nothing HTTP/1.1\r\nHost: x\r\nX-Request-ID: r2\r\n\r\n", "INFO", "/nothing", "", "r2", 404, 19},
		{"GET /fail HTTP/1.1\r\nHost: x\r\nX-Request-ID: r3\r\n\r\n", "ERROR", "/fail", "GET /fail", "r3", 503, 3},
		// Control characters and a bidi override, percent-encoded in the
		// request line, decoded by net/http into the path.
		{"GET /items/a%00b%1b[31m%0d%0aINFO%20fake HTTP/1.1\r\nHost: x\r\nX-Request-ID: r4\r\n\r\n", "INFO",
			strconv.Quote("/items/a\x00b\x1b[31m\r\nINFO fake"), "GET /items/{id}", "r4", 200, 24},
		{"GET /items/%E2%80%AEgnp.exe HTTP/1.1\r\nHost: x\r\nX-Request-ID: r5\r\n\r\n", "INFO",
			`"/items/\u202egnp.exe"`, "GET /items/{id}", "r5", 200, 15},
		{"GET /items/%ff HTTP/1.1\r\nHost: x\r\nX-Request-ID: r6\r\n\r\n", "INFO",
			`"/items/\xff"`, "GET /items/{id}", "r6", 200, 6},
		{"GET /%22quoted%22 HTTP/1.1\r\nHost: x\r\nX-Request-ID: r7\r\n\r\n", "INFO",
			`/"quoted"`, "", "r7", 404, 19},
	}
	c := dial(t, srv)
	for i, tt := range tests {
		before := len(buf.lines())
		c.do(tt.raw)
		lines := buf.lines()
		if len(lines) != before+1 {
			t.Fatalf("request %d: %d log lines, want 1:\n%s", i, len(lines)-before, buf)
		}
		line := lines[len(lines)-1]
		for _, b := range []byte(line) {
			if b < 0x20 || b == 0x7f {
				t.Errorf("request %d: raw control byte %#x in %q", i, b, line)
			}
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"level": tt.level, "msg": "request", "method": "GET", "path": tt.path,
			"status": float64(tt.status), "bytes": float64(tt.bytes), "request_id": tt.reqID, "route": tt.route}
		for k, v := range want {
			if rec[k] != v {
				t.Errorf("request %d: %s = %#v, want %#v", i, k, rec[k], v)
			}
		}
		if _, ok := rec["duration"]; !ok {
			t.Errorf("request %d: no duration", i)
		}
	}
}

// slog's text handler gets the same protection.
func TestLoggerText(t *testing.T) {
	log, buf := textLogger()
	srv := serve(t, Logger(log)(ok))
	rawDo(t, srv, "GET /a%0a%1b%20b HTTP/1.1\r\nHost: x\r\n\r\n")
	lines := buf.lines()
	if len(lines) != 1 {
		t.Fatalf("%d lines:\n%s", len(lines), buf)
	}
	if !strings.Contains(lines[0], `path="\"/a\\n\\x1b b\""`) || !strings.Contains(lines[0], "level=INFO") {
		t.Errorf("line %q", lines[0])
	}
}

// A panicking handler is logged, at Error, and the panic goes on.
func TestLoggerPanic(t *testing.T) {
	log, buf := textLogger()
	srv := serve(t, Chain(Recover(log), Logger(log))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})))
	resp, _ := rawDo(t, srv, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != 500 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var request string
	for _, l := range buf.lines() {
		if strings.Contains(l, "msg=request") {
			request = l
		}
	}
	for _, want := range []string{"level=ERROR", "status=500", "panicked=true"} {
		if !strings.Contains(request, want) {
			t.Errorf("request line %q lacks %s", request, want)
		}
	}
}

// Run twice for one request, the chain logs once.
func TestLoggerNested(t *testing.T) {
	log, buf := textLogger()
	srv := serve(t, Chain(Logger(log), Logger(log))(ok))
	rawDo(t, srv, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if n := len(buf.lines()); n != 1 {
		t.Errorf("%d lines:\n%s", n, buf)
	}
}
