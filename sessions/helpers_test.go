package sessions_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2/memstore"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// testSettings are settings for tests over plain HTTP: debug on, so the
// cookie is not Secure and a cookie jar sends it back. Their store
// timeout is an hour, not a limit: a store call must never fail because
// a busy machine paused it. The tests of the timeout set a short one
// and either run on synctest's clock (the fake stores) or freeze the
// store, so that nothing but the timeout can end the call.
func testSettings() settings.Settings {
	s := settings.Default()
	s.Debug = true
	s.SessionStoreTimeout = time.Hour
	return s
}

// fakeStore is a store whose failures the test chooses: it answers from
// a memstore, counts its calls, and can be down (every call fails at
// once), slow (every call waits for its context to end, and counts it
// in cancelled), stuck (every call ignores its context and answers an
// hour later: for synctest's clock only), or fail commits only.
type fakeStore struct {
	inner *memstore.MemStore

	mu   sync.Mutex
	mode string // "", "down", "slow", "stuck", "commit-down"

	finds, commits, deletes atomic.Int64
	cancelled               atomic.Int64 // slow calls whose context ended
}

func newFakeStore() *fakeStore { return &fakeStore{inner: memstore.NewWithCleanupInterval(0)} }

func (f *fakeStore) set(mode string) {
	f.mu.Lock()
	f.mode = mode
	f.mu.Unlock()
}

func (f *fakeStore) gate(ctx context.Context, op string) error {
	f.mu.Lock()
	mode := f.mode
	f.mu.Unlock()
	switch {
	case mode == "down", mode == "commit-down" && op == "commit":
		return errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	case mode == "slow":
		<-ctx.Done()
		f.cancelled.Add(1)
		return ctx.Err()
	case mode == "stuck":
		time.Sleep(time.Hour)
	}
	return nil
}

func (f *fakeStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	f.finds.Add(1)
	if err := f.gate(ctx, "find"); err != nil {
		return nil, false, err
	}
	return f.inner.Find(token)
}

func (f *fakeStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	f.commits.Add(1)
	if err := f.gate(ctx, "commit"); err != nil {
		return err
	}
	return f.inner.Commit(token, b, expiry)
}

func (f *fakeStore) DeleteCtx(ctx context.Context, token string) error {
	f.deletes.Add(1)
	if err := f.gate(ctx, "delete"); err != nil {
		return err
	}
	return f.inner.Delete(token)
}

func (f *fakeStore) Find(token string) ([]byte, bool, error) {
	return f.FindCtx(context.Background(), token)
}

func (f *fakeStore) Commit(token string, b []byte, expiry time.Time) error {
	return f.CommitCtx(context.Background(), token, b, expiry)
}

func (f *fakeStore) Delete(token string) error { return f.DeleteCtx(context.Background(), token) }

// plainStore has no context methods: an scs.Store only, which ignores
// timeouts when stuck.
type plainStore struct{ f *fakeStore }

func (p plainStore) Find(token string) ([]byte, bool, error) { return p.f.Find(token) }
func (p plainStore) Commit(token string, b []byte, expiry time.Time) error {
	return p.f.Commit(token, b, expiry)
}
func (p plainStore) Delete(token string) error { return p.f.Delete(token) }

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testURLs are the views of the test site, by what they do with the
// session.
func testURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("plain/", "plain"),
		urlconf.Path("counter/", "counter"),
		urlconf.Path("read/", "read"),
		urlconf.Path("redirect/", "redirect"),
		urlconf.Path("stream/", "stream"),
		urlconf.Path("raise/", "raise"),
		urlconf.Path("func/", "func"),
		urlconf.Path("login/", "login"),
		urlconf.Path("logout/", "logout"),
		urlconf.Path("whoami/", "whoami"),
		urlconf.Path("late/", "late"),
		urlconf.Path("boom/", "boom"),
		urlconf.Path("degrade/", "degrade"),
		urlconf.Path("pop/", "pop"),
		urlconf.Path("empty/", "empty"),
	}
}

func testViews() *views.Registry {
	reg := views.NewRegistry()
	reg.HandleFunc("plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-View", "plain")
		io.WriteString(w, "plain page")
	})
	reg.HandleFunc("counter", func(w http.ResponseWriter, r *http.Request) {
		n := sessions.GetInt(r, "n") + 1
		sessions.Put(r, "n", n)
		w.Header().Set("X-View", "counter")
		fmt.Fprintf(w, "count=%d", n)
	})
	reg.HandleFunc("read", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "n=%d name=%q exists=%v flag=%v", sessions.GetInt(r, "n"), sessions.GetString(r, "name"),
			sessions.Exists(r, "n"), sessions.GetBool(r, "flag"))
	})
	reg.HandleFunc("redirect", func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "flag", true)
		w.Header().Set("Location", "/read/")
		w.WriteHeader(http.StatusFound)
	})
	reg.HandleFunc("stream", func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "n", 42)
		io.WriteString(w, "first chunk;")
		http.NewResponseController(w).Flush()
		io.WriteString(w, "second chunk")
	})
	reg.HandleFunc("raise", func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "name", "raised")
		panic(views.Redirect("/read/"))
	})
	reg.Handle("func", views.Func(func(r *http.Request) (any, error) {
		sessions.Put(r, "name", "func")
		return nil, views.NotFound("nothing here")
	}))
	reg.HandleFunc("login", func(w http.ResponseWriter, r *http.Request) {
		sessions.Login(r, r.URL.Query().Get("user"))
		io.WriteString(w, "logged in")
	})
	reg.HandleFunc("logout", func(w http.ResponseWriter, r *http.Request) {
		sessions.Logout(r)
		io.WriteString(w, "logged out")
	})
	reg.HandleFunc("whoami", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "user=%q loggedin=%v n=%d", sessions.UserID(r), sessions.LoggedIn(r), sessions.GetInt(r, "n"))
	})
	reg.HandleFunc("late", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "body first; ")
		sessions.Put(r, "n", 7) // too late: the response has started
	})
	reg.HandleFunc("boom", func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "n", 1)
		panic("boom")
	})
	reg.HandleFunc("degrade", func(w http.ResponseWriter, r *http.Request) {
		if err := sessions.Load(r); err != nil {
			io.WriteString(w, "degraded: "+fmt.Sprint(errors.Is(err, sessions.ErrUnavailable)))
			return
		}
		fmt.Fprintf(w, "n=%d", sessions.GetInt(r, "n"))
	})
	reg.HandleFunc("pop", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "popped=%v popstring=%q", sessions.Pop(r, "n"), sessions.PopString(r, "name"))
	})
	reg.HandleFunc("empty", func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "n", 5) // and writes nothing: an empty 200
	})
	return reg
}

type testSite struct {
	m       *sessions.Manager
	handler http.Handler // the site, for serve
	srv     *httptest.Server
	client  *http.Client
	log     *syncBuffer
}

// newTestSite serves the test views with sessions from s and opts, and
// a client with a cookie jar that does not follow redirects.
func newTestSite(t *testing.T, s settings.Settings, opts sessions.Options) *testSite {
	t.Helper()
	logs := &syncBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	m, err := sessions.New(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	conf, err := urlconf.New(testURLs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dispatcher.New(conf, testViews(), dispatcher.Options{
		Settings:   &s,
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
		Middleware: []func(http.Handler) http.Handler{m.Middleware},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &testSite{m: m, handler: d, srv: srv, client: client, log: logs}
}

type result struct {
	status int
	header http.Header
	body   string
}

func (ts *testSite) do(t *testing.T, method, path string, header ...string) result {
	t.Helper()
	req, err := http.NewRequest(method, ts.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return result{resp.StatusCode, resp.Header, string(b)}
}

func (ts *testSite) get(t *testing.T, path string, header ...string) result {
	t.Helper()
	return ts.do(t, http.MethodGet, path, header...)
}

// serve is get without the network: the site's handler serves the
// request on the calling goroutine, with the jar's cookies, and the
// cookies it sets go into the jar. The tests on synctest's clock use it,
// in a bubble created after the site (newTestSite): a bubble's clock
// cannot wait on a socket. Cookies set in a bubble expire on its clock:
// a test keeps them there.
func (ts *testSite) serve(t *testing.T, path string, header ...string) result {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, ts.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	for _, c := range ts.client.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	ts.handler.ServeHTTP(rec, req)
	res := rec.Result()
	ts.client.Jar.SetCookies(req.URL, res.Cookies())
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return result{res.StatusCode, res.Header, string(b)}
}

// cookie returns the session cookie the jar holds, or "".
func (ts *testSite) cookie(t *testing.T) string {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.srv.URL+"/", nil)
	for _, c := range ts.client.Jar.Cookies(req.URL) {
		if c.Name == ts.m.CookieName() {
			return c.Value
		}
	}
	return ""
}

// setCookie puts a session cookie with value into the jar.
func (ts *testSite) setCookie(t *testing.T, value string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.srv.URL+"/", nil)
	ts.client.Jar.SetCookies(req.URL, []*http.Cookie{{Name: ts.m.CookieName(), Value: value, Path: "/"}})
}

// envURL returns the URL of a real server from the environment: the
// test is skipped when it is not set, and fails instead under CI=true,
// where .ci/run starts the server.
func envURL(t *testing.T, name, what string) string {
	t.Helper()
	u := os.Getenv(name)
	if u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set, and CI=true: CI must run the %s tests (.ci/run starts %s and exports %s)", name, what, what, name)
	}
	t.Skipf("%s is not set: skipping the tests against a real %s (run .ci/run, or start one and export %s)", name, what, name)
	return ""
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q does not contain %q", what, got, w)
		}
	}
}
