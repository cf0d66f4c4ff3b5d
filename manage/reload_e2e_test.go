package manage_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hoop-go/hoop/manage"
)

// The reloading devserver, end to end, on a site that startsite writes:
// its command is built and run as a user would run it; the test edits
// the site's files and watches what the browser would see. The only
// thing it needs beyond hoop's own tests is the go command, and the
// modules hoop uses in the module cache (go mod tidy).

// needGo skips a test that runs the go command when there is none.
func needGo(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("auto-reload needs a Unix system")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: the devserver and startsite need it")
	}
	return goCmd
}

// newSite writes a site with startsite, from this hoop checkout, into a
// temporary directory, and returns its directory.
func newSite(t *testing.T, flags ...string) string {
	t.Helper()
	hoop, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "mysite")
	var stdout, stderr bytes.Buffer
	if code := manage.Run(context.Background(), manage.Site{}, append(append([]string{"startsite", "-hoop", hoop}, flags...), "mysite", dir), &stdout, &stderr); code != 0 {
		t.Fatalf("startsite: status %d\n%s%s", code, stdout.String(), stderr.String())
	}
	return dir
}

// runGo runs the go command in dir, and fails the test if it fails.
func runGo(t *testing.T, goCmd, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// lockedBuffer collects a process's output for the test to read while
// the process writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type response struct {
	status int
	ctype  string
	body   string
}

func get(client *http.Client, url, accept string) (response, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return response{}, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header.Get("Content-Type"), string(body)}, err
}

// eventually polls url until ok accepts the response, or fails the test
// after limit.
func eventually(t *testing.T, client *http.Client, url, accept, what string, ok func(response) bool) response {
	t.Helper()
	// No deadline: a state that never comes hangs the test, and go test's
	// -timeout reports it with every goroutine's stack. A build on a busy
	// machine takes what it takes.
	start := time.Now()
	for {
		last, err := get(client, url, accept)
		if err == nil && ok(last) {
			t.Logf("%s: after %s", what, time.Since(start).Round(time.Millisecond))
			return last
		}
		time.Sleep(50 * time.Millisecond) // the poll's interval, not a limit
	}
}

func TestReloadEndToEnd(t *testing.T) {
	goCmd := needGo(t)
	if testing.Short() {
		t.Skip("builds a site several times; not with -short")
	}
	start := time.Now()
	dir := newSite(t, "-tidy=false") // builds offline as written; tidy is the test below's
	bin := filepath.Join(t.TempDir(), "mysite")
	runGo(t, goCmd, dir, "build", "-o", bin, "./cmd/mysite")
	t.Logf("site written and built in %s", time.Since(start).Round(time.Millisecond))

	// The devserver, as a user starts it: from the site's directory.
	cmd := exec.Command(bin, "runserver", "-addr", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = withoutColourSettings(os.Environ())
	stdoutR, stdoutW := io.Pipe()
	var stdout, stderr lockedBuffer
	cmd.Stdout = stdoutW
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		exited <- cmd.Wait()
		close(done)
		stdoutW.Close()
	}()
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		}
		if t.Failed() {
			t.Logf("devserver's stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	})
	base := servingAt(t, stdoutR, &stdout, exited)
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	hello := base + "hello/bob/"

	// The first request waits in the socket's queue for the first build.
	if res, err := get(client, hello, ""); err != nil || res.status != 200 || res.body != "Hello, bob!" {
		t.Fatalf("first request: %d %q %v", res.status, res.body, err)
	}

	// A template: read from disk on the next request, nothing restarts.
	index := filepath.Join(dir, "templates", "index.html")
	page, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, bytes.Replace(page, []byte("<h1>"), []byte("<h1>Edited: "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, client, base, "", "the edited template", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "<h1>Edited: mysite</h1>")
	})
	waitFor(t, &stdout, "templates/index.html changed: the site reads it from disk")
	if n := strings.Count(stdout.String(), "Reloaded"); n != 0 {
		t.Errorf("a template edit restarted the site:\n%s", stdout.String())
	}

	// A view: rebuilt and restarted, and not one request fails meanwhile.
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	polled := make(chan struct{})
	answered := make(chan struct{}, 1) // a request done since the last receive
	go func() {
		defer close(polled)
		for {
			select {
			case <-stop:
				return
			default:
			}
			res, err := get(client, hello, "")
			requests.Add(1)
			select {
			case answered <- struct{}{}:
			default:
			}
			if err != nil || res.status != 200 || (res.body != "Hello, bob!" && res.body != "Howdy, bob!") {
				failures.Add(1)
				firstFailure.CompareAndSwap(nil, fmt.Sprintf("%d %q %v", res.status, res.body, err))
			}
		}
	}()
	views := filepath.Join(dir, "views.go")
	src, err := os.ReadFile(views)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(src, []byte(`"Hello, "`), []byte(`"Howdy, "`), 1)
	if err := os.WriteFile(views, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	edit := time.Now()
	eventually(t, client, hello, "", "the edited view", func(r response) bool {
		return r.status == 200 && r.body == "Howdy, bob!"
	})
	t.Logf("the edited view served %s after the edit", time.Since(edit).Round(time.Millisecond))
	waitFor(t, &stdout, "Reloaded")
	// Go on asking while the old build stops: twenty more answers.
	for range 20 {
		<-answered
	}
	close(stop)
	<-polled
	if failures.Load() != 0 {
		t.Errorf("%d of %d requests failed during the reload; the first: %v", failures.Load(), requests.Load(), firstFailure.Load())
	}
	if requests.Load() == 0 {
		t.Errorf("only %d requests during the reload", requests.Load())
	}

	// A broken build: the compiler's messages, as a page and as JSON.
	line := 1 + bytes.Count(edited[:bytes.Index(edited, []byte("views.Text("))], []byte("\n"))
	broken := bytes.Replace(edited, []byte("views.Text("), []byte("views.Textt("), 1)
	if err := os.WriteFile(views, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	res := eventually(t, client, hello, "", "the build error page", func(r response) bool {
		return r.status == 500
	})
	where := fmt.Sprintf("views.go:%d:", line)
	if !strings.HasPrefix(res.ctype, "text/html") || !strings.Contains(res.body, "Build failed") ||
		!strings.Contains(res.body, where) || !strings.Contains(res.body, "undefined: views.Textt") {
		t.Errorf("error page (%s) lacks the compiler's message at %s:\n%s", res.ctype, where, res.body)
	}
	if !strings.Contains(stderr.String(), "undefined: views.Textt") {
		t.Errorf("the terminal does not show the compiler's message:\n%s", stderr.String())
	}
	res, err = get(client, base+"anything/", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	var problem struct {
		Title  string
		Status int
		Errors []struct {
			File    string
			Line    int
			Message string
		}
	}
	if err := json.Unmarshal([]byte(res.body), &problem); err != nil || res.ctype != "application/problem+json" {
		t.Fatalf("JSON error page: %s %v\n%s", res.ctype, err, res.body)
	}
	if res.status != 500 || problem.Title != "Build failed" || len(problem.Errors) != 1 ||
		problem.Errors[0].File != "views.go" || problem.Errors[0].Line != line || !strings.Contains(problem.Errors[0].Message, "Textt") {
		t.Errorf("JSON error page: %d %+v", res.status, problem)
	}

	// Fixed: the site is back.
	if err := os.WriteFile(views, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, client, hello, "", "the site after the fix", func(r response) bool {
		return r.status == 200 && r.body == "Howdy, bob!"
	})

	// SIGTERM stops the devserver and its site, and frees the port.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the devserver exited with %v", err)
		}
	}
	client.CloseIdleConnections()
	if conn, err := net.DialTimeout("tcp", strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/"), time.Second); err == nil {
		conn.Close()
		t.Errorf("something still listens at %s after the devserver stopped", base)
	}
	// Colour is for terminals only, and the request log is one line
	// per request.
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		if strings.Contains(out, "\x1b[") {
			t.Errorf("colour on %s, which is not a terminal:\n%q", name, out)
		}
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "msg=request") && strings.Count(line, "path=") != 1 {
			t.Errorf("request log line with other than one request: %q", line)
		}
	}
	t.Logf("end to end in %s", time.Since(start).Round(time.Millisecond))

	// -noreload: a plain server, the same process.
	plain := exec.Command(bin, "runserver", "-noreload", "-addr", "127.0.0.1:0")
	plain.Dir = dir
	plainR, plainW := io.Pipe()
	var plainOut lockedBuffer
	plain.Stdout, plain.Stderr = plainW, io.Discard
	if err := plain.Start(); err != nil {
		t.Fatal(err)
	}
	plainExited := make(chan error, 1)
	go func() {
		plainExited <- plain.Wait()
		plainW.Close()
	}()
	defer plain.Process.Kill()
	base = servingAt(t, plainR, &plainOut, plainExited)
	if res, err := get(client, base+"hello/bob/", ""); err != nil || res.body != "Hello, bob!" {
		t.Errorf("-noreload: %q %v", res.body, err)
	}
	if strings.Contains(plainOut.String(), "Watching") {
		t.Errorf("-noreload watches:\n%s", plainOut.String())
	}
	_ = plain.Process.Signal(syscall.SIGTERM)
	if err := <-plainExited; err != nil {
		t.Errorf("-noreload server exited with %v", err)
	}
}

// withoutColourSettings is environ without what would turn colour off
// anyway: the test checks that a pipe gets none.
func withoutColourSettings(environ []string) []string {
	var env []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			env = append(env, kv)
		}
	}
	return env
}

// servingAt copies a server's stdout to out, and returns the address of
// its "Serving ... at http://..." line.
func servingAt(t *testing.T, stdout io.Reader, out *lockedBuffer, exited <-chan error) string {
	t.Helper()
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			fmt.Fprintln(out, sc.Text())
			if m := regexp.MustCompile(`^Serving .* at (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(sc.Text()); m != nil && !found {
				found = true
				serving <- m[1]
			}
		}
	}()
	select {
	case base := <-serving:
		return base
	case err := <-exited:
		t.Fatalf("the server exited: %v\n%s", err, out.String())
	}
	return ""
}

// waitFor waits until out contains s.
func waitFor(t *testing.T, out *lockedBuffer, s string) {
	t.Helper()
	for !strings.Contains(out.String(), s) {
		time.Sleep(20 * time.Millisecond) // the poll's interval, not a limit
	}
}

// A new site builds, and passes its own tests, as written.
func TestStartsiteBuildsAndPassesItsTests(t *testing.T) {
	goCmd := needGo(t)
	dir := newSite(t)
	for _, f := range []string{"go.mod", "go.sum", "urls.go", "views.go", "views_test.go", "settings.toml", "dev.toml",
		"templates/index.html", "static/site.css", "cmd/mysite/main.go", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("startsite did not write %s", f)
		}
	}
	runGo(t, goCmd, dir, "vet", "./...")
	runGo(t, goCmd, dir, "test", "./...")
}
