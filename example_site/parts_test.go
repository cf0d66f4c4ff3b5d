package examplesite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The mounted ServeMux and the API part, over TCP: the mux routes what
// is under /mounted/ without the prefix; the API answers its errors as
// JSON, whatever the client accepts, and is readable from any origin.
func TestMountedAndAPI(t *testing.T) {
	for _, debug := range []bool{false, true} {
		site, err := New(siteSettings(debug), nil)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(site)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		tests := []struct {
			method, path, body string
			status             int
			contentType, cors  string
			want               string // in the body, or the Location
		}{
			{"GET", "/mounted/ping", "", 200, "text/plain", "", "pong"},
			{"GET", "/mounted/", "", 200, "text/html", "", "It saw the path <code>/</code>; the client sent <code>/mounted/</code>"},
			{"GET", "/mounted/", "", 200, "text/html", "", `<a href="/mounted/ping">`},
			{"GET", "/mounted", "", 301, "", "", "/mounted/"},
			{"GET", "/mounted/nope", "", 404, "text/plain", "", "404 page not found"},
			{"GET", "/api/echo/?q=1", "", 200, "application/json", "*", `"query":{"q":["1"]}`},
			{"POST", "/api/echo/", `{"a":`, 400, "application/problem+json", "*", `"status":400`},
			{"GET", "/api/nowhere/", "", 404, "application/problem+json", "*", `"status":404`},
			{"GET", "/nowhere/", "", 404, "text/html", "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
				req.Host = "example.com"
				req.Header.Set("Accept", "text/html")
				if tt.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				res, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != tt.status {
					t.Errorf("debug %v: status %d, want %d: %s", debug, res.StatusCode, tt.status, body)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
					t.Errorf("debug %v: Content-Type %q, want %q", debug, ct, tt.contentType)
				}
				if cors := res.Header.Get("Access-Control-Allow-Origin"); cors != tt.cors {
					t.Errorf("debug %v: Access-Control-Allow-Origin %q, want %q", debug, cors, tt.cors)
				}
				if got := string(body) + res.Header.Get("Location"); !strings.Contains(got, tt.want) {
					t.Errorf("debug %v: got %q, want it to contain %q", debug, got, tt.want)
				}
			})
		}
		srv.Close()
	}
}
