package middleware

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// echoLen reads the body and answers its length, or 413 when it is over
// the limit, as views.DecodeJSON does.
var echoLen = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		http.Error(w, fmt.Sprintf("limit %d", tooBig.Limit), http.StatusRequestEntityTooLarge)
		return
	}
	fmt.Fprint(w, len(b))
})

func TestMaxBody(t *testing.T) {
	tests := []struct {
		name  string
		limit int64
		raw   string
		want  int
		body  string
	}{
		{"under", 10, post("0123456789"), 200, "10"},
		// Declared too long: refused before reading, whatever follows.
		{"over", 10, post("0123456789A"), 413, "The body is larger than 10 bytes."},
		{"over, expecting 100 Continue", 10, "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 50000000\r\n\r\n", 413, "The body is larger than 10 bytes."},
		{"declared 11 MB, 1 KB sent", 10 << 20, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11534336\r\n\r\n" + strings.Repeat("x", 1024), 413, "The body is larger than 10485760 bytes."},
		{"chunked over", 10, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n6\r\n6789AB\r\n0\r\n\r\n", 413, "limit 10\n"},
		{"no limit", 0, post(strings.Repeat("x", 1000)), 200, "1000"},
		{"negative is no limit", -1, post(strings.Repeat("x", 1000)), 200, "1000"},
		{"no body", 10, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 200, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, MaxBody(tt.limit)(echoLen))
			resp, body := rawDo(t, srv, tt.raw)
			// The first response read: a 100 Continue would come first.
			if resp.StatusCode != tt.want || !strings.Contains(body, tt.body) {
				t.Errorf("%d %q, want %d %q", resp.StatusCode, body, tt.want, tt.body)
			}
		})
	}
}

func post(body string) string {
	return fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

// MaxBody passes on the request it was given, so middleware outside it
// sees the route the mux inside sets.
func TestMaxBodyKeepsRequest(t *testing.T) {
	log, buf := textLogger()
	mux := http.NewServeMux()
	mux.Handle("POST /upload/{name}", echoLen)
	srv := serve(t, Chain(Logger(log), MaxBody(100))(mux))
	rawDo(t, srv, strings.Replace(post("abc"), "POST /", "POST /upload/f", 1))
	if !strings.Contains(buf.String(), `route="POST /upload/{name}"`) {
		t.Errorf("route not logged:\n%s", buf)
	}
}
