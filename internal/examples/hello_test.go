package examples

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// root is the module's root, from this package's directory.
const root = "../.."

// The README opens with _examples/hello/main.go, as it is.
func TestREADMEOpensWithHello(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	main, err := os.ReadFile(filepath.Join(root, "_examples", "hello", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("the README has no Go code block")
	}
	if string(block[1]) != string(main) {
		t.Errorf("the README's first Go block is not _examples/hello/main.go:\n%s", block[1])
	}
	if n := strings.Count(string(main), "\n"); n > 25 {
		t.Errorf("_examples/hello/main.go has %d lines; the README promises at most 25", n)
	}
}

// hello builds and serves: its own pages, the standard middleware, and
// the site command's tools.
func TestHelloServes(t *testing.T) {
	bin := build(t, "hello")
	if out, err := exec.Command(bin, "urls").CombinedOutput(); err != nil || !strings.Contains(string(out), "hello/<name>/") {
		t.Errorf("hello urls: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "runserver", "-noreload", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := false
	t.Cleanup(func() {
		if !exited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	// The first line names the address once the socket listens.
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr := regexp.MustCompile(`http://([0-9.:]+)/`).FindStringSubmatch(line)
	if err != nil || addr == nil {
		t.Fatalf("hello said %q (%v), not where it serves", line, err)
	}
	base := "http://" + addr[1]
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	cases := []struct {
		path, location, body string
		status               int
	}{
		{"/hello/ana/", "", "Hello, ana!\n", 200},
		{"/", "/hello/world/", "", 302},
		{"/hello/ana", "/hello/ana/", "", 301}, // APPEND_SLASH
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			res, err := client.Get(base + c.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status || res.Header.Get("Location") != c.location || string(body) != c.body {
				t.Errorf("GET %s: %d %q %q, want %d %q %q", c.path, res.StatusCode, res.Header.Get("Location"), body, c.status, c.location, c.body)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("GET %s: no security headers: the standard middleware is missing", c.path)
			}
		})
	}

	if runtime.GOOS != "windows" {
		cmd.Process.Signal(os.Interrupt)
		exited = true
		if err := cmd.Wait(); err != nil {
			t.Errorf("hello did not stop cleanly on SIGINT: %v", err)
		}
	}
}

// build builds _examples/name into a temporary directory.
func build(t *testing.T, name string) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: this test builds the example")
	}
	bin := filepath.Join(t.TempDir(), name)
	cmd := exec.Command(goCmd, "build", "-o", bin, "./_examples/"+name)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./_examples/%s: %v\n%s", name, err, out)
	}
	return bin
}
