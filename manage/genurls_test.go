package manage_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// gen-urls writes the example site's typed URLs as they are committed,
// and leaves an unchanged file alone.
func TestGenURLs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "urls", "urls.go")
	for _, want := range []string{"Wrote " + out, out + " is up to date."} {
		stdout, stderr, code := run(t, "gen-urls", "-o", out)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Fatalf("gen-urls: status %d, %q %q; want %q", code, stdout, stderr, want)
		}
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join("..", "example_site", "urls", "urls.go"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(committed) {
		t.Error("gen-urls wrote another file than example_site/urls/urls.go")
	}
}

// Without -o, gen-urls writes the Site's URLsFile (or urls/urls.go) in
// the main module's root, wherever it runs in the module, as go generate
// runs it; the package is the directory's name.
func TestGenURLsDefaultFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/mysite\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "cmd", "mysite"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "cmd", "mysite"))
	urls := urlconf.Entries(views.Path("about/", "about", http.NotFoundHandler()))
	cases := []struct {
		file, want, pkg string
	}{
		{"", "urls/urls.go", "package urls"},
		{"web/links/links.go", "web/links/links.go", "package links"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			site := manage.Site{Settings: []byte("debug = true\n"), URLs: urls, URLsFile: c.file}
			var stdout, stderr strings.Builder
			if code := manage.Run(context.Background(), site, []string{"gen-urls"}, &stdout, &stderr); code != 0 {
				t.Fatalf("gen-urls: status %d: %s", code, stderr.String())
			}
			src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(c.want)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), c.pkg+"\n") || !strings.Contains(string(src), "func (u URLs) About() string") {
				t.Errorf("%s:\n%s", c.want, src)
			}
		})
	}
}
