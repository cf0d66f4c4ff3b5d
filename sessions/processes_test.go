package sessions_test

// Tests with real processes: the example site built into a binary
// (internal/testsite), run twice behind a real nginx sharing sessions in
// Redis and then PostgreSQL (the scale-out test), and run with a Redis
// server that the test stops and starts again (the fault test).

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var (
	siteBinary struct {
		once sync.Once
		dir  string
		path string
		err  error
	}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if siteBinary.dir != "" {
		os.RemoveAll(siteBinary.dir)
	}
	os.Exit(code)
}

// buildSite builds internal/testsite once per test run, with the race
// detector when the tests have it (the packages are then in the build
// cache already, and a race in the site fails its process).
func buildSite(t *testing.T) string {
	t.Helper()
	siteBinary.once.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			siteBinary.err = fmt.Errorf("the go command is needed to build the test site: %w", err)
			return
		}
		siteBinary.dir, err = os.MkdirTemp("", "hoop-testsite")
		if err != nil {
			siteBinary.err = err
			return
		}
		siteBinary.path = filepath.Join(siteBinary.dir, "testsite")
		args := []string{"build", "-trimpath", "-o", siteBinary.path} // as docs/DEPLOYMENT.md builds a site
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command(goCmd, append(args, "./internal/testsite")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			siteBinary.err = fmt.Errorf("go build ./internal/testsite: %v\n%s", err, out)
		}
	})
	if siteBinary.err != nil {
		t.Fatal(siteBinary.err)
	}
	return siteBinary.path
}

// lookTool finds a server binary: skipped without it, failed under CI.
func lookTool(t *testing.T, name string, also ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range also {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, and CI=true: .ci/run installs it", name)
	}
	t.Skipf("%s is not installed: skipping (apt-get install %s)", name, name)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitListening waits until something accepts connections at addr, the
// address p listens on once it is ready, or fails the test if p exits
// first. It polls without a deadline: a server that never listens hangs
// the test, and go test's -timeout reports it with every stack.
func waitListening(t *testing.T, p *process, addr string) {
	t.Helper()
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-p.exited:
			t.Fatalf("%s exited before it listened at %s: %v\n%s", p.name, addr, p.err, p.out.String())
		case <-time.After(20 * time.Millisecond): // the poll's interval, not a limit
		}
	}
}

// process is a server the test started, with its output kept for the
// failure message, and whether it exited.
type process struct {
	name   string
	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{}
	err    error // once exited
}

func startProcess(t *testing.T, name string, cmd *exec.Cmd) *process {
	t.Helper()
	p := &process{name: name, cmd: cmd, out: &syncBuffer{}, exited: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = p.out
	}
	cmd.Stderr = p.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("output of %s:\n%s", name, p.out.String())
		}
	})
	return p
}

func (p *process) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// stop ends the process gracefully (SIGTERM) and waits until it has:
// every server here stops on SIGTERM, however long a busy machine takes.
func (p *process) stop() {
	if !p.alive() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.exited
}

// startSite runs the test site with env over the process environment,
// and returns its address once it listens.
func startSite(t *testing.T, bin, instance string, env ...string) (*process, string) {
	t.Helper()
	cmd := exec.Command(bin, "-instance", instance)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := startProcess(t, "site "+instance, cmd)
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				addr <- a
			}
			fmt.Fprintln(p.out, sc.Text())
		}
	}()
	select {
	case a := <-addr:
		return p, a
	case <-p.exited:
		t.Fatalf("site %s exited: %v\n%s", instance, p.err, p.out.String())
	}
	return nil, ""
}

// proxyAddr is the address nginx connects to the sites from
// (deploy/nginx.conf's proxy_bind): a loopback address of its own, so
// that the sites can trust it (trusted_proxies, as deploy/site@.service
// sets it) and not the clients, which come from 127.0.0.1.
const proxyAddr = "127.0.0.2"

// deployedLocation is the "location /" block of deploy/nginx.conf, the
// file docs/DEPLOYMENT.md installs: the test runs the documented proxy
// settings, not a copy of them.
func deployedLocation(t *testing.T) string {
	t.Helper()
	conf, err := os.ReadFile(filepath.Join("..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(conf)
	start := strings.Index(text, "    location / {")
	end := strings.Index(text[start:], "\n    }\n")
	if start < 0 || end < 0 {
		t.Fatalf("deploy/nginx.conf has no \"location / { ... }\" block")
	}
	block := text[start : start+end+len("\n    }")]
	if !strings.Contains(block, "proxy_bind "+proxyAddr+";") {
		t.Fatalf("deploy/nginx.conf's location block does not bind to %s:\n%s", proxyAddr, block)
	}
	return block
}

// startNginx runs nginx in front of upstreams, round robin, with its own
// configuration, pid file, logs and temporary files in a fresh
// directory, on a loopback port; it returns the front's URL. Its
// location block is deploy/nginx.conf's.
func startNginx(t *testing.T, bin string, upstreams ...string) string {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	var servers strings.Builder
	for _, u := range upstreams {
		fmt.Fprintf(&servers, "    server %s;\n", u)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root root;" // workers need the test's private directory
	}
	conf := fmt.Sprintf(`%[1]s
daemon off;
master_process on;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %[2]s/client_body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  upstream hoop {
%[3]s    keepalive 8;
  }
  server {
    listen 127.0.0.1:%[4]d;
%[5]s
  }
}
`, user, dir, servers.String(), port, deployedLocation(t))
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startProcess(t, "nginx", exec.Command(bin, "-p", dir, "-c", path, "-e", filepath.Join(dir, "error.log")))
	t.Cleanup(func() {
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx error.log:\n%s", log)
		}
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	waitListening(t, p, addr)
	return "http://" + addr
}

var visitsRE = regexp.MustCompile(`id="visits">(\d+)<`)

type visit struct {
	status   int
	visits   int // from the counter page, 0 if none
	instance string
	retry    string
	err      error
}

func getPage(client *http.Client, url string) visit {
	resp, err := client.Get(url)
	if err != nil {
		return visit{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	v := visit{status: resp.StatusCode, instance: resp.Header.Get("X-Hoop-Instance"), retry: resp.Header.Get("Retry-After"), err: err}
	if m := visitsRE.FindSubmatch(body); m != nil {
		v.visits, _ = strconv.Atoi(string(m[1]))
	}
	return v
}

func newJarClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// Two instances of the site behind nginx share sessions in Redis, then
// in PostgreSQL: 1,000 visits to the counter with one cookie jar count
// exactly 1,000, served by both instances.
func TestScaleOutBehindNginx(t *testing.T) {
	nginx := lookTool(t, "nginx", "/usr/sbin/nginx")
	for _, tc := range []struct{ store, env, what string }{
		{"redis", "TEST_REDIS_URL", "Redis"},
		{"postgres", "TEST_POSTGRES_URL", "PostgreSQL"},
	} {
		t.Run(tc.store, func(t *testing.T) {
			u := envURL(t, tc.env, tc.what)
			if tc.store == "postgres" {
				preparePostgres(t, u)
			}
			bin := buildSite(t)
			// As deploy/site@.service and deploy/site.env set them, with
			// a store timeout of an hour: no visit may fail because a busy
			// machine slowed a store call down.
			env := []string{"HOOP_SESSION_STORE=" + tc.store, "HOOP_SESSION_URL=" + u, "HOOP_TRUSTED_PROXIES=" + proxyAddr, "HOOP_LOG_FORMAT=json",
				"HOOP_SESSION_STORE_TIMEOUT=1h"}
			metricsA, metricsB := fmt.Sprintf("127.0.0.1:%d", freePort(t)), fmt.Sprintf("127.0.0.1:%d", freePort(t))
			_, a := startSite(t, bin, "a", append(env, "HOOP_METRICS_ADDR="+metricsA)...)
			_, b := startSite(t, bin, "b", append(env, "HOOP_METRICS_ADDR="+metricsB)...)
			front := startNginx(t, nginx, a, b)

			client := newJarClient()
			served := map[string]int{}
			const n = 1000
			for i := 1; i <= n; i++ {
				v := getPage(client, front+"/sessions/counter/")
				if v.err != nil || v.status != 200 || v.visits != i {
					t.Fatalf("visit %d: status %d, count %d, error %v; want 200 and count %d", i, v.status, v.visits, v.err, i)
				}
				served[v.instance]++
			}
			if served["a"] == 0 || served["b"] == 0 || served["a"]+served["b"] != n {
				t.Errorf("requests served per instance: %v; want both, %d in all", served, n)
			}
			t.Logf("%s: %d visits counted, served by instance a %d times, b %d times", tc.store, n, served["a"], served["b"])
			checkClientBehindNginx(t, front, "http://"+a)
			checkProbesAndMetrics(t, a, metricsA, served["a"])
			checkProbesAndMetrics(t, b, metricsB, served["b"])
		})
	}
}

// checkProbesAndMetrics: an instance answers its probes at its own
// address (which allowed_hosts does not list), ready with its store up;
// its metrics, on their own address, count the visits it served.
func checkProbesAndMetrics(t *testing.T, instance, metricsAddr string, served int) {
	t.Helper()
	for _, probe := range []struct{ path, body string }{{"/healthz", "ok\n"}, {"/readyz", "ready\n"}} {
		v := getBody(t, "http://"+instance+probe.path)
		if v.status != 200 || v.body != probe.body {
			t.Errorf("%s%s: %d %q, want 200 %q", instance, probe.path, v.status, v.body, probe.body)
		}
	}
	if v := getBody(t, "http://"+instance+"/metrics"); v.status != 404 {
		t.Errorf("%s/metrics: %d, want 404: metrics are served apart from the site", instance, v.status)
	}
	v := getBody(t, "http://"+metricsAddr+"/metrics")
	if v.status != 200 {
		t.Fatalf("metrics at %s: %d", metricsAddr, v.status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(v.body))
	if err != nil {
		t.Fatalf("the scrape of %s does not parse: %v", metricsAddr, err)
	}
	counted := 0.0
	for _, m := range families["hoop_requests_total"].GetMetric() {
		labels := map[string]string{}
		for _, lp := range m.GetLabel() {
			labels[lp.GetName()] = lp.GetValue()
		}
		if labels["route"] == "sessions/counter/" && labels["code"] == "2xx" {
			counted += m.GetCounter().GetValue()
		}
	}
	if int(counted) != served {
		t.Errorf("metrics at %s count %v visits of sessions/counter/, the instance served %d", metricsAddr, counted, served)
	}
}

type page struct {
	status int
	body   string
}

func getBody(t *testing.T, url string) page {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, string(body)}
}

// checkClientBehindNginx: through nginx, the site sees the client that
// connected to nginx, whatever X-Forwarded-For the client sent; straight
// to an instance, the same spoofed headers are ignored.
func checkClientBehindNginx(t *testing.T, front, direct string) {
	t.Helper()
	for _, tc := range []struct{ base, want string }{
		{front, "ip=127.0.0.1 secure=false url=http://127.0.0.1/client/"}, // nginx's $host has no port
		{direct, "ip=127.0.0.1 secure=false url=" + direct + "/client/"},
	} {
		req, _ := http.NewRequest("GET", tc.base+"/client/", nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-Host", "localhost")
		req.Header.Set("Forwarded", "for=203.0.113.9;proto=https;host=localhost")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(body)); resp.StatusCode != 200 || got != tc.want {
			t.Errorf("%s/client/ with spoofed headers: %d %q, want %q", tc.base, resp.StatusCode, got, tc.want)
		}
	}
}

// startRedis runs a redis-server on port with its data (an append-only
// file, synced at every write) in dir.
func startRedis(t *testing.T, bin string, port int, dir string) *process {
	t.Helper()
	p := startProcess(t, "redis-server", exec.Command(bin,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no"))
	waitListening(t, p, fmt.Sprintf("127.0.0.1:%d", port))
	return p
}

// The Redis server stops in the middle of a run of requests, then starts
// again: pages without sessions answer 200 throughout, the counter 503
// (with Retry-After) during the outage and 200 after, with the count
// going on, and the site never crashes. The outage is a stopped server,
// whose connections are refused at once: the store timeout is an hour,
// so that no 503 comes from a busy machine's pause.
func TestRedisOutage(t *testing.T) {
	redisBin := lookTool(t, "redis-server", "/usr/bin/redis-server")
	bin := buildSite(t)
	port := freePort(t)
	dir := t.TempDir()
	rs := startRedis(t, redisBin, port, dir)
	site, addr := startSite(t, bin, "solo",
		"HOOP_SESSION_STORE=redis", fmt.Sprintf("HOOP_SESSION_URL=redis://127.0.0.1:%d/0", port),
		"HOOP_SESSION_STORE_TIMEOUT=1h")
	base := "http://" + addr

	var (
		mu       sync.Mutex
		phase    = "before" // before, outage, after
		visits   = map[string][]visit{}
		plain    []visit
		progress = make(chan struct{}, 1) // a visit was recorded
		stopRun  = make(chan struct{})
		runDone  = make(chan struct{})
	)
	client := newJarClient()
	// One client, one request at a time, so that every count is exact.
	go func() {
		defer close(runDone)
		for {
			select {
			case <-stopRun:
				return
			default:
			}
			v := getPage(client, base+"/sessions/counter/")
			p := getPage(client, base+"/") // with the session cookie
			mu.Lock()
			visits[phase] = append(visits[phase], v)
			plain = append(plain, p)
			mu.Unlock()
			select {
			case progress <- struct{}{}:
			default:
			}
		}
	}()
	// waitFor waits until the run of requests has seen what ok says,
	// checking after each visit; a run that never does hangs the test,
	// and go test's -timeout reports it with every stack.
	waitFor := func(ok func() bool) {
		t.Helper()
		for {
			mu.Lock()
			done := ok()
			mu.Unlock()
			if done {
				return
			}
			select {
			case <-progress:
			case <-site.exited:
				t.Fatalf("the site exited: %v\n%s", site.err, site.out.String())
			}
		}
	}
	count := func(vs []visit, status int) int {
		n := 0
		for _, v := range vs {
			if v.status == status {
				n++
			}
		}
		return n
	}

	waitFor(func() bool { return count(visits["before"], 200) >= 20 }) // 20 counted visits
	mu.Lock()
	phase = "outage"
	mu.Unlock()
	rs.stop()
	waitFor(func() bool { return count(visits["outage"], 503) >= 10 }) // 10 answers of 503 during the outage
	startRedis(t, redisBin, port, dir)
	mu.Lock()
	phase = "after"
	mu.Unlock()
	waitFor(func() bool { return count(visits["after"], 200) >= 20 }) // 20 counted visits after the outage
	close(stopRun)
	<-runDone

	mu.Lock()
	defer mu.Unlock()
	for _, p := range plain {
		if p.err != nil || p.status != 200 {
			t.Fatalf("a page without sessions answered %d (error %v) during the run", p.status, p.err)
		}
	}
	last := 0
	for _, ph := range []string{"before", "outage", "after"} {
		for _, v := range visits[ph] {
			switch {
			case v.err != nil:
				t.Fatalf("%s: the counter failed: %v", ph, v.err)
			case v.status == 503:
				if v.retry == "" {
					t.Errorf("%s: a 503 without Retry-After", ph)
				}
				if ph == "before" {
					t.Errorf("a 503 before the outage")
				}
			case v.status == 200:
				if v.visits <= last {
					t.Fatalf("%s: the count went from %d to %d", ph, last, v.visits)
				}
				last = v.visits
			default:
				t.Fatalf("%s: the counter answered %d", ph, v.status)
			}
		}
	}
	t.Logf("counter: before %d×200; outage %d×503, %d×200 (in flight); after %d×503, %d×200; final count %d; plain pages %d×200",
		count(visits["before"], 200), count(visits["outage"], 503), count(visits["outage"], 200),
		count(visits["after"], 503), count(visits["after"], 200), last, len(plain))
	if !site.alive() {
		t.Fatalf("the site exited: %v", site.err)
	}
	if out := site.out.String(); strings.Contains(out, "panic") || strings.Contains(out, "DATA RACE") {
		t.Errorf("the site's output:\n%s", out)
	}

}
