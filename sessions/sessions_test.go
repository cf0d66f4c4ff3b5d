package sessions_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
)

func TestCounterAndAccessors(t *testing.T) {
	ts := newTestSite(t, testSettings(), sessions.Options{})
	for i := 1; i <= 3; i++ {
		if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count="+string(rune('0'+i)) {
			t.Fatalf("visit %d: %d %q", i, r.status, r.body)
		}
	}
	r := ts.get(t, "/read/")
	mustContain(t, "read", r.body, "n=3", "exists=true", `name=""`, "flag=false")
	if r.header.Get("Vary") != "Cookie" {
		t.Errorf("a page that read the session: Vary %q, want Cookie", r.header.Get("Vary"))
	}
	r = ts.get(t, "/pop/")
	mustContain(t, "pop", r.body, "popped=3", `popstring=""`)
	mustContain(t, "after pop", ts.get(t, "/read/").body, "n=0", "exists=false")
}

func TestCookieDefaults(t *testing.T) {
	cookieOf := func(s settings.Settings) string {
		t.Helper()
		m, err := sessions.New(s, sessions.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sessions.Put(r, "k", "v")
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		return rec.Header().Get("Set-Cookie")
	}
	s := settings.Default() // debug off
	c := cookieOf(s)
	mustContain(t, "debug off", c, "hoop_session=", "; Path=/", "; HttpOnly", "; Secure", "; SameSite=Lax", "; Max-Age=86400")
	if strings.Contains(c, "Domain=") {
		t.Errorf("debug off: %q has a Domain", c)
	}

	s.Debug = true
	if c := cookieOf(s); strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("debug on: %q, want HttpOnly and not Secure", c)
	}

	yes, no := true, false
	s.SessionCookieSecure = &yes
	s.SessionCookieName = "sid"
	s.SessionCookieSameSite = "Strict"
	s.SessionCookiePath = "/app/"
	s.SessionCookieDomain = "example.com"
	s.SessionLifetime = time.Hour
	mustContain(t, "configured", cookieOf(s), "sid=", "; Path=/app/", "; Domain=example.com", "; Secure", "; SameSite=Strict", "; Max-Age=3600")

	s.Debug = false
	s.SessionCookieSecure = &no
	s.SessionCookieHTTPOnly = false
	if c := cookieOf(s); strings.Contains(c, "Secure") || strings.Contains(c, "HttpOnly") {
		t.Errorf("secure and httponly off: %q", c)
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	s := testSettings()
	s.SessionStore = "redis"
	_, err := sessions.New(s, sessions.Options{})
	if err == nil || !strings.Contains(err.Error(), "session_url: must be set") {
		t.Errorf("redis without a URL: %v", err)
	}
	s.SessionURL = "http://127.0.0.1:6379"
	_, err = sessions.New(s, sessions.Options{})
	if err == nil || !strings.Contains(err.Error(), "not a redis URL") {
		t.Errorf("a redis URL with another scheme: %v", err)
	}
}

// Stores that are not running fail New with a clear message, quickly:
// on the refused connection, not at the end of a wait. The start-up
// timeout is an hour, so that only the refusal can end New here.
func TestUnreachableStoresFailAtStartup(t *testing.T) {
	for _, tc := range []struct{ store, url, want string }{
		{"redis", "redis://127.0.0.1:1/0", "sessions: redis store at 127.0.0.1:1 (db 0) is unreachable"},
		{"postgres", "postgres://hoop:secret@127.0.0.1:1/hoop", `sessions: postgres store at 127.0.0.1:1 (database "hoop", user "hoop") is unreachable`},
	} {
		s := testSettings()
		s.SessionStore, s.SessionURL = tc.store, tc.url
		_, err := sessions.New(s, sessions.Options{StartupTimeout: time.Hour})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant %s", tc.store, err, tc.want)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error shows the password: %v", tc.store, err)
		}
		if !errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v; want the refused connection, not a timeout", tc.store, err)
		}
	}
}

// Requests that never touch the session cost no store call and set no
// cookie, even when they carry a session cookie.
func TestLazySessions(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	r := ts.get(t, "/plain/")
	if r.status != 200 || r.header.Get("Set-Cookie") != "" || r.header.Get("Vary") != "" {
		t.Errorf("plain page without a cookie: %d %v", r.status, r.header)
	}
	ts.get(t, "/counter/")
	if ts.cookie(t) == "" {
		t.Fatal("the counter set no cookie")
	}
	f.finds.Store(0)
	f.commits.Store(0)
	for range 5 {
		if r := ts.get(t, "/plain/"); r.status != 200 || r.header.Get("Set-Cookie") != "" {
			t.Errorf("plain page with a cookie: %d %v", r.status, r.header)
		}
	}
	if n, c := f.finds.Load(), f.commits.Load(); n != 0 || c != 0 {
		t.Errorf("pages without sessions: %d finds, %d commits; want none", n, c)
	}
	// Reading is one find and no commit; reading a new session, nothing.
	ts.get(t, "/read/")
	if n, c := f.finds.Load(), f.commits.Load(); n != 1 || c != 0 {
		t.Errorf("a read: %d finds, %d commits; want 1 and 0", n, c)
	}
	fresh := newTestSite(t, testSettings(), sessions.Options{Store: f})
	f.finds.Store(0)
	if r := fresh.get(t, "/read/"); r.header.Get("Set-Cookie") != "" || f.finds.Load() != 0 || f.commits.Load() != 0 {
		t.Errorf("reading a new session: Set-Cookie %q, %d finds, %d commits; want nothing", r.header.Get("Set-Cookie"), f.finds.Load(), f.commits.Load())
	}
}

// A cookie that cannot be a token gets a new anonymous session, and is
// never looked up in the store (corpus C1: a 10 KB junk cookie).
func TestJunkCookie(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	for _, junk := range []string{strings.Repeat("A", 10<<10), strings.Repeat("a", 65), "abc.def", "a%20b"} {
		ts.setCookie(t, junk)
		f.finds.Store(0)
		r := ts.get(t, "/counter/")
		if r.status != 200 || r.body != "count=1" {
			t.Errorf("junk cookie of %d bytes: %d %q", len(junk), r.status, r.body)
		}
		if f.finds.Load() != 0 {
			t.Errorf("junk cookie of %d bytes was looked up in the store", len(junk))
		}
		if c := ts.cookie(t); c == junk || len(c) != 43 {
			t.Errorf("junk cookie of %d bytes: the new cookie is %q", len(junk), c)
		}
	}
	// A well-formed token the store does not know: a new session too.
	ts.setCookie(t, strings.Repeat("x", 43))
	if r := ts.get(t, "/counter/"); r.body != "count=1" || ts.cookie(t) == strings.Repeat("x", 43) {
		t.Errorf("unknown token: %q, cookie %q", r.body, ts.cookie(t))
	}
}

func TestLoginRenewsTokenLogoutDestroys(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	ts.get(t, "/counter/")
	before := ts.cookie(t)
	r := ts.get(t, "/login/?user=ada")
	after := ts.cookie(t)
	if r.status != 200 || after == "" || after == before {
		t.Fatalf("login: %d, token %q -> %q: want a new token", r.status, before, after)
	}
	mustContain(t, "after login", ts.get(t, "/whoami/").body, `user="ada"`, "loggedin=true", "n=1")

	// The old token is gone from the store: replaying it is anonymous.
	old := newTestSite(t, testSettings(), sessions.Options{Store: f})
	old.setCookie(t, before)
	mustContain(t, "the token from before login", old.get(t, "/whoami/").body, `user=""`, "loggedin=false", "n=0")

	// Another user logging in on this session starts it empty.
	ts.get(t, "/login/?user=bob")
	mustContain(t, "another login", ts.get(t, "/whoami/").body, `user="bob"`, "n=0")

	r = ts.get(t, "/logout/")
	mustContain(t, "logout cookie", r.header.Get("Set-Cookie"), "hoop_session=;", "Max-Age=0")
	if ts.cookie(t) != "" {
		t.Error("the jar kept the session cookie after logout")
	}
	old.setCookie(t, after)
	mustContain(t, "the token from before logout", old.get(t, "/whoami/").body, `user=""`, "loggedin=false")
}

func TestHeadersAndStatusesGoThrough(t *testing.T) {
	ts := newTestSite(t, testSettings(), sessions.Options{})
	r := ts.get(t, "/redirect/")
	if r.status != 302 || r.header.Get("Location") != "/read/" || r.header.Get("Set-Cookie") == "" {
		t.Errorf("redirect: %d %v", r.status, r.header)
	}
	mustContain(t, "after redirect", ts.get(t, "/read/").body, "flag=true")

	r = ts.get(t, "/stream/")
	if r.status != 200 || r.body != "first chunk;second chunk" || r.header.Get("Set-Cookie") == "" {
		t.Errorf("stream: %d %q %v", r.status, r.body, r.header)
	}
	// A raised redirect (a panic with a views.HTTPError) saves the session.
	r = ts.get(t, "/raise/")
	if r.status != 302 || r.header.Get("Location") != "/read/" {
		t.Errorf("raise: %d %v", r.status, r.header)
	}
	mustContain(t, "after raise", ts.get(t, "/read/").body, `name="raised"`)
	// So does an error a Func view returns.
	if r := ts.get(t, "/func/"); r.status != 404 {
		t.Errorf("func: %d", r.status)
	}
	mustContain(t, "after func", ts.get(t, "/read/").body, `name="func"`)
	// A view that writes nothing: an empty 200, with the session saved.
	if r := ts.get(t, "/empty/"); r.status != 200 || r.body != "" {
		t.Errorf("empty: %d %q", r.status, r.body)
	}
	mustContain(t, "after empty", ts.get(t, "/read/").body, "n=5")
	// A panic that is not an HTTPError is still the dispatcher's 500.
	if r := ts.get(t, "/boom/"); r.status != 500 {
		t.Errorf("boom: %d", r.status)
	}
	mustContain(t, "the panic's log keeps its stack", ts.log.String(), "boom", "sessions_test.testViews")
}

func TestChangeAfterResponseStartedIsLogged(t *testing.T) {
	ts := newTestSite(t, testSettings(), sessions.Options{})
	if r := ts.get(t, "/late/"); r.status != 200 || r.body != "body first; " {
		t.Errorf("late: %d %q", r.status, r.body)
	}
	mustContain(t, "log", ts.log.String(), "changed after the response started")
	if ts.cookie(t) != "" {
		t.Error("a session changed too late still set a cookie")
	}
}

// The store is down: session pages get a 503 with Retry-After (JSON for
// scripts), pages without sessions keep answering 200, and service
// resumes by itself.
func TestStoreDown(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f, RetryAfter: 3 * time.Second})
	ts.get(t, "/counter/")
	f.set("down")
	for _, path := range []string{"/counter/", "/read/", "/whoami/", "/login/?user=x", "/logout/", "/redirect/", "/stream/"} {
		r := ts.get(t, path)
		if r.status != 503 || r.header.Get("Retry-After") != "3" {
			t.Errorf("%s with the store down: %d, Retry-After %q", path, r.status, r.header.Get("Retry-After"))
		}
		mustContain(t, path+" body", r.body, "Service Unavailable", "session store")
		if strings.Contains(r.body, "count=") || r.header.Get("X-View") != "" || r.header.Get("Location") != "" || r.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: the view's response leaked into the 503: %v %q", path, r.header, r.body)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q, want HTML for a browser", path, ct)
		}
	}
	r := ts.get(t, "/counter/", "Accept", "application/json")
	var problem map[string]any
	if r.status != 503 || r.header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(r.body), &problem) != nil || problem["status"] != 503.0 {
		t.Errorf("JSON client: %d %q %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	if r := ts.get(t, "/counter/", "X-Requested-With", "XMLHttpRequest"); !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("AJAX client: %q", r.header.Get("Content-Type"))
	}
	if r := ts.get(t, "/plain/"); r.status != 200 || r.body != "plain page" {
		t.Errorf("plain page with the store down: %d %q", r.status, r.body)
	}
	if r := ts.get(t, "/degrade/"); r.status != 200 || r.body != "degraded: true" {
		t.Errorf("a view that checks Load: %d %q", r.status, r.body)
	}
	mustContain(t, "log", ts.log.String(), "sessions: store unavailable", "connection refused")

	f.set("")
	if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count=2" {
		t.Errorf("after the store came back: %d %q", r.status, r.body)
	}
}

// The store answers reads but fails to save: the view's response,
// whatever it was, is dropped for the 503. Never a half response.
func TestFailedSaveNeverGivesAHalfResponse(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	ts.get(t, "/counter/")
	f.set("commit-down")
	for _, path := range []string{"/counter/", "/redirect/", "/stream/", "/raise/", "/func/", "/empty/"} {
		r := ts.get(t, path)
		if r.status != 503 || r.header.Get("Retry-After") == "" {
			t.Errorf("%s: %d, Retry-After %q", path, r.status, r.header.Get("Retry-After"))
		}
		for _, leaked := range []string{"count=", "chunk", "Not Found", "nothing here"} {
			if strings.Contains(r.body, leaked) {
				t.Errorf("%s: the 503 carries the view's body: %q", path, r.body)
			}
		}
		if r.header.Get("Location") != "" || r.header.Get("X-View") != "" || r.header.Get("Set-Cookie") != "" {
			t.Errorf("%s: the 503 carries the view's headers: %v", path, r.header)
		}
	}
	// Reading does not save: it still works.
	if r := ts.get(t, "/read/"); r.status != 200 {
		t.Errorf("read with commits failing: %d", r.status)
	}
	f.set("")
	if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count=2" {
		t.Errorf("after the store came back: %d %q", r.status, r.body)
	}
}

// A slow store never stalls a request past the store timeout, whether
// it honours its context or not (an scs.Store without one). The
// requests run on synctest's clock, which moves only when every
// goroutine of the test waits: the 503 comes exactly at the timeout,
// not when the store answers (an hour later, when stuck), and a store
// with a context sees it end. A page without sessions calls no store
// and waits for nothing.
func TestStoreTimeoutBoundsEveryCall(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mode  string
		plain bool
	}{
		{"context store, slow", "slow", false},
		{"context store ignoring its context", "stuck", false},
		{"store without contexts", "stuck", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeStore()
			opts := sessions.Options{Store: f}
			if tc.plain {
				opts.Store = plainStore{f}
			}
			s := testSettings()
			s.SessionStoreTimeout = 100 * time.Millisecond
			ts := newTestSite(t, s, opts)
			synctest.Test(t, func(t *testing.T) {
				if r := ts.serve(t, "/counter/"); r.status != 200 || r.body != "count=1" {
					t.Fatalf("before: %d %q", r.status, r.body)
				}
				f.set(tc.mode)
				start := time.Now()
				r := ts.serve(t, "/counter/")
				if took := time.Since(start); took != s.SessionStoreTimeout {
					t.Errorf("the request took %v; want the store timeout, %v", took, s.SessionStoreTimeout)
				}
				if r.status != 503 || r.header.Get("Retry-After") == "" {
					t.Errorf("%d, Retry-After %q", r.status, r.header.Get("Retry-After"))
				}
				mustContain(t, "log", ts.log.String(), "no answer within the store timeout (100ms)")
				synctest.Wait() // the store's goroutine saw its context end, if it will
				if tc.mode == "slow" && f.cancelled.Load() != 1 {
					t.Errorf("%d store calls saw their context end; want the one that timed out", f.cancelled.Load())
				}
				calls := f.finds.Load() + f.commits.Load() + f.deletes.Load()
				start = time.Now()
				if r := ts.serve(t, "/plain/"); r.status != 200 || time.Since(start) != 0 {
					t.Errorf("plain page with a slow store: %d after %v", r.status, time.Since(start))
				}
				if n := f.finds.Load() + f.commits.Load() + f.deletes.Load(); n != calls {
					t.Errorf("the plain page made %d store calls", n-calls)
				}
				// A stuck store answers an hour later: the bubble waits
				// for it on its clock, and ends with every goroutine.
				time.Sleep(time.Hour)
			})
		})
	}
}

// The sqlite store keeps sessions in a file, across restarts.
func TestSQLiteStoreIsDurable(t *testing.T) {
	s := testSettings()
	s.SessionStore = "sqlite"
	s.SessionURL = filepath.Join(t.TempDir(), "sessions.db")
	ts := newTestSite(t, s, sessions.Options{})
	for i := 1; i <= 3; i++ {
		if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count="+string(rune('0'+i)) {
			t.Fatalf("visit %d: %d %q", i, r.status, r.body)
		}
	}
	cookie := ts.cookie(t)
	ts.srv.Close()
	ts.m.Close()

	restarted := newTestSite(t, s, sessions.Options{}) // the table exists now
	restarted.setCookie(t, cookie)
	if r := restarted.get(t, "/counter/"); r.status != 200 || r.body != "count=4" {
		t.Errorf("after a restart: %d %q", r.status, r.body)
	}
	restarted.get(t, "/login/?user=ada")
	mustContain(t, "login on sqlite", restarted.get(t, "/whoami/").body, `user="ada"`)
	restarted.get(t, "/logout/")
	mustContain(t, "logout on sqlite", restarted.get(t, "/whoami/").body, `user=""`)

	bad := testSettings()
	bad.SessionStore, bad.SessionURL = "sqlite", filepath.Join(t.TempDir(), "no", "such", "dir", "s.db")
	if _, err := sessions.New(bad, sessions.Options{}); err == nil || !strings.Contains(err.Error(), "sessions: sqlite store") {
		t.Errorf("sqlite in a missing directory: %v", err)
	}
}

// An idle timeout writes every read session back, to push its expiry.
func TestIdleTimeout(t *testing.T) {
	f := newFakeStore()
	s := testSettings()
	s.SessionIdleTimeout = time.Hour
	ts := newTestSite(t, s, sessions.Options{Store: f})
	ts.get(t, "/counter/")
	f.commits.Store(0)
	r := ts.get(t, "/read/")
	if f.commits.Load() != 1 || r.header.Get("Set-Cookie") == "" {
		t.Errorf("a read with an idle timeout: %d commits, Set-Cookie %q; want 1 and a cookie", f.commits.Load(), r.header.Get("Set-Cookie"))
	}
	mustContain(t, "idle cookie", r.header.Get("Set-Cookie"), "Max-Age=3600")
}

// Session data that no longer decodes is an empty session, not an error.
func TestUndecodableSessionIsEmpty(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	ts.get(t, "/counter/")
	all, _ := f.inner.All()
	if len(all) != 1 {
		t.Fatalf("%d sessions in the store", len(all))
	}
	for token := range all {
		if token == ts.cookie(t) {
			t.Error("the store holds the raw token; want its hash")
		}
		f.inner.Commit(token, []byte("not gob"), time.Now().Add(time.Hour))
	}
	if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count=1" {
		t.Errorf("undecodable data: %d %q", r.status, r.body)
	}
	mustContain(t, "log", ts.log.String(), "cannot be decoded")
}

func TestAccessorWithoutMiddlewarePanicsClearly(t *testing.T) {
	defer func() {
		v := recover()
		if s, _ := v.(string); !strings.Contains(s, "dispatcher.Options.Middleware") {
			t.Errorf("panic %v", v)
		}
	}()
	sessions.Get(httptest.NewRequest("GET", "/", nil), "k")
}

// A view that takes the connection over (a WebSocket upgrade) has its
// session saved first.
func TestHijackSavesTheSessionFirst(t *testing.T) {
	f := newFakeStore()
	m, err := sessions.New(testSettings(), sessions.Options{Store: f})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.Put(r, "n", 1)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		buf.Flush()
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || f.commits.Load() != 1 {
		t.Errorf("hijack: status %d, %d commits; want 200 and 1", resp.StatusCode, f.commits.Load())
	}
}
