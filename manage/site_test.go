package manage_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site that gives only URLs, with its views declared in them, has every
// command; one with neither New nor URLs fails with a message.
func TestSiteOfURLs(t *testing.T) {
	declared := manage.Site{Settings: []byte("debug = true\n"), URLs: urlconf.Entries(
		views.Path("hello/<name>/", "hello", http.NotFoundHandler()),
	)}
	cases := []struct {
		name string
		site manage.Site
		args []string
		code int
		want string // in stdout, or stderr for a failure
	}{
		{"urls", declared, []string{"urls"}, 0, "hello/<name>/  hello  hello  manage/site_test.go:"},
		{"reverse", declared, []string{"reverse", "hello", "ana"}, 0, "/hello/ana/\n"},
		{"check", declared, []string{"check"}, 0, "System check identified 0 issue(s)"},
		{"neither", manage.Site{Settings: []byte("debug = true\n")}, []string{"urls"}, 1, "manage: the Site has neither New nor URLs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := manage.Run(context.Background(), c.site, c.args, &stdout, &stderr)
			out := stdout.String()
			if code != 0 {
				out = stderr.String()
			}
			if code != c.code || !strings.Contains(out, c.want) {
				t.Errorf("%v: status %d, %q; want %d with %q", c.args, code, out, c.code, c.want)
			}
		})
	}
}
