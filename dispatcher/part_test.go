package dispatcher_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// trace records which middleware a request entered, in order.
type trace struct {
	mu    sync.Mutex
	steps []string
}

func (tr *trace) layer(name string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tr.mu.Lock()
			tr.steps = append(tr.steps, name)
			tr.mu.Unlock()
			next.ServeHTTP(w, r)
		})
	}
}

func (tr *trace) take() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := strings.Join(tr.steps, " ")
	tr.steps = nil
	return out
}

// loginRequired answers 401 to a request without X-User, through the
// error pages of the part it guards.
func loginRequired(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-User") == "" {
			views.RenderError(w, r, views.Error(http.StatusUnauthorized, "Log in first."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func partsSite(t *testing.T, tr *trace) http.Handler {
	t.Helper()
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("", "index"),
		urlconf.Include("api/", urlconf.Entries(
			urlconf.Path("users/<int:id>/", "api.user"),
			urlconf.Path("boom/", "api.boom"),
			urlconf.Path("forbidden/", "api.forbidden"),
			urlconf.Path("post/", "api.user", urlconf.Methods("POST")),
			urlconf.Include("admin/", urlconf.Entries(urlconf.Path("", "api.admin")), urlconf.AppName("admin")),
			urlconf.Mount("files/", "files"),
		), urlconf.AppName("api")),
		urlconf.Include("admin/", urlconf.Entries(
			urlconf.Path("users/", "index"), // the root's view, under another part
		), urlconf.AppName("admin")),
		urlconf.Include("blog/", urlconf.Entries(urlconf.Path("", "blog.index")), urlconf.AppName("blog")),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "index of "+r.Pattern) })
	reg.Handle("api.user", views.Func(func(r *http.Request) (any, error) {
		return views.JSON(map[string]any{"id": views.MatchOf(r).Kwargs["id"]}), nil
	}))
	reg.Handle("api.boom", views.Func(func(r *http.Request) (any, error) { return nil, io.ErrUnexpectedEOF }))
	reg.Handle("api.forbidden", views.Func(func(r *http.Request) (any, error) { return nil, views.Forbidden("not yours") }))
	reg.HandleFunc("api.admin", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "admin for "+r.Header.Get("X-User")) })
	reg.HandleFunc("blog.index", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "blog") })
	reg.HandleFunc("files", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "file "+r.URL.Path) })
	s := settings.Default()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:   &s,
		Logger:     discardLogger(),
		Middleware: []func(http.Handler) http.Handler{tr.layer("site")},
		Parts: map[string]dispatcher.Part{
			"api": {
				Middleware: []func(http.Handler) http.Handler{tr.layer("api")},
				ErrorPage:  &handler404.ErrorPage{JSON: true},
				ErrorHandlers: map[int]http.Handler{http.StatusForbidden: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(http.StatusForbidden)
					io.WriteString(w, "the api forbids: "+handler404.ErrorOf(r).Err.Error())
				})},
			},
			"api:admin": {Middleware: []func(http.Handler) http.Handler{tr.layer("api:admin"), loginRequired}},
			"admin":     {Middleware: []func(http.Handler) http.Handler{tr.layer("admin")}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Each part's middleware runs inside the site's, once per request, for
// whatever a request under the part gets, and the part's error pages
// answer its errors; the rest of the site keeps the site's.
func TestParts(t *testing.T) {
	var tr trace
	srv := httptest.NewServer(partsSite(t, &tr))
	defer srv.Close()
	client := noRedirects()
	const problemJSON = "application/problem+json"
	tests := []struct {
		name, path, user string
		status           int
		contentType      string
		want             string // in the body, or the Location
		trace            string
	}{
		{"a view", "/api/users/7/", "", 200, "application/json", `{"id":7}`, "site api"},
		{"a miss under the part", "/api/nope/", "", 404, problemJSON, `"status":404`, "site api"},
		{"APPEND_SLASH under the part", "/api/users/7", "", 301, "", "/api/users/7/", "site api"},
		{"an error a view returns", "/api/boom/", "", 500, problemJSON, `"status":500`, "site api"},
		{"the part's handler for a status", "/api/forbidden/", "", 403, "", "the api forbids: 403 Forbidden: not yours", "site api"},
		{"a method the entry refuses", "/api/post/", "", 405, problemJSON, `"status":405`, "site api"},
		{"a part inside a part, refusing", "/api/admin/", "", 401, problemJSON, "Log in first.", "site api api:admin"},
		{"a part inside a part", "/api/admin/", "ann", 200, "", "admin for ann", "site api api:admin"},
		{"a mount under the part", "/api/files/a.txt", "", 200, "", "file /a.txt", "site api"},
		{"a view under another part", "/admin/users/", "", 200, "", "index of admin/users/", "site admin"},
		{"a part without error pages", "/admin/nope/", "", 404, "text/html", "Not Found", "site admin"},
		{"the same view outside any part", "/", "", 200, "", "index of ", "site"},
		{"an include without a part", "/blog/", "", 200, "", "blog", "site"},
		{"a miss outside any part", "/nowhere/", "", 404, "text/html", "Not Found", "site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
			if tt.user != "" {
				req.Header.Set("X-User", tt.user)
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d (%s)", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if got := string(body) + res.Header.Get("Location"); !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
			if got := tr.take(); got != tt.trace {
				t.Errorf("middleware ran %q, want %q", got, tt.trace)
			}
		})
	}
}

// Parts that name no namespace of the conf, or are otherwise unusable,
// stop New with every problem named.
func TestPartsErrors(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Include("shop/", urlconf.Entries(
			urlconf.Include("api/", urlconf.Entries(urlconf.Path("", "v")), urlconf.AppName("api")),
		), urlconf.AppName("shop")),
	))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("v", func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name  string
		parts map[string]dispatcher.Part
		want  string
	}{
		{"unknown", map[string]dispatcher.Part{"blog": {}}, `Parts["blog"]: no include of the URL conf has the namespace "blog"`},
		{"inner without outer", map[string]dispatcher.Part{"api": {}}, `Parts["api"]: no include of the URL conf has the namespace "api" (a part is named by the whole namespace path: "shop:api"?)`},
		{"empty", map[string]dispatcher.Part{"": {}}, `Parts[""]: the empty namespace is the whole site`},
		{"nil middleware", map[string]dispatcher.Part{"shop": {Middleware: []func(http.Handler) http.Handler{nil}}}, `Parts["shop"].Middleware[0] is nil`},
		{"nil handler", map[string]dispatcher.Part{"shop:api": {ErrorHandlers: map[int]http.Handler{404: nil}}}, `Parts["shop:api"].ErrorHandlers[404] is nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dispatcher.New(conf, reg, dispatcher.Options{Parts: tt.parts, Logger: discardLogger()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}
