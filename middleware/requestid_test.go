package middleware

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestRequestID(t *testing.T) {
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	long64 := strings.Repeat("a", 64)
	tests := []struct {
		name, header, incoming string
		keep                   bool
	}{
		{"none", "", "", false},
		{"kept", "", "abc-123_X.y", true},
		{"64 chars kept", "", long64, true},
		{"65 chars replaced", "", long64 + "a", false},
		{"space replaced", "", "a b", false},
		{"quote replaced", "", `a"b`, false},
		{"slash replaced", "", "a/b", false},
		{"non-ASCII replaced", "", "é", false},
		{"tab replaced", "", "a\tb", false},
		{"custom header", "X-Correlation-Id", "corr-1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.header
			if name == "" {
				name = "X-Request-ID"
			}
			var seen string
			h := RequestID(tt.header)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = RequestIDOf(r.Context())
				io.WriteString(w, seen)
			}))
			srv := serve(t, h)
			raw := "GET / HTTP/1.1\r\nHost: example.com\r\n"
			if tt.incoming != "" {
				raw += name + ": " + tt.incoming + "\r\n"
			}
			resp, body := rawDo(t, srv, raw+"\r\n")
			got := resp.Header.Get(name)
			if got != seen || body != seen {
				t.Fatalf("response header %q, context %q, body %q: want all equal", got, seen, body)
			}
			if tt.keep {
				if got != tt.incoming {
					t.Errorf("ID %q, want the incoming %q", got, tt.incoming)
				}
			} else if !generated.MatchString(got) {
				t.Errorf("ID %q is not 32 hex digits", got)
			}
		})
	}
}

func TestRequestIDUnique(t *testing.T) {
	srv := serve(t, RequestID("")(ok))
	seen := map[string]bool{}
	c := dial(t, srv)
	for range 20 {
		resp, _ := c.do("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
		id := resp.Header.Get("X-Request-ID")
		if seen[id] {
			t.Fatalf("ID %q given twice", id)
		}
		seen[id] = true
	}
}

// Run twice for one request (the dispatcher's error handlers with
// Options.Middleware), the chain keeps the first ID.
func TestRequestIDNested(t *testing.T) {
	var inner string
	h := RequestID("")(RequestID("")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner = RequestIDOf(r.Context())
	})))
	srv := serve(t, h)
	resp, _ := rawDo(t, srv, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
	if got := resp.Header.Get("X-Request-ID"); got != inner || got == "" {
		t.Errorf("response ID %q, context ID %q", got, inner)
	}
	if RequestIDOf(t.Context()) != "" {
		t.Error("RequestIDOf of a context without one is not empty")
	}
}
