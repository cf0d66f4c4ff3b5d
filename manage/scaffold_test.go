package manage

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStartsiteUsage(t *testing.T) {
	full := filepath.Join(t.TempDir(), "full")
	write(t, filepath.Join(full, "x"), "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "usage: startsite"},
		{[]string{"a", "b", "c"}, "usage: startsite"},
		{[]string{"MySite"}, `"MySite" cannot name a site`},
		{[]string{"my-site"}, `"my-site" cannot name a site`},
		{[]string{"func"}, `"func" cannot name a site`},
		{[]string{"main"}, `"main" cannot name a site`},
		{[]string{"mysite", full}, "exists and is not empty"},
		{[]string{"-hoop", t.TempDir(), "mysite", filepath.Join(t.TempDir(), "s")}, "not a checkout of github.com/hoop-go/hoop"},
	} {
		var stdout, stderr bytes.Buffer
		code := startsiteCommand(Site{}, tc.args, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("startsite %q: status %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}

// The files of a new site, before go mod tidy: every Go file formatted,
// the names filled in, hoop from the checkout.
func TestStartsiteWrites(t *testing.T) {
	hoop, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "blog")
	sc := scaffold{Name: "blog", Package: "blog", Module: "example.com/blog", Dir: dir}
	if err := sc.prepare(""); err != nil {
		t.Fatal(err)
	}
	if sc.hoopDir != hoop {
		t.Errorf("hoop checkout %q, want this one, %q", sc.hoopDir, hoop)
	}
	if err := sc.write(); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	gomod := read("go.mod")
	for _, want := range []string{"module example.com/blog\n", "require github.com/hoop-go/hoop v0.0.0-", "replace github.com/hoop-go/hoop => " + hoop + "\n"} {
		if !strings.Contains(gomod, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, gomod)
		}
	}
	for _, name := range []string{"urls.go", "views.go", "views_test.go", "cmd/blog/main.go"} {
		src := read(name)
		if formatted, err := format.Source([]byte(src)); err != nil || string(formatted) != src {
			t.Errorf("%s is not gofmt'd (%v)", name, err)
		}
		if strings.Contains(src, "[[") {
			t.Errorf("%s has a template action left:\n%s", name, src)
		}
	}
	if main := read("cmd/blog/main.go"); !strings.Contains(main, `site "example.com/blog"`) {
		t.Errorf("cmd/blog/main.go does not import the site:\n%s", main)
	}
	if !strings.Contains(read("templates/index.html"), "{{.title}}") {
		t.Error("templates/index.html lost its {{ }} actions")
	}
	if !strings.Contains(read("settings.toml"), `title = "blog"`) {
		t.Error("settings.toml lacks the site's title")
	}
	// Again, into the same directory: refused, nothing overwritten.
	if err := sc.prepare(""); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a second startsite into %s: %v", dir, err)
	}
}
