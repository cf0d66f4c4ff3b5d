package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hoop-go/hoop/internal/hardening"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// run holds one load test run.
type run struct {
	duration  time.Duration
	short     bool
	clients   int   // normal clients, each with its own connection
	attackers []int // concurrent attackers of each ReDoS phase
	failed    bool
}

func (r *run) check(ok bool, format string, args ...any) {
	mark := "ok  "
	if !ok {
		mark, r.failed = "FAIL", true
	}
	fmt.Printf("  %s %s\n", mark, fmt.Sprintf(format, args...))
}

// siteSettings are production settings with a short header timeout, so
// the slowloris phase ends soon.
func siteSettings() settings.Settings {
	s := hardening.Settings()
	s.ReadHeaderTimeout = 2 * time.Second
	return s
}

// extraEntries are 50 more patterns, a pattern that backtracks
// catastrophically, and their views.
func extraEntries() ([]urlconf.Entry, map[string]http.Handler) {
	var entries []urlconf.Entry
	for i := 0; i < 50; i++ {
		entries = append(entries, urlconf.RePath(fmt.Sprintf(`^app%d/(?P<id>[0-9]+)/(?P<slug>[-\w]+)/$`, i), "item"))
	}
	entries = append(entries, urlconf.RePath(`^redos/(a+)+(?=!)b$`, "redos"), urlconf.Path("echo/", "echo"))
	item := views.Func(func(r *http.Request) (any, error) {
		return views.Text(r.PathValue("id") + " " + r.PathValue("slug")), nil
	})
	return entries, map[string]http.Handler{"item": item, "redos": item, "echo": echoView}
}

func newSite(s settings.Settings, staticRoot string) (http.Handler, error) {
	entries, views := extraEntries()
	return hardening.New(s, staticRoot, nil, views, entries...)
}

func (r *run) all() bool {
	dir, err := os.MkdirTemp("", "hoop-loadtest")
	if err != nil {
		fmt.Println(err)
		return false
	}
	defer os.RemoveAll(dir)
	root, err := hardening.StaticTree(dir)
	if err != nil {
		fmt.Println(err)
		return false
	}
	s := siteSettings()
	site, err := newSite(s, root)
	if err != nil {
		fmt.Println(err)
		return false
	}
	srv := httptest.NewUnstartedServer(site)
	srv.Config = manage.NewServer(s, site)
	srv.Start()
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	baselineG, baselineHeap := settle()
	fmt.Printf("baseline: %d goroutines, %.1f MiB heap in use\n", baselineG, mib(baselineHeap))

	fmt.Printf("phase 1: load, %d connections, %v\n", r.clients, r.duration)
	load := r.load(addr, r.duration, nil)
	load.report(r, "load")
	g, heap := settle()
	r.check(g <= baselineG+2, "goroutines back to baseline: %d (baseline %d)", g, baselineG)
	r.check(heap <= baselineHeap*3/2+8<<20, "heap flat: %.1f MiB (baseline %.1f MiB)", mib(heap), mib(baselineHeap))

	for _, n := range r.attackers {
		fmt.Printf("phase 2: load with %d concurrent ReDoS attackers on ^redos/(a+)+(?=!)b$, %v\n", n, r.duration)
		attack := &attacker{n: n}
		withAttack := r.load(addr, r.duration, attack.run)
		withAttack.report(r, "load beside the attackers")
		attack.report(r)
		r.check(withAttack.p99 <= 3*load.p99+time.Millisecond, "other clients' p99 %v is under 3x the load phase's %v", withAttack.p99, load.p99)
	}

	fmt.Printf("phase 3: 200 slowloris connections beside the load\n")
	slow := &slowloris{n: 200, timeout: s.ReadHeaderTimeout}
	withSlow := r.load(addr, s.ReadHeaderTimeout+3*time.Second, slow.run)
	withSlow.report(r, "load beside slowloris")
	slow.report(r)
	g, _ = settle()
	r.check(g <= baselineG+2, "goroutines back to baseline after all phases: %d (baseline %d)", g, baselineG)

	fmt.Printf("phase 4: bounded bodies\n")
	r.bodies(addr)

	fmt.Printf("phase 5: SIGTERM under load\n")
	r.sigterm()
	return !r.failed
}

// settle lets the server's idle goroutines end and returns the goroutine
// count and the heap in use after a collection.
func settle() (int, uint64) {
	http.DefaultClient.CloseIdleConnections()
	var g int
	for i := 0; i < 50; i++ {
		runtime.GC()
		g = runtime.NumGoroutine()
		time.Sleep(20 * time.Millisecond)
		if runtime.NumGoroutine() == g {
			break
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return g, m.HeapInuse
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// loadResult is what the clients saw.
type loadResult struct {
	requests, fiveXX, connErrors int64
	fiveXXPaths                  map[string]int64 // which targets got them
	p50, p99, max                time.Duration
}

func (l loadResult) report(r *run, name string) {
	fmt.Printf("  %s: %d requests, p50 %v, p99 %v, max %v\n", name, l.requests, l.p50, l.p99, l.max)
	r.check(l.fiveXX == 0, "%s: %d responses with a 5xx status %v", name, l.fiveXX, l.fiveXXPaths)
	r.check(l.connErrors == 0, "%s: %d connection errors", name, l.connErrors)
}

// targets are what the load clients ask for, with the status each gets.
var targets = []struct {
	path   string
	status int
}{
	{"/", 200}, {"/articles/2024/", 200}, {"/app7/42/hello-world/", 200}, {"/app49/1/x/", 200},
	{"/static/app.css", 200}, {"/nowhere/", 404}, {"/articles/2024", 301}, {"/static/.env", 404},
}

// load runs r.clients clients against addr for d, with side running beside
// them until they stop.
func (r *run) load(addr string, d time.Duration, side func(ctx context.Context, addr string)) loadResult {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if side != nil {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); side(ctx, addr) }()
		defer wg.Wait()
	}
	tr := &http.Transport{MaxIdleConnsPerHost: r.clients, MaxConnsPerHost: r.clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	res := loadResult{fiveXXPaths: map[string]int64{}}
	var mu sync.Mutex
	var latencies []time.Duration
	var wg sync.WaitGroup
	for c := 0; c < r.clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			failed := map[string]int64{}
			for i := c; ctx.Err() == nil; i++ {
				tg := targets[i%len(targets)]
				req, _ := http.NewRequest("GET", "http://"+addr+tg.path, nil)
				req.Host = "example.com"
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						atomic.AddInt64(&res.connErrors, 1)
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(start))
				atomic.AddInt64(&res.requests, 1)
				if resp.StatusCode >= 500 {
					atomic.AddInt64(&res.fiveXX, 1)
					failed[tg.path]++
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			for p, n := range failed {
				res.fiveXXPaths[p] += n
			}
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	if n := len(latencies); n > 0 {
		res.p50, res.p99, res.max = latencies[n/2], latencies[n*99/100], latencies[n-1]
	}
	return res
}

// attacker runs n concurrent clients, each on its own connection, that
// send paths making ^redos/(a+)+(?=!)b$ backtrack for minutes (the
// look-ahead keeps it on the backtracking engine).
type attacker struct {
	n        int
	mu       sync.Mutex
	times    []time.Duration
	statuses map[int]int
}

func (a *attacker) run(ctx context.Context, addr string) {
	a.statuses = map[int]int{}
	var wg sync.WaitGroup
	for range a.n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.attack(ctx, addr)
		}()
	}
	wg.Wait()
}

func (a *attacker) attack(ctx context.Context, addr string) {
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	for ctx.Err() == nil {
		req, _ := http.NewRequest("GET", "http://"+addr+"/redos/"+strings.Repeat("a", 29)+"!", nil)
		req.Host = "example.com"
		start := time.Now()
		resp, err := client.Do(req)
		took := time.Since(start)
		a.mu.Lock()
		a.times = append(a.times, took)
		if err == nil {
			a.statuses[resp.StatusCode]++
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		} else {
			a.statuses[-1]++
		}
		a.mu.Unlock()
	}
}

func (a *attacker) report(r *run) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var worst time.Duration
	for _, t := range a.times {
		worst = max(worst, t)
	}
	fmt.Printf("  attack: %d requests, statuses %v, slowest %v\n", len(a.times), a.statuses, worst)
	r.check(len(a.times) > 0 && worst <= 250*time.Millisecond, "every attack request answered within 250 ms (slowest %v)", worst)
	r.check(a.statuses[-1] == 0, "no attack request lost its connection")
}

// slowloris holds connections that send a header line a second and never
// finish the request.
type slowloris struct {
	n       int
	timeout time.Duration
	mu      sync.Mutex
	held    []time.Duration
	open    int
}

func (s *slowloris) run(ctx context.Context, addr string) {
	var wg sync.WaitGroup
	for i := 0; i < s.n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			defer conn.Close()
			start := time.Now()
			_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: example.com\r\n")
			closed := make(chan struct{})
			go func() { _, _ = io.Copy(io.Discard, conn); close(closed) }()
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for {
				select {
				case <-closed:
					s.mu.Lock()
					s.held = append(s.held, time.Since(start))
					s.mu.Unlock()
					return
				case <-tick.C:
					_, _ = io.WriteString(conn, "X-Slow: 1\r\n")
				case <-time.After(s.timeout + 5*time.Second):
					s.mu.Lock()
					s.open++
					s.mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
}

func (s *slowloris) report(r *run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var worst time.Duration
	for _, t := range s.held {
		worst = max(worst, t)
	}
	fmt.Printf("  slowloris: %d connections closed by the server, longest held %v, %d never closed\n", len(s.held), worst, s.open)
	r.check(s.open == 0 && len(s.held) == s.n, "every slowloris connection closed by the server")
	r.check(worst <= s.timeout+time.Second, "each within ReadHeaderTimeout + 1 s (%v)", s.timeout+time.Second)
}

// sigterm starts the site in a child process, loads it, sends SIGTERM,
// and checks that no accepted request got a 5xx and that it exits 0.
func (r *run) sigterm() {
	exe, err := os.Executable()
	if err != nil {
		r.check(false, "os.Executable: %v", err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		r.check(false, "a free port: %v", err)
		return
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(exe, "-serve", addr)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		r.check(false, "starting the child: %v", err)
		return
	}
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.AfterFunc(time.Second, func() { _ = cmd.Process.Signal(syscall.SIGTERM) })
	var fiveXX, accepted int64
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for c := 0; c < 32; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			for ctx.Err() == nil {
				req, _ := http.NewRequest("GET", "http://"+addr+"/slow/", nil)
				req.Host = "example.com"
				resp, err := client.Do(req)
				if err != nil {
					time.Sleep(10 * time.Millisecond) // refused after shutdown began: expected
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				atomic.AddInt64(&accepted, 1)
				if resp.StatusCode >= 500 {
					atomic.AddInt64(&fiveXX, 1)
				}
			}
		}()
	}
	wg.Wait()
	err = cmd.Wait()
	r.check(accepted > 0 && fiveXX == 0, "accepted requests: %d, 5xx among them: %d", accepted, fiveXX)
	r.check(err == nil, "the child exited with status 0 (%v)", err)
}

// serveChild is the site of the SIGTERM phase, with a slow view so that
// requests are in flight when the signal comes.
func serveChild(addr string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	dir, err := os.MkdirTemp("", "hoop-loadtest-child")
	if err != nil {
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := hardening.StaticTree(dir)
	if err != nil {
		return 1
	}
	s := siteSettings()
	s.Addr = addr
	slow := views.Func(func(*http.Request) (any, error) {
		time.Sleep(200 * time.Millisecond)
		return views.Text("done"), nil
	})
	site, err := hardening.New(s, root, nil, map[string]http.Handler{"slow": slow}, urlconf.Path("slow/", "slow"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := manage.Serve(ctx, s, site, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
