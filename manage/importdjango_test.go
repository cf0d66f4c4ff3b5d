package manage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/manage"
)

// export is a small hoop_export output: a root conf including a blog app.
const export = `{"meta": {"django_version": "3.2.25"}, "root": "mysite.urls",
 "settings": {"LANGUAGE_CODE": "en", "LANGUAGES": [["en", "English"]], "USE_I18N": true, "APPEND_SLASH": true},
 "converters": {},
 "confs": {
  "mysite.urls": {"app_name": null, "entries": [
   {"kind": "path", "pattern": "", "view": "pages.views.home", "name": "home", "kwargs": {}},
   {"kind": "include", "pattern_kind": "path", "pattern": "blog/", "namespace": "blog", "app_name": "blog", "kwargs": {}, "conf": "blog.urls"}]},
  "blog.urls": {"app_name": "blog", "entries": [
   {"kind": "path", "pattern": "<int:year>/", "view": "blog.views.year", "name": "year", "kwargs": {}}]}},
 "cases": [
  {"id": "resolve-0001", "conf": "mysite.urls", "full_path": "/blog/2024/", "expected": {"view": "blog.views.year", "args": [], "kwargs": {"year": 2024},
   "url_name": "year", "route": "blog/<int:year>/", "app_names": ["blog"], "namespaces": ["blog"], "app_name": "blog", "namespace": "blog", "view_name": "blog:year"}},
  {"id": "reverse-0001", "conf": "mysite.urls", "name": "blog:year", "args": [2024], "kwargs": {}, "expected": "/blog/2024/"}]}
`

func importDjango(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = manage.Run(context.Background(), manage.Site{}, append([]string{"import-django"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeExport(t *testing.T, text string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "site.json")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestImportDjangoWritesThePackage(t *testing.T) {
	file := writeExport(t, export)
	dir := filepath.Join(t.TempDir(), "mysite")
	code, stdout, stderr := importDjango(t, "-o", dir, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Imported mysite.urls (Django 3.2.25) into " + dir + " (package mysite).",
		"2 views, each proxied to Django until ported to Go",
		"tests: 1 resolve and 1 reverse cases Django answered; none skipped",
		"wrote urls.go, blog_urls.go, converters.go, views.go, urls_test.go, TODO.md, site.go, ported.go, settings.toml",
		"Everything came over.",
		"in no Go module yet", // a temporary directory: no cmd/mysite
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	blog, err := os.ReadFile(filepath.Join(dir, "blog_urls.go"))
	if err != nil || !strings.Contains(string(blog), `urlconf.Path("<int:year>/", "blog.views.year", urlconf.Name("year")),`) {
		t.Errorf("blog_urls.go: %v\n%s", err, blog)
	}

	// The developer's files survive a second import; generated ones are
	// rewritten, and one whose conf is gone from Django is removed.
	ported := filepath.Join(dir, "ported.go")
	if err := os.WriteFile(ported, []byte("package mysite\n// mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	smaller := strings.Replace(export, `{"kind": "include", "pattern_kind": "path", "pattern": "blog/", "namespace": "blog", "app_name": "blog", "kwargs": {}, "conf": "blog.urls"}`,
		`{"kind": "path", "pattern": "about/", "view": "pages.views.about", "name": "about", "kwargs": {}}`, 1)
	code, stdout, stderr = importDjango(t, "-o", dir, writeExport(t, smaller))
	if code != 0 {
		t.Fatalf("second import: exit %d: %s", code, stderr)
	}
	if mine, _ := os.ReadFile(ported); string(mine) != "package mysite\n// mine\n" {
		t.Errorf("ported.go was overwritten: %q", mine)
	}
	if _, err := os.Stat(filepath.Join(dir, "blog_urls.go")); !os.IsNotExist(err) {
		t.Errorf("blog_urls.go is still there (%v); the conf is gone", err)
	}
	for _, want := range []string{"kept site.go, ported.go, settings.toml", "removed blog_urls.go"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("second import's output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestImportDjangoErrors(t *testing.T) {
	good := writeExport(t, export)
	occupied := t.TempDir()
	if err := os.WriteFile(filepath.Join(occupied, "urls.go"), []byte("package mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no file", nil, 2, "usage: import-django [-o DIR] [-package NAME] [-root CONF] FILE"},
		{"two files", []string{"a.json", "b.json"}, 2, "usage: import-django"},
		{"unknown flag", []string{"-x", good}, 2, "flag provided but not defined: -x"},
		{"missing file", []string{filepath.Join(t.TempDir(), "nope.json")}, 1, "nope.json: no such file or directory"},
		{"bad JSON", []string{writeExport(t, "{\n  \"confs\": [}\n")}, 1, "site.json: line 2, column 13: invalid JSON"},
		{"unknown root", []string{"-root", "other.urls", good}, 1, `root: "other.urls" is not a conf of the export (it has blog.urls, mysite.urls)`},
		{"bad package", []string{"-o", t.TempDir(), "-package", "my-site", good}, 1, `"my-site" cannot name the package`},
		{"someone else's file", []string{"-o", occupied, good}, 1, "urls.go exists and was not written by import-django"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := importDjango(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// Inside a module, the import writes the site's command too, and names
// the package after the directory.
func TestImportDjangoInAModule(t *testing.T) {
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/moved\n\ngo 1.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(mod, "web", "my-site")
	code, stdout, stderr := importDjango(t, "-o", dir, writeExport(t, export))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	main, err := os.ReadFile(filepath.Join(dir, "cmd", "my_site", "main.go"))
	if err != nil || !strings.Contains(string(main), `site "example.com/moved/web/my-site"`) {
		t.Errorf("cmd/my_site/main.go: %v\n%s", err, main)
	}
	if !strings.Contains(stdout, "(package my_site)") || !strings.Contains(stdout, "go run ./cmd/my_site") {
		t.Errorf("output:\n%s", stdout)
	}
}

// A Django site's export becomes a Go package: the URL conf, its views as
// proxies to Django, and tests replaying Django's answers.
func ExampleRun_importDjango() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "site.json") // python manage.py hoop_export > site.json
	if err := os.WriteFile(file, []byte(export), 0o644); err != nil {
		panic(err)
	}
	var out strings.Builder
	code := manage.Run(context.Background(), manage.Site{}, []string{"import-django", "-o", filepath.Join(dir, "mysite"), file}, &out, os.Stderr)
	urls, _ := os.ReadFile(filepath.Join(dir, "mysite", "urls.go"))
	fmt.Println(code)
	fmt.Print(string(urls))
	// Output:
	// 0
	// // Code generated by hoop import-django from site.json (Django 3.2.25). DO NOT EDIT.
	//
	// package mysite
	//
	// import "github.com/hoop-go/hoop/urlconf"
	//
	// // URLs is mysite.urls, the ROOT_URLCONF.
	// func URLs() []urlconf.Entry {
	// 	return []urlconf.Entry{
	// 		urlconf.Path("", "pages.views.home", urlconf.Name("home")),
	// 		urlconf.Include("blog/", BlogURLs, urlconf.AppName("blog")),
	// 	}
	// }
}
