package manage_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A site that crashes under the devserver comes back by itself; one that
// keeps crashing shows how it exited and what it wrote.
func TestDevserverRestartsACrashedSite(t *testing.T) {
	goCmd := needGo(t)
	if testing.Short() {
		t.Skip("builds a site; not with -short")
	}
	dir := newSite(t, "-tidy=false")
	// A view that kills its process, and a start-up that exits while a
	// file says so.
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(dir, name)
		src, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s: %v, or no %q", name, err, old)
		}
		if err := os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("urls.go", `urlconf.Path("", "index", urlconf.Name("index")),`,
		`urlconf.Path("", "index", urlconf.Name("index")), urlconf.Path("crash/", "crash"),`)
	edit("views.go", `	reg.Handle("hello", views.Func(hello))`, `	reg.Handle("hello", views.Func(hello))
	reg.HandleFunc("crash", func(http.ResponseWriter, *http.Request) {
		os.Stderr.WriteString("the crash view exits now\n")
		os.Exit(3)
	})
	if _, err := os.Stat("crash-at-start"); err == nil {
		os.Stderr.WriteString("crash-at-start is there: exiting at start-up\n")
		os.Exit(4)
	}`)
	edit("views.go", `	"net/http"`, `	"net/http"
	"os"`)
	bin := filepath.Join(t.TempDir(), "mysite")
	runGo(t, goCmd, dir, "build", "-o", bin, "./cmd/mysite")

	cmd := exec.Command(bin, "runserver", "-addr", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = withoutColourSettings(os.Environ())
	stdoutR, stdoutW := io.Pipe()
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = stdoutW, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() {
		exited <- cmd.Wait()
		stdoutW.Close()
	}()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
		if t.Failed() {
			t.Logf("devserver's stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}()
	base := servingAt(t, stdoutR, &stdout, exited)
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	if res, err := get(client, base+"hello/bob/", ""); err != nil || res.status != 200 {
		t.Fatalf("first request: %d %v", res.status, err)
	}

	// One crash: the next request is served by the same build, started
	// again; it waited in the socket's queue meanwhile.
	if _, err := get(client, base+"crash/", ""); err == nil {
		t.Fatal("the crash view answered")
	}
	client.CloseIdleConnections()
	if res, err := get(client, base+"hello/bob/", ""); err != nil || res.status != 200 || res.body != "Hello, bob!" {
		t.Fatalf("after a crash: %d %q %v", res.status, res.body, err)
	}
	waitFor(t, &stderr, "The site stopped (exit status 3); restarting it.")

	// A site that keeps crashing: the page says how and shows its last
	// words, as HTML and as JSON.
	if err := os.WriteFile(filepath.Join(dir, "crash-at-start"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	get(client, base+"crash/", "")
	client.CloseIdleConnections()
	// The page may first show an earlier crash of the view (exit status
	// 3): the client retries a GET on a dead connection.
	res := eventually(t, client, base+"hello/bob/", "", "the crash page", func(r response) bool {
		return strings.Contains(r.body, "The site keeps stopping") && strings.Contains(r.body, "exit status 4")
	})
	for _, want := range []string{"exit status 4", "crash-at-start is there: exiting at start-up", "times in a row"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the crash page lacks %q:\n%s", want, res.body)
		}
	}
	if res := eventually(t, client, base, "application/json", "the crash page as JSON", func(r response) bool {
		return strings.Contains(r.body, "The site keeps stopping") && strings.Contains(r.body, "exit status 4")
	}); !strings.Contains(res.body, "crash-at-start is there") {
		t.Errorf("JSON crash page: %s", res.body)
	}

	// Fixed: the next restart serves again, with no file saved.
	if err := os.Remove(filepath.Join(dir, "crash-at-start")); err != nil {
		t.Fatal(err)
	}
	eventually(t, client, base+"hello/bob/", "", "the site after the fix", func(r response) bool {
		return r.status == 200 && r.body == "Hello, bob!"
	})
}
