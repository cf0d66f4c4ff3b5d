package views_test

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// Markers of content that must never be served: files outside the root,
// and dotfiles inside it.
const (
	secretOutside  = "SECRET-OUTSIDE-7f3a"
	secretSettings = "SECRET-SETTINGS-91c2"
	secretDotenv   = "SECRET-DOTENV-5b0e"
	secretGit      = "SECRET-GITCONFIG-c44d"
	appCSS         = "body { color: #123456 }\n"
	subIndex       = "<!doctype html><title>sub</title>SUB-INDEX\n"
)

var secrets = []string{secretOutside, secretSettings, secretDotenv, secretGit, "root:x:0:0"}

// staticTree makes base/{settings.go,outside.txt} and the root
// base/static with app.css, sub/index.html, sub/page.txt, .env,
// .git/config, link → base/outside.txt (absolute, escapes), up → ..
// (escapes), alias.css → app.css and subalias → sub (inside).
func staticTree(t testing.TB) (root string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "static")
	files := map[string]string{
		"settings.go":           secretSettings,
		"outside.txt":           secretOutside,
		"static/app.css":        appCSS,
		"static/sub/index.html": subIndex,
		"static/sub/page.txt":   "PAGE\n",
		"static/.env":           secretDotenv,
		"static/.git/config":    secretGit,
		"static/noext":          "<html><body>sniffed</body></html>",
		"static/big.bin":        strings.Repeat("0123456789abcdef", 4096),
	}
	for name, content := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"link":      filepath.Join(base, "outside.txt"),
		"up":        "..",
		"alias.css": "app.css",
		"subalias":  "sub",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	return root
}

// staticSite serves root through a real URL conf and dispatcher: Static
// with the default options at /static/, with ListDirs at /listed/, and
// the fs.FS fsys at /assets/.
func staticSite(t testing.TB, root string, fsys fstest.MapFS) *httptest.Server {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("static/<path:path>", "static"),
		urlconf.Path("static/", "static"),
		urlconf.Path("listed/<path:file>", "listed"),
		urlconf.Path("listed/", "listed"),
		urlconf.Path("assets/<path:path>", "assets"),
		urlconf.Path("assets/", "assets"),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.Handle("static", views.Static(views.Dir(root), views.StaticOptions{CacheControl: "public, max-age=60"}))
	reg.Handle("listed", views.Static(views.Dir(root), views.StaticOptions{Param: "file", ListDirs: true, Index: views.NoIndex}))
	reg.Handle("assets", views.Static(fsys, views.StaticOptions{}))
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		SilencedChecks: []string{"hoop.E201"}, // the "listed" mount lists on purpose
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	return srv
}

// rawRequest sends method and target as they are, bytes on a TCP
// connection, with extra header lines, and reads the response.
func rawRequest(t testing.TB, addr, method, target string, headers ...string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var extra strings.Builder
	for _, h := range headers {
		extra.WriteString(h + "\r\n")
	}
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n%s\r\n", method, target, extra.String())
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: reading the response: %v", method, target, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, target, err)
	}
	return resp, string(body)
}

func assertNoSecret(t testing.TB, what, body string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("%s: the body contains %q, which must never be served:\n%s", what, s, body)
		}
	}
}

var testFS = fstest.MapFS{
	"app.js":         {Data: []byte("console.log(1)\n")},
	"sub/index.html": {Data: []byte("FS-INDEX\n")},
	".hidden":        {Data: []byte(secretDotenv)},
	"dated.txt":      {Data: []byte("dated\n"), ModTime: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)},
}

// TestStaticRaw sends the bad-inputs corpus's static rows, and more of
// their classes, as raw bytes. Static itself answers 404 to every
// hostile path; 400 is accepted where the dispatcher's own path checks
// (control characters, decoded "..") may answer first. Whatever the
// status, nothing outside the root and no dotfile is ever in the body.
func TestStaticRaw(t *testing.T) {
	root := staticTree(t)
	srv := staticSite(t, root, testFS)
	addr := srv.Listener.Addr().String()
	const hostile = "400 404"
	tests := []struct {
		row, target string
		status      string // the acceptable statuses
		location    string // for a 301
		body        string // a substring the body must have
	}{
		{"S1", "/static/app.css", "200", "", appCSS},
		{"S1 inside link", "/static/alias.css", "200", "", appCSS},
		{"inside dir link", "/static/subalias/page.txt", "200", "", "PAGE"},
		{"S2", "/static/../settings.go", hostile, "", ""},
		{"S2 deeper", "/static/sub/../../settings.go", hostile, "", ""},
		{"S3", "/static/%2e%2e/%2e%2e/etc/passwd", hostile, "", ""},
		{"S3 one", "/static/%2e%2e/settings.go", hostile, "", ""},
		{"S3 mixed case", "/static/%2E%2e/settings.go", hostile, "", ""},
		{"S4", "/static/..%2f..%2fetc%2fpasswd", hostile, "", ""},
		{"S4 upper", "/static/..%2F..%2Fsettings.go", hostile, "", ""},
		{"S4 single dot", "/static/.%2fapp.css", hostile, "", ""},
		{"S6 .env", "/static/.env", "404", "", ""},
		{"S6 .env encoded", "/static/%2eenv", "404", "", ""},
		{"S6 .git/config", "/static/.git/config", "404", "", ""},
		{"S6 .git/", "/static/.git/", "404", "", ""},
		{"S6 .git", "/static/.git", "404", "", ""},
		{"S8 root", "/static/", "404", "", ""},
		{"S8 sub", "/static/sub", "301", "sub/", ""},
		{"S8 sub query kept", "/static/sub?v=1", "301", "sub/?v=1", ""},
		{"sub/ index", "/static/sub/", "200", "", "SUB-INDEX"},
		{"S9", "/static/sub/index.html", "301", "./", ""},
		{"S11", "/static/app.css%00.png", hostile, "", ""},
		{"S11 NUL end", "/static/app.css%00", hostile, "", ""},
		{"newline", "/static/app.css%0a", hostile, "", ""},
		{"S12", "/static/app.css/", "404", "", ""},
		{"S16", "/static/sub%2f", hostile, "", ""},
		{"S16 upper", "/static/sub%2Findex.html", hostile, "", ""},
		{"%5c", "/static/sub%5cindex.html", hostile, "", ""},
		{"link out", "/static/link", "404", "", ""},
		{"dir link out", "/static/up/settings.go", "404", "", ""},
		{"dir link out listed", "/listed/up/", "404", "", ""},
		{"backslash", `/static/..\..\etc\passwd`, hostile, "", ""},
		{"backslash one", `/static/..\settings.go`, hostile, "", ""},
		{"encoded backslash", "/static/..%5csettings.go", hostile, "", ""},
		{"absolute", "/static//etc/passwd", hostile, "", ""},
		{"absolute encoded", "/static/%2fetc/passwd", hostile, "", ""},
		{"double slash", "/static/sub//index.html", "404", "", ""},
		{"overlong dot", "/static/%c0%ae%c0%ae/settings.go", hostile, "", ""},
		{"missing", "/static/nope.css", "404", "", ""},
		{"listed root", "/listed/", "200", "", `href="./app.css"`},
		{"listed .git", "/listed/.git/", "404", "", ""},
		{"fs app.js", "/assets/app.js", "200", "", "console.log"},
		{"fs dir index", "/assets/sub/", "200", "", "FS-INDEX"},
		{"fs dir redirect", "/assets/sub", "301", "sub/", ""},
		{"fs dotfile", "/assets/.hidden", "404", "", ""},
		{"fs dotdot", "/assets/%2e%2e/app.js", hostile, "", ""},
		{"fs root", "/assets/", "404", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.row+" "+tt.target, func(t *testing.T) {
			resp, body := rawRequest(t, addr, "GET", tt.target)
			if !strings.Contains(tt.status, fmt.Sprint(resp.StatusCode)) {
				t.Errorf("status %d, want %s; body:\n%s", resp.StatusCode, tt.status, body)
			}
			assertNoSecret(t, tt.target, body)
			if tt.location != "" || resp.StatusCode/100 == 3 {
				loc := resp.Header.Get("Location")
				if loc != tt.location {
					t.Errorf("Location %q, want %q", loc, tt.location)
				}
				if strings.Contains(loc, "//") || strings.Contains(loc, `\`) || strings.Contains(loc, "example.com") {
					t.Errorf("Location %q may leave the site", loc)
				}
			}
			if !strings.Contains(body, tt.body) {
				t.Errorf("body lacks %q:\n%s", tt.body, body)
			}
			if resp.StatusCode != http.StatusBadRequest {
				if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("X-Content-Type-Options %q, want nosniff", got)
				}
			}
		})
	}
}

// TestStaticHostileDirect calls Static without a dispatcher in front, so
// that nothing else answers first: every hostile name is Static's 404.
func TestStaticHostileDirect(t *testing.T) {
	root := staticTree(t)
	h := views.Static(views.Dir(root), views.StaticOptions{ListDirs: true})
	permissive := views.Static(views.Dir(root), views.StaticOptions{ListDirs: true, AllowDotfiles: true})
	names := []string{
		"../settings.go", "../../etc/passwd", "sub/../../settings.go", "..", "../", ".",
		"./app.css", "sub/./index.html", "/etc/passwd", "//etc/passwd", `..\settings.go`,
		`sub\..\..\settings.go`, "app.css\x00.png", "app.css\n", "link", "up/settings.go",
		"up/", "up", "sub//index.html", "app.css/", "\xc0\xae\xc0\xae/settings.go", "up/static/app.css",
	}
	for _, name := range names {
		for _, handler := range []http.Handler{h, permissive} {
			req := httptest.NewRequest("GET", "/static/x", nil)
			req.SetPathValue("path", name)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound {
				t.Errorf("%q: status %d, want 404", name, rec.Code)
			}
			assertNoSecret(t, fmt.Sprintf("%q", name), rec.Body.String())
		}
	}
	// With AllowDotfiles, dotfiles are served, and "." and ".." still
	// are not names.
	req := httptest.NewRequest("GET", "/static/.env", nil)
	req.SetPathValue("path", ".env")
	rec := httptest.NewRecorder()
	permissive.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.String() != secretDotenv {
		t.Errorf("AllowDotfiles: .env: %d %q", rec.Code, rec.Body.String())
	}
}

// TestStaticHeaders covers content types, caching headers, conditional
// requests, ranges and HEAD (S1, S13, S14).
func TestStaticHeaders(t *testing.T) {
	root := staticTree(t)
	srv := staticSite(t, root, testFS)
	addr := srv.Listener.Addr().String()

	resp, body := rawRequest(t, addr, "GET", "/static/app.css")
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	checks := map[string]string{
		"Content-Type":           "text/css; charset=utf-8",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "public, max-age=60",
		"Accept-Ranges":          "bytes",
		"Content-Length":         fmt.Sprint(len(appCSS)),
	}
	for k, want := range checks {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("S1: %s %q, want %q", k, got, want)
		}
	}
	if resp.StatusCode != 200 || body != appCSS {
		t.Fatalf("S1: %d %q", resp.StatusCode, body)
	}
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 4 {
		t.Errorf("ETag %q is not a strong entity tag", etag)
	}
	if _, err := http.ParseTime(lastMod); err != nil {
		t.Errorf("Last-Modified %q: %v", lastMod, err)
	}

	tests := []struct {
		name, method, target string
		headers              []string
		status               int
		body                 string
		contentType          string
	}{
		{"sniffed", "GET", "/static/noext", nil, 200, "sniffed", "text/html; charset=utf-8"},
		{"If-None-Match", "GET", "/static/app.css", []string{"If-None-Match: " + etag}, 304, "", ""},
		{"If-None-Match list", "GET", "/static/app.css", []string{`If-None-Match: "x", ` + etag}, 304, "", ""},
		{"If-None-Match other", "GET", "/static/app.css", []string{`If-None-Match: "other"`}, 200, appCSS, "text/css; charset=utf-8"},
		{"If-Modified-Since", "GET", "/static/app.css", []string{"If-Modified-Since: " + lastMod}, 304, "", ""},
		{"If-Modified-Since old", "GET", "/static/app.css", []string{"If-Modified-Since: Mon, 02 Jan 2006 15:04:05 GMT"}, 200, appCSS, ""},
		{"S13 range past end", "GET", "/static/app.css", []string{"Range: bytes=99999-"}, 416, "", ""},
		{"range", "GET", "/static/app.css", []string{"Range: bytes=0-3"}, 206, "body", ""},
		{"If-Range stale", "GET", "/static/app.css", []string{"Range: bytes=0-3", `If-Range: "stale"`}, 200, appCSS, ""},
		{"S14 1000 ranges", "GET", "/static/app.css", []string{"Range: " + thousandRanges()}, 200, appCSS, ""},
		{"S14 big file", "GET", "/static/big.bin", []string{"Range: " + thousandRanges()}, 200, strings.Repeat("0123456789abcdef", 4096), ""},
		{"two ranges", "GET", "/static/big.bin", []string{"Range: bytes=0-1,16-17"}, 206, "Content-Range: bytes 16-17/65536", ""},
		{"HEAD", "HEAD", "/static/app.css", nil, 200, "", "text/css; charset=utf-8"},
		{"HEAD dir index", "HEAD", "/static/sub/", nil, 200, "", "text/html; charset=utf-8"},
		{"POST", "POST", "/static/app.css", []string{"Content-Length: 0"}, 405, "", ""},
		{"DELETE", "DELETE", "/static/app.css", nil, 405, "", ""},
		{"404 JSON", "GET", "/static/nope.css", []string{"Accept: application/json"}, 404, `"status":404`, "application/problem+json"},
		{"listing", "GET", "/listed/sub/", nil, 200, `<a href="./index.html">index.html</a>`, "text/html; charset=utf-8"},
		{"fs dated", "GET", "/assets/dated.txt", []string{"If-Modified-Since: Mon, 06 May 2024 07:08:09 GMT"}, 304, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawRequest(t, addr, tt.method, tt.target, tt.headers...)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d; body %q", resp.StatusCode, tt.status, body)
			}
			if !strings.Contains(body, tt.body) {
				t.Errorf("body %q lacks %q", body, tt.body)
			}
			if tt.method == "HEAD" && body != "" {
				t.Errorf("HEAD has a body %q", body)
			}
			if tt.contentType != "" && resp.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tt.contentType)
			}
			if tt.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q, want GET, HEAD", resp.Header.Get("Allow"))
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no nosniff")
			}
		})
	}
}

func thousandRanges() string {
	parts := make([]string, 1000)
	for i := range parts {
		parts[i] = fmt.Sprintf("%d-%d", i, i)
	}
	return "bytes=" + strings.Join(parts, ",")
}

// TestStaticListing: with ListDirs, names are escaped, dotfiles and links
// are shown only as names, dotfiles hidden unless allowed.
func TestStaticListing(t *testing.T) {
	root := staticTree(t)
	if err := os.WriteFile(filepath.Join(root, `<b>&"x".txt`), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dotfiles := range []bool{false, true} {
		h := views.Static(views.Dir(root), views.StaticOptions{ListDirs: true, AllowDotfiles: dotfiles, Index: views.NoIndex})
		req := httptest.NewRequest("GET", "/static/", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("listing: %d", rec.Code)
		}
		for _, want := range []string{`href="./app.css"`, `href="./sub/">sub/</a>`, `&lt;b&gt;&amp;&#34;x&#34;.txt`, `href="./%3Cb%3E&amp;%22x%22.txt"`} {
			if !strings.Contains(body, want) {
				t.Errorf("dotfiles %v: listing lacks %s:\n%s", dotfiles, want, body)
			}
		}
		if strings.Contains(body, "<b>") {
			t.Errorf("listing has an unescaped name:\n%s", body)
		}
		if got := strings.Contains(body, ".env"); got != dotfiles {
			t.Errorf("dotfiles %v: .env listed: %v", dotfiles, got)
		}
		assertNoSecret(t, "listing", body)
	}
}

// A root Static cannot serve is a mistake found when the site is built.
func TestStaticBadRoot(t *testing.T) {
	for name, root := range map[string]fs.FS{"nil": nil, "empty Dir": views.Dir("")} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Static(%#v) did not panic", root)
				}
			}()
			views.Static(root, views.StaticOptions{})
		})
	}
}

// Dir is an fs.FS confined to its directory, links out of it included.
func TestDir(t *testing.T) {
	d := views.Dir(staticTree(t))
	cases := []struct {
		name string
		want string // the content, or "" for a name that must not open
	}{
		{"app.css", appCSS},
		{"alias.css", appCSS}, // a link that stays inside
		{"sub/index.html", subIndex},
		{"subalias/index.html", subIndex},
		{"link", ""}, // an absolute link out
		{"up/outside.txt", ""},
		{"../outside.txt", ""},
		{"/etc/passwd", ""},
		{"sub/../app.css", ""}, // not in fs.ValidPath's form
		{"missing.css", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := fs.ReadFile(d, c.name)
			if c.want == "" {
				if err == nil {
					t.Errorf("read %q: %q", c.name, data)
				}
				return
			}
			if err != nil || string(data) != c.want {
				t.Errorf("read %q: %q, %v; want %q", c.name, data, err, c.want)
			}
			if fi, err := fs.Stat(d, c.name); err != nil || fi.Size() != int64(len(c.want)) {
				t.Errorf("Stat(%q) = %v, %v", c.name, fi, err)
			}
		})
	}
}

// TestStaticMissingRoot: a root that does not exist is a 404, not a 500
// that would say so.
func TestStaticMissingRoot(t *testing.T) {
	h := views.Static(views.Dir(filepath.Join(t.TempDir(), "nope")), views.StaticOptions{})
	req := httptest.NewRequest("GET", "/static/app.css", nil)
	req.SetPathValue("path", "app.css")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 404 {
		t.Errorf("status %d, want 404", rec.Code)
	}
}

// FuzzStaticPath: whatever the path kwarg and the escaped path, Static
// never panics and never returns a byte of the file next to its root,
// nor lists the directory above it, with the strictest and the most
// permissive options.
func FuzzStaticPath(f *testing.F) {
	base := f.TempDir()
	root := filepath.Join(base, "static")
	const secret = "FUZZ-SECRET-e8d1c0"
	for name, content := range map[string]string{
		"secret.txt":            secret,
		"static/app.css":        appCSS,
		"static/sub/index.html": subIndex,
		"static/.env":           "dot",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	for name, target := range map[string]string{"link": filepath.Join(base, "secret.txt"), "up": "..", "rel": "../secret.txt"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			f.Skipf("symlinks unavailable: %v", err)
		}
	}
	handlers := []http.Handler{
		views.Static(views.Dir(root), views.StaticOptions{}),
		views.Static(views.Dir(root), views.StaticOptions{ListDirs: true, AllowDotfiles: true, Index: views.NoIndex}),
	}
	for _, seed := range []string{
		"app.css", "sub/", "../secret.txt", "link", "rel", "up/secret.txt", "up/", "up", "..", "../",
		"/etc/passwd", `..\secret.txt`, "sub/../../secret.txt", "app.css\x00", "", ".", "./", "sub//",
		"%2e%2e/secret.txt", "up/static/up/secret.txt", ".env", "sub/index.html",
	} {
		f.Add(seed, "/static/"+seed)
	}
	f.Fuzz(func(t *testing.T, name, target string) {
		for _, h := range handlers {
			req := httptest.NewRequest("GET", "/static/x", nil)
			if u, err := req.URL.Parse(target); err == nil {
				req.URL = u
			}
			req.SetPathValue("path", name)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if strings.Contains(body, secret) || strings.Contains(body, "secret.txt") {
				t.Fatalf("name %q, target %q: %d, served from outside the root:\n%s", name, target, rec.Code, body)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("name %q: no nosniff", name)
			}
			if loc := rec.Header().Get("Location"); strings.HasPrefix(loc, "/") || strings.Contains(loc, "://") {
				t.Fatalf("name %q: Location %q is not a relative path", name, loc)
			}
		}
	})
}
