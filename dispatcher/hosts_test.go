package dispatcher_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func hostsSite(t *testing.T, seen *entries) http.Handler {
	t.Helper()
	build := func(entries ...urlconf.Entry) *urlconf.Conf {
		c, err := urlconf.New(urlconf.Entries(entries...))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	www := build(
		urlconf.Path("", "www.index", urlconf.Name("index")),
		urlconf.Path("links/", "www.links"),
	)
	api := build(urlconf.Path("users/", "api.users", urlconf.Name("users")))
	users := build(
		urlconf.Path("", "user.profile", urlconf.Name("profile")),
		urlconf.Path("posts/<int:id>/", "user.post", urlconf.Name("post")),
	)
	hosts, err := urlconf.NewHosts("example.test", "www",
		urlconf.Host{Name: "www", Pattern: `www`, Conf: www},
		urlconf.Host{Name: "api", Pattern: `api`, Conf: api, Scheme: "https"},
		urlconf.Host{Name: "user", Pattern: `(?P<user>[a-z0-9-]+)`, Conf: users},
	)
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("www.index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "www") })
	reg.HandleFunc("www.links", func(w http.ResponseWriter, r *http.Request) {
		for _, l := range []struct {
			host string
			kw   map[string]any
			name string
			args []any
		}{
			{"api", nil, "users", nil},
			{"user", map[string]any{"user": "bob"}, "post", []any{7}},
			{"www", nil, "index", nil},
		} {
			u, err := views.ReverseHost(r, l.host, l.kw, l.name, l.args...)
			fmt.Fprintln(w, u, err)
		}
	})
	reg.HandleFunc("api.users", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "api users") })
	reg.HandleFunc("user.profile", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "profile of %s (%s)", r.PathValue("user"), views.Kwarg(r, "user"))
	})
	reg.HandleFunc("user.post", func(w http.ResponseWriter, r *http.Request) {
		u, _ := views.Reverse(r, "profile")
		fmt.Fprintf(w, "post %s of %s, profile at %s", r.PathValue("id"), r.PathValue("user"), u)
	})
	s := settings.Default()
	s.AllowedHosts = []string{".example.test", "[::1]"}
	d, err := dispatcher.New(nil, reg, dispatcher.Options{
		Settings:   &s,
		Hosts:      hosts,
		Logger:     discardLogger(),
		Middleware: []func(http.Handler) http.Handler{seen.middleware},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Each host pattern chooses its conf, its named groups are kwargs, links
// to other hosts are absolute with the right scheme and port, and a host
// the allowed hosts refuse routes nowhere.
func TestHosts(t *testing.T) {
	var seen entries
	d := hostsSite(t, &seen)
	srv := httptest.NewServer(d)
	defer srv.Close()
	tlsSrv := httptest.NewTLSServer(d)
	defer tlsSrv.Close()
	_, tlsPort, _ := strings.Cut(strings.TrimPrefix(tlsSrv.URL, "https://"), ":")
	tests := []struct {
		name, host, path string
		tls              bool
		status           int
		want             string
	}{
		{"the default host's own", "www.example.test", "/", false, 200, "www"},
		{"another host's conf", "api.example.test", "/users/", false, 200, "api users"},
		{"a path of another host's conf", "www.example.test", "/users/", false, 404, "Not Found"},
		{"a host's kwargs", "Ann.Example.test", "/", false, 200, "profile of ann (ann)"},
		{"a host's kwargs with the path's", "ann.example.test", "/posts/7/", false, 200, "post 7 of ann, profile at /"},
		{"the parent domain, matched as django-hosts does", "example.test", "/", false, 200, "profile of example"},
		{"no pattern matches: the default host", "[::1]:8000", "/", false, 200, "www"},
		{"links to other hosts", "www.example.test:8000", "/links/", false, 200,
			"https://api.example.test/users/ <nil>\nhttp://bob.example.test:8000/posts/7/ <nil>\nhttp://www.example.test:8000/ <nil>\n"},
		{"links over TLS", "www.example.test:" + tlsPort, "/links/", true, 200,
			"https://api.example.test:" + tlsPort + "/users/ <nil>\nhttps://bob.example.test:" + tlsPort + "/posts/7/ <nil>\nhttps://www.example.test:" + tlsPort + "/ <nil>\n"},
		{"a disallowed host", "evil.test", "/", false, 400, "Bad Request"},
		{"a disallowed host that a pattern would match", "www.evil.test", "/", false, 400, "Bad Request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, client := srv.URL, srv.Client()
			if tt.tls {
				base, client = tlsSrv.URL, tlsSrv.Client()
			}
			req, _ := http.NewRequest("GET", base+tt.path, nil)
			req.Host = tt.host
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %q, want %d and %q", res.StatusCode, body, tt.status, tt.want)
			}
			if n := len(seen.take()); n != 1 {
				t.Errorf("the middleware ran %d times", n)
			}
		})
	}
}

// Host routing's start-up errors name what is wrong.
func TestHostsErrors(t *testing.T) {
	site, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "index")))
	other, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "other")))
	hosts, err := urlconf.NewHosts("example.test", "www",
		urlconf.Host{Name: "www", Pattern: "www", Conf: site},
		urlconf.Host{Name: "other", Pattern: "other", Conf: other},
	)
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name string
		conf *urlconf.Conf
		want string
	}{
		{"another conf than the default host's", other, `dispatcher: with Options.Hosts, New's conf must be nil or the default host's ("www")`},
		{"a host's view not registered", site, `"other" (pattern ) is not registered`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dispatcher.New(tt.conf, reg, dispatcher.Options{Hosts: hosts, Logger: discardLogger()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// Without host routing, ReverseHost says why it cannot work.
func TestReverseHostWithoutHosts(t *testing.T) {
	_, err := views.ReverseHost(httptest.NewRequest("GET", "/", nil), "www", nil, "index")
	if err == nil || !strings.Contains(err.Error(), "not routed by host") {
		t.Errorf("got %v", err)
	}
}
