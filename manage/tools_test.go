package manage_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	examplesite "github.com/hoop-go/hoop/example_site"
	"github.com/hoop-go/hoop/manage"
)

var example = manage.Site{Settings: examplesite.SettingsTOML, New: examplesite.New}

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr strings.Builder
	code := manage.Run(context.Background(), example, args, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestTools(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want []string // substrings of stdout (or stderr for failures)
	}{
		{[]string{"urls"}, 0, []string{"PATTERN", "^hello/(?P<username>\\w+)/$    pages.hello", "blog/<int:year>/<slug:slug>/", "blog:detail", "example_site/urls.go:", "example_site/blog/blog.go:", "mounted/ [mount]"}},
		{[]string{"resolve", "/mounted/ping"}, 0, []string{"view:      mounted", "route:     mounted/"}},
		{[]string{"resolve", "/hello/José/"}, 0, []string{"view:      pages.hello", `kwarg:     username = "José"`}},
		{[]string{"resolve", "/blog/2003/intro/"}, 0, []string{"name:      blog:detail", "kwarg:     year = 2003"}},
		{[]string{"resolve", "/nope/"}, 1, []string{`The rest, "nope/", matched none`, "^$ [name='index']", "  blog/\n"}},
		{[]string{"reverse", "blog:detail", "2003", "intro"}, 0, []string{"/blog/2003/intro/\n"}},
		{[]string{"reverse", "blog:detail", "year=2003", "slug=intro"}, 0, []string{"/blog/2003/intro/\n"}},
		{[]string{"reverse", "hello", "a b"}, 1, []string{"Reverse for 'hello' with arguments '('a b',)' not found."}},
		{[]string{"check"}, 0, []string{"System check identified 0 issue(s)"}},
		{[]string{"resolve"}, 2, []string{"usage: resolve"}},
		{[]string{"frobnicate"}, 2, []string{`unknown command "frobnicate"`}},
	}
	for _, c := range cases {
		stdout, stderr, code := run(t, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %s)", c.args, code, c.code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout+stderr, w) {
				t.Errorf("%v: output lacks %q:\n%s%s", c.args, w, stdout, stderr)
			}
		}
	}
}

func TestToolsJSON(t *testing.T) {
	stdout, _, _ := run(t, "urls", "-json")
	var rows []struct{ Pattern, View, Name, Where string }
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) < 7 {
		t.Fatalf("urls -json: %v %+v", err, rows)
	}
	if r := rows[5]; r.Name != "blog:detail" || r.Pattern != "blog/<int:year>/<slug:slug>/" || r.View != "blog.detail" || !strings.HasPrefix(r.Where, "example_site/blog/blog.go:") {
		t.Errorf("urls -json row 5 = %+v, want the blog detail entry", r)
	}
	stdout, _, _ = run(t, "resolve", "-json", "/articles/2003/")
	var res struct {
		Matched bool
		View    string
		Kwargs  map[string]any
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || !res.Matched || res.View != "pages.year_archive" || res.Kwargs["year"] != float64(2003) {
		t.Errorf("resolve -json: %v %+v", err, res)
	}
	stdout, _, code := run(t, "reverse", "-json", "nothing")
	var rev map[string]string
	if err := json.Unmarshal([]byte(stdout), &rev); err != nil || code != 1 || !strings.Contains(rev["error"], "not a valid view function or pattern name") {
		t.Errorf("reverse -json: %v %v %s", err, rev, stdout)
	}
	stdout, _, _ = run(t, "check", "-json")
	if strings.TrimSpace(stdout) != "[]" {
		t.Errorf("check -json on a clean site: %s", stdout)
	}
}
