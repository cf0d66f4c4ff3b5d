package django

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hoop-go/hoop/internal/tempmod"
	"github.com/hoop-go/hoop/manage"
)

// portedGo is the developer's first port: blog.views.year_archive,
// rewritten in Go. Every other view stays Django's, behind the proxy.
const portedGo = `package djsite

import (
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func registerPorted(reg *views.Registry) {
	reg.Handle("blog.views.year_archive", views.Func(func(r *http.Request) (any, error) {
		m := views.MatchOf(r)
		return views.JSON(map[string]any{"view": "blog.views.year_archive", "year": m.Kwargs["year"], "namespace": m.Namespace, "from": "go"}), nil
	}))
}

var portedConverters = map[string]urlconf.Converter{}
`

// TestMoveDjangoSite moves testdata/djsite, a real Django project, to
// hoop as the guide (docs/FROM-DJANGO.md) says: Debian's Django exports
// it, import-django writes the Go package into a module of its own, the
// generated tests replay Django's answers, and the generated site's
// command serves it over TCP: the view ported to Go answers from Go, and
// the others from Django, through the proxy.
func TestMoveDjangoSite(t *testing.T) {
	python, version := djangoPython(t)
	project, err := filepath.Abs(filepath.Join("testdata", "djsite"))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()

	// 1. Export, with Django itself.
	export := filepath.Join(work, "site.json")
	if out, err := pythonCmd(t, python, project, "manage.py", "hoop_export", "-o", export).CombinedOutput(); err != nil {
		t.Fatalf("hoop_export under Django %s: %v\n%s", version, err, out)
	}

	// 2. Import into a module that requires this hoop.
	mod := filepath.Join(work, "moved")
	if err := os.Mkdir(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	tempmod.New(t, mod, "example.com/moved")
	var stdout, stderr strings.Builder
	if code := manage.Run(context.Background(), manage.Site{}, []string{"import-django", "-o", filepath.Join(mod, "djsite"), export}, &stdout, &stderr); code != 0 {
		t.Fatalf("import-django: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	t.Logf("import-django:\n%s", stdout.String())

	// 3. The generated tests: Django's answers, replayed against hoop,
	// before and after the first port.
	out := tempmod.Go(t, mod, "test", "-count=1", "./...")
	t.Logf("generated tests, as imported:\n%s", out)
	if err := os.WriteFile(filepath.Join(mod, "djsite", "ported.go"), []byte(portedGo), 0o644); err != nil {
		t.Fatal(err)
	}
	tempmod.Go(t, mod, "vet", "./...")
	out = tempmod.Go(t, mod, "test", "-count=1", "-v", "./...")
	if n := strings.Count(out, "--- PASS: TestDjango"); n < 100 {
		t.Errorf("only %d of Django's cases passed:\n%s", n, out)
	}

	// 4. Serve: Django on a loopback port, the hoop site in front of it.
	django := start(t, project, "django", nil, python, "serve.py")
	bin := filepath.Join(work, "djsite-server")
	tempmod.Go(t, mod, "build", "-o", bin, "./djsite/cmd/djsite")
	// The proxy's limits are an hour, so that only Django's answers,
	// not how busy the machine is, decide the cases below.
	hoop := start(t, mod, "hoop", []string{"HOOP_PROXY_UPSTREAM=" + strings.TrimSuffix(django, "/"),
		"HOOP_PROXY_DIAL_TIMEOUT=1h", "HOOP_PROXY_RESPONSE_TIMEOUT=1h"}, bin, "runserver", "-noreload", "-addr", "127.0.0.1:0")
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		location                 string
		want                     []string // in the body
	}{
		{name: "proxied: path, query, typed kwargs", method: "GET", path: "/blog/2024/hello-world/?q=hoop", status: 200,
			want: []string{`"view": "blog.views.post_detail"`, `"year": 2024`, `"slug": "hello-world"`, `"query": "hoop"`}},
		{name: "ported: answers from Go", method: "GET", path: "/blog/2024/", status: 200,
			want: []string{`"from":"go"`, `"year":2024`, `"namespace":"blog"`}},
		{name: "ported view, second instance of the app", method: "GET", path: "/news/0042/", status: 200,
			want: []string{`"from":"go"`, `"year":42`, `"namespace":"news"`}},
		{name: "proxied: class-based view, POST body", method: "POST", path: "/shop/fr/cart/", body: "sku=42", status: 200,
			want: []string{`"view": "shop.views.CartView"`, `"region": "fr"`, `"added": "sku=42"`}},
		{name: "proxied: format suffix", method: "GET", path: "/shop/fr/api/products/7.json", status: 200,
			want: []string{`"view": "shop.views.product_detail"`, `"pk": "7"`, `"format": "json"`}},
		{name: "proxied: i18n_patterns, default language", method: "GET", path: "/en/pages/about/", status: 200,
			want: []string{"django: page about in en"}},
		{name: "proxied: default kwargs", method: "GET", path: "/news/feed/", status: 200, want: []string{"django: rss feed"}},
		{name: "proxied: i18n_patterns, French", method: "GET", path: "/fr/pages/about/", status: 200,
			want: []string{"django: page about in fr"}},
		{name: "proxied: translated pattern", method: "GET", path: "/fr/pages/contact/", status: 200,
			want: []string{"django: contact in fr"}},
		{name: "hoop's language redirect, as LocaleMiddleware's", method: "GET", path: "/pages/about/",
			header: map[string]string{"Accept-Language": "fr"}, status: 302, location: "/fr/pages/about/"},
		{name: "hoop's APPEND_SLASH", method: "GET", path: "/blog/2024", status: 301, location: "/blog/2024/"},
		{name: "hoop's 404, not Django's", method: "GET", path: "/nowhere/", header: map[string]string{"Accept": "application/json"}, status: 404,
			want: []string{`"status":404`}},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, hoop+strings.TrimPrefix(tt.path, "/"), strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("%s %s: %d, want %d\n%s", tt.method, tt.path, resp.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("%s %s: body lacks %s\n%s", tt.method, tt.path, w, body)
				}
			}
			if loc := resp.Header.Get("Location"); loc != tt.location {
				t.Errorf("Location %q, want %q", loc, tt.location)
			}
		})
	}

	// 5. hoop's URL tools on the generated site agree with Django.
	rev, err := exec.Command(bin, "reverse", "-json", "news:post", "year=2024", "slug=hello-world").Output()
	var got struct {
		URL string `json:"url"`
	}
	if err != nil || json.Unmarshal(rev, &got) != nil || got.URL != "/news/2024/hello-world/" {
		t.Errorf("reverse news:post: %v %s", err, rev)
	}
}

// start runs a server and returns its base URL ("http://127.0.0.1:PORT/")
// once it says so: Django's serve.py prints "ready URL", a hoop command
// "Serving NAME at URL". It stops the server when the test ends.
func start(t *testing.T, dir, name string, env []string, prog string, args ...string) string {
	t.Helper()
	cmd := exec.Command(prog, args...)
	if name == "django" {
		cmd = pythonCmd(t, prog, dir, args...)
	}
	cmd.Dir = dir
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = &testLog{t: t, prefix: name + ": "}
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		line := sc.Text()
		t.Logf("%s: %s", name, line)
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(f, "http://127.0.0.1:") {
				go func() { _, _ = io.Copy(io.Discard, pipe) }()
				return f
			}
		}
	}
	t.Fatalf("%s ended before it served (%v)", name, sc.Err())
	return ""
}

// testLog passes a server's log to the test's.
type testLog struct {
	t      *testing.T
	prefix string
}

func (l *testLog) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		l.t.Log(l.prefix + line)
	}
	return len(p), nil
}
