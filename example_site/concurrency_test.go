package examplesite

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Thousands of requests from many goroutines, over real connections, with
// the race detector on in CI: every answer is the one a single request
// gets, and no goroutine is left behind.
func TestConcurrentRequests(t *testing.T) {
	s := siteSettings(false)
	s.AllowedHosts = []string{"127.0.0.1"}
	site, err := New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	before := runtime.NumGoroutine()
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	type want struct {
		method, path, body string
		status             int
		contains           string
	}
	requests := []want{
		{"GET", "/hello/José/", "", 200, "Hello, José!"},
		{"GET", "/articles/2024/", "", 200, "next year is 2025"},
		{"GET", "/blog/2003/intro/", "", 200, "Written in 2003"},
		{"GET", "/hello/bob", "", 301, ""},
		{"GET", "/nowhere/", "", 404, "not on the example site"},
		{"GET", "/assets/css/site.css", "", 200, "font-family"},
		{"POST", "/api/echo/?n=1", `{"a":1}`, 200, `"json":{"a":1}`},
		{"GET", "/kinds/members/", "", 403, "members only"},
		{"GET", "/shop/item/1/", "", 200, "teapot"},
	}
	const workers, perWorker = 64, 50
	var wg sync.WaitGroup
	errs := make(chan string, workers*perWorker)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				rq := requests[(w+i)%len(requests)]
				req, _ := http.NewRequest(rq.method, srv.URL+rq.path, strings.NewReader(rq.body))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					errs <- err.Error()
					continue
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != rq.status || !strings.Contains(string(body), rq.contains) {
					errs <- fmt.Sprintf("%s %s: %d %q", rq.method, rq.path, res.StatusCode, body)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	n := 0
	for e := range errs {
		if n++; n <= 5 {
			t.Error(e)
		}
	}
	if n > 0 {
		t.Errorf("%d of %d requests went wrong", n, workers*perWorker)
	}
	client.CloseIdleConnections()
	srv.Close()
	// The connections' goroutines end in their own time once closed: the
	// test polls for it without a deadline, and a goroutine left behind
	// hangs it, for go test's -timeout to report with every stack (the
	// leaked one's among them).
	for runtime.NumGoroutine() > before+2 {
		time.Sleep(10 * time.Millisecond) // the poll's interval, not a limit
	}
}
