package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hoop-go/hoop/views"
)

// echoView decodes a JSON body into any, as an echo API would, and
// answers how many top-level values it held.
var echoView = views.Func(func(r *http.Request) (any, error) {
	var v any
	if err := views.DecodeJSON(r, &v, 0); err != nil {
		return nil, err
	}
	n := 1
	if list, ok := v.([]any); ok {
		n = len(list)
	}
	return views.JSON(map[string]int{"values": n}), nil
})

// maximalJSON is the largest body the echo view accepts, on both of its
// bounds: an array of DefaultJSONValues-1 short strings, just under
// DefaultJSONLimit bytes.
func maximalJSON() []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range views.DefaultJSONValues - 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%07d"`, i)
	}
	b.WriteByte(']')
	if b.Len() > views.DefaultJSONLimit {
		panic("maximalJSON is over the limit")
	}
	return b.Bytes()
}

// bodies is phase 5: eight concurrent maximal JSON bodies to the echo
// view, three rounds, with the process's resident memory sampled all
// along; then bodies declared too large.
func (r *run) bodies(addr string) {
	body := maximalJSON()
	before := rss()
	peak := make(chan uint64)
	stop := make(chan struct{})
	go func() { // sample RSS until told to stop
		max := before
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				peak <- max
				return
			case <-t.C:
				if m := rss(); m > max {
					max = m
				}
			}
		}
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	var (
		mu      sync.Mutex
		slowest time.Duration
		bad     []string
	)
	for range 3 {
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", "http://"+addr+"/echo/", bytes.NewReader(body))
				req.Host = "example.com"
				req.Header.Set("Content-Type", "application/json")
				start := time.Now()
				resp, err := client.Do(req)
				took := time.Since(start)
				mu.Lock()
				defer mu.Unlock()
				slowest = max(slowest, took)
				if err != nil {
					bad = append(bad, err.Error())
					return
				}
				reply, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(reply), strconv.Itoa(views.DefaultJSONValues-1)) {
					bad = append(bad, fmt.Sprintf("%d %.100s", resp.StatusCode, reply))
				}
			}()
		}
		wg.Wait()
	}
	close(stop)
	top := <-peak
	fmt.Printf("  24 maximal JSON bodies (%d bytes, %d values), 8 at a time: slowest %v; RSS %.1f MiB before, peak %.1f MiB\n",
		len(body), views.DefaultJSONValues-1, slowest, mib(before), mib(top))
	r.check(len(bad) == 0, "every maximal body answered 200 (%d failures %v)", len(bad), bad)
	r.check(slowest < time.Second, "each answered within a second (slowest %v)", slowest)
	r.check(top-before < 100<<20, "RSS growth under 100 MiB: %.1f MiB", mib(top-before))

	for _, tc := range []struct {
		name, head string
		sent       int
	}{
		{"50 MB declared with Expect: 100-continue", "Content-Length: 52428800\r\nExpect: 100-continue\r\n", 0},
		{"11 MB declared, 1 KB sent", "Content-Length: 11534336\r\n", 1024},
	} {
		status, took, err := rawPost(addr, tc.head, tc.sent)
		r.check(err == nil && status == 413 && took < time.Second, "%s: first response %d after %v (%v), no 100 Continue", tc.name, status, took.Round(time.Millisecond), err)
	}
}

// rawPost sends a POST to /echo/ with extra headers and sent bytes of
// body, and returns the status of the first response.
func rawPost(addr, head string, sent int) (int, time.Duration, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	start := time.Now()
	_ = c.SetDeadline(start.Add(10 * time.Second))
	req := "POST /echo/ HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n" + head + "\r\n" + strings.Repeat("1", sent)
	if _, err := io.WriteString(c, req); err != nil {
		return 0, 0, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, time.Since(start), err
	}
	resp.Body.Close()
	return resp.StatusCode, time.Since(start), nil
}

// rss is the process's resident set size, from /proc (Linux).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
