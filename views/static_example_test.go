package views_test

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// Serve a directory (here an fs.FS; usually a directory name such as
// "./static") under /static/: one entry for the files below it, one for
// the root. Dotfiles, paths out of the root and directory listings are
// 404s.
func ExampleStatic() {
	files := fstest.MapFS{
		"app.css":    {Data: []byte("body { margin: 0 }\n")},
		".env":       {Data: []byte("SECRET_KEY=...\n")},
		"sub/a.html": {Data: []byte("<p>a</p>\n")},
	}
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("static/<path:path>", "static"),
		urlconf.Path("static/", "static"),
	))
	reg := views.NewRegistry()
	reg.Handle("static", views.Static(files, views.StaticOptions{CacheControl: "public, max-age=3600"}))
	s := settings.Default()
	s.AllowedHosts = []string{"example.com"}
	site, _ := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	for _, p := range []string{"/static/app.css", "/static/.env", "/static/sub", "/static/"} {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if loc := rec.Header().Get("Location"); loc != "" {
			fmt.Println(p, rec.Code, "Location:", loc)
			continue
		}
		fmt.Println(p, rec.Code, rec.Header().Get("Content-Type"))
	}
	// Output:
	// /static/app.css 200 text/css; charset=utf-8
	// /static/.env 404 text/html; charset=utf-8
	// /static/sub 301 Location: sub/
	// /static/ 404 text/html; charset=utf-8
}

// Dir confines every open to its directory, even through a symbolic
// link: serve a directory with Static(Dir(name), ...).
func ExampleDir() {
	base, _ := os.MkdirTemp("", "static")
	defer os.RemoveAll(base)
	os.WriteFile(filepath.Join(base, "secret.txt"), []byte("secret"), 0o600)
	os.Mkdir(filepath.Join(base, "static"), 0o755)
	os.WriteFile(filepath.Join(base, "static", "app.css"), []byte("body { margin: 0 }"), 0o644)
	os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(base, "static", "link.txt"))

	root := views.Dir(filepath.Join(base, "static"))
	for _, name := range []string{"app.css", "link.txt", "../secret.txt"} {
		data, err := fs.ReadFile(root, name)
		fmt.Printf("%s: %q %v\n", name, data, err != nil)
	}
	// Output:
	// app.css: "body { margin: 0 }" false
	// link.txt: "" true
	// ../secret.txt: "" true
}
