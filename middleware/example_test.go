package middleware_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
)

// exampleLogger logs to stdout without the time and duration, so that
// the examples' output is stable.
func exampleLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" || a.Key == "stack" {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func hello(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") }

func ExampleChain() {
	tag := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("X-Order", name)
				next.ServeHTTP(w, r)
			})
		}
	}
	h := middleware.Chain(tag("outer"), tag("inner"))(http.HandlerFunc(hello))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Header().Values("X-Order"))
	// Output: [outer inner]
}

// The standard stack around a site's handler (a dispatcher, usually).
func ExampleDefaults() {
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	site := middleware.Chain(middleware.Defaults(s, exampleLogger())...)(http.HandlerFunc(hello))

	for _, host := range []string{"example.com", "evil.com"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		req.Header.Set("X-Request-ID", "req-"+strings.Split(host, ".")[0])
		site.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("X-Frame-Options"))
	}
	// Output:
	// level=INFO msg=request method=GET path=/ route="" view="" status=200 bytes=5 request_id=req-example client_ip=192.0.2.1
	// 200 DENY
	// level=WARN msg="disallowed host" host="\"evil.com\"" method=GET path=/ request_id=req-evil
	// level=INFO msg=request method=GET path=/ route="" view="" status=400 bytes=225 request_id=req-evil client_ip=192.0.2.1
	// 400
}

func ExampleRequestID() {
	var seen string
	h := middleware.RequestID("")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = middleware.RequestIDOf(r.Context()) // for logs, and calls to other services
	}))
	for _, incoming := range []string{"from-the-proxy.1", "not safe: <script>"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-ID", incoming)
		h.ServeHTTP(rec, req)
		id := rec.Header().Get("X-Request-ID")
		fmt.Println(id == seen, id == incoming, len(id))
	}
	// Output:
	// true true 16
	// true false 32
}

func ExampleLogger() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /articles/{year}/", hello)
	h := middleware.Chain(middleware.RequestID(""), middleware.Logger(exampleLogger()))(mux)

	req := httptest.NewRequest("GET", "/articles/2024/", nil)
	req.Header.Set("X-Request-ID", "r-1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	req = httptest.NewRequest("GET", "/x%1b[2J%0a", nil)
	req.Header.Set("X-Request-ID", "r-2")
	h.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// level=INFO msg=request method=GET path=/articles/2024/ route="GET /articles/{year}/" view="" status=200 bytes=5 request_id=r-1 client_ip=192.0.2.1
	// level=INFO msg=request method=GET path="\"/x\\x1b[2J\\n\"" route="" view="" status=404 bytes=19 request_id=r-2 client_ip=192.0.2.1
}

func ExampleRecover() {
	h := middleware.Recover(exampleLogger())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]int
		m["x"] = 1 // a bug
	}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/json")
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// level=ERROR msg=panic method=GET path=/ request_id="" panic="assignment to entry in nil map"
	// 500 {"detail":"The server failed to answer this request.","status":500,"title":"Internal Server Error","type":"about:blank"}
}

func ExampleAllowedHosts() {
	s := settings.Default()
	s.Debug = true // and no AllowedHosts: Django's development hosts
	h := middleware.AllowedHosts(s.EffectiveAllowedHosts())(http.HandlerFunc(hello))
	for _, host := range []string{"localhost:8000", "[::1]:8000", "127.0.0.1", "example.com", "localhost:99999"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		fmt.Println(host, rec.Code)
	}
	// Output:
	// localhost:8000 200
	// [::1]:8000 200
	// 127.0.0.1 200
	// example.com 400
	// localhost:99999 400
}

func ExampleSecurityHeaders() {
	h := middleware.SecurityHeaders(middleware.SecurityOptions{
		HSTSMaxAge:            365 * 24 * time.Hour,
		ContentSecurityPolicy: "default-src 'self'",
	})(http.HandlerFunc(hello))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "https://example.com/", nil)) // HSTS goes over HTTPS only
	for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
		"Cross-Origin-Opener-Policy", "Strict-Transport-Security", "Content-Security-Policy"} {
		fmt.Printf("%s: %s\n", k, rec.Header().Get(k))
	}
	// Output:
	// X-Content-Type-Options: nosniff
	// Referrer-Policy: same-origin
	// X-Frame-Options: DENY
	// Cross-Origin-Opener-Policy: same-origin
	// Strict-Transport-Security: max-age=31536000
	// Content-Security-Policy: default-src 'self'
}

func ExampleMaxBody() {
	h := middleware.MaxBody(8)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, "read it")
	}))
	for _, body := range []string{"small", "much too large"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(body)))
		fmt.Println(rec.Code)
	}
	// Output:
	// 200
	// 413
}

func ExampleCrossOrigin() {
	h := middleware.CrossOrigin("https://app.example.com")(http.HandlerFunc(hello))
	for _, c := range []struct{ method, site, origin string }{
		{"POST", "same-origin", ""},
		{"POST", "cross-site", ""},
		{"GET", "cross-site", ""},
		{"POST", "cross-site", "https://app.example.com"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(c.method, "/", nil)
		req.Header.Set("Sec-Fetch-Site", c.site)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		h.ServeHTTP(rec, req)
		fmt.Println(c.method, c.site, c.origin, rec.Code)
	}
	// Output:
	// POST same-origin  200
	// POST cross-site  403
	// GET cross-site  200
	// POST cross-site https://app.example.com 200
}
