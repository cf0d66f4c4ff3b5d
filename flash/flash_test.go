package flash_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/flash"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
)

const testKey = "flash-test-key-0123456789abcdef0123456789abcdef-0123"

func testSettings() settings.Settings {
	s := settings.Default()
	s.SecretKey = testKey
	// Not a limit: a session store call must never fail because a busy
	// machine paused it.
	s.SessionStoreTimeout = time.Hour
	return s
}

// site is a handler with the flash middleware: ?add=TEXT adds a message,
// ?show=1 writes the messages, one per line.
func site(t *testing.T, store flash.Store, log *slog.Logger) http.Handler {
	t.Helper()
	return flash.Middleware(store, log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, text := range r.URL.Query()["add"] {
			flash.Add(r, flash.Success, text)
		}
		if r.URL.Query().Get("show") != "" {
			for _, m := range flash.Messages(r) {
				fmt.Fprintf(w, "%s: %s\n", m.Level, m.Text)
			}
		}
	}))
}

// browser sends requests with the cookies the responses set.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
}

func (b *browser) get(target string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]*http.Cookie{}}
}

func cookieStore(t *testing.T, s settings.Settings) flash.Store {
	t.Helper()
	store, err := flash.CookieStore(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// The same scenario on both stores: set in one request, shown once in
// the next, kept while unread.
func TestMessagesAcrossRequests(t *testing.T) {
	sm, err := sessions.New(testSettings(), sessions.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stores := map[string]http.Handler{
		"cookie":  site(t, cookieStore(t, testSettings()), nil),
		"session": sm.Middleware(site(t, flash.SessionStore(), nil)),
	}
	for name, h := range stores {
		t.Run(name, func(t *testing.T) {
			b := newBrowser(t, h)
			steps := []struct {
				target string
				want   string
			}{
				{"/?add=Saved.", ""},
				{"/", ""}, // not read: kept
				{"/?add=Again.", ""},
				{"/?show=1", "success: Saved.\nsuccess: Again.\n"},
				{"/?show=1", ""}, // shown once
				{"/?add=Now.&show=1", "success: Now.\n"},
				{"/?show=1", ""}, // shown in the request that added it: not stored
			}
			for i, s := range steps {
				if got := b.get(s.target).Body.String(); got != s.want {
					t.Fatalf("step %d, GET %s: %q, want %q", i, s.target, got, s.want)
				}
			}
		})
	}
}

// A request that neither adds nor reads sets no cookie and does not
// touch the session: anonymous traffic stays free.
func TestUntouchedRequestWritesNothing(t *testing.T) {
	sm, err := sessions.New(testSettings(), sessions.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.Handler{
		"cookie":  site(t, cookieStore(t, testSettings()), nil),
		"session": sm.Middleware(site(t, flash.SessionStore(), nil)),
	} {
		t.Run(name, func(t *testing.T) {
			for _, target := range []string{"/", "/?show=1"} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
				if sc := rec.Header().Values("Set-Cookie"); len(sc) != 0 {
					t.Errorf("GET %s set %q", target, sc)
				}
			}
		})
	}
}

func TestCookieIsSignedAndRotates(t *testing.T) {
	old := testSettings()
	old.SecretKey = "the-old-key-0123456789abcdef0123456789abcdef-012345"
	rotated := testSettings()
	rotated.SecretKeyFallbacks = []string{old.SecretKey}
	cookieFrom := func(s settings.Settings, text string) *http.Cookie {
		b := newBrowser(t, site(t, cookieStore(t, s), nil))
		b.get("/?add=" + text)
		return b.cookies[flash.CookieName]
	}
	forged := cookieFrom(testSettings(), "Hello.")
	forged.Value = strings.Replace(forged.Value, forged.Value[:4], "eyJs", 1)
	for _, tc := range []struct {
		name   string
		cookie *http.Cookie
		reader settings.Settings
		want   string
	}{
		{"same key", cookieFrom(testSettings(), "Hello."), testSettings(), "success: Hello.\n"},
		{"signed with a fallback key", cookieFrom(old, "Hello."), rotated, "success: Hello.\n"},
		{"signed with a retired key", cookieFrom(old, "Hello."), testSettings(), ""},
		{"altered", forged, testSettings(), ""},
		{"not signed at all", &http.Cookie{Name: flash.CookieName, Value: "W3sibCI6NDAsInQiOiJ4In1d"}, testSettings(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/?show=1", nil)
			req.AddCookie(tc.cookie)
			rec := httptest.NewRecorder()
			site(t, cookieStore(t, tc.reader), nil).ServeHTTP(rec, req)
			if rec.Body.String() != tc.want {
				t.Errorf("shown %q, want %q", rec.Body.String(), tc.want)
			}
		})
	}
}

func TestCookieAttributes(t *testing.T) {
	for _, tc := range []struct {
		debug, secure bool
	}{{false, true}, {true, false}} {
		t.Run(fmt.Sprintf("debug=%v", tc.debug), func(t *testing.T) {
			s := testSettings()
			s.Debug = tc.debug
			b := newBrowser(t, site(t, cookieStore(t, s), nil))
			b.get("/?add=x")
			c := b.cookies[flash.CookieName]
			if c == nil || !c.HttpOnly || c.Secure != tc.secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("cookie %+v", c)
			}
		})
	}
}

// Too many messages for a cookie: the oldest go, the newest stay.
func TestCookieDropsOldestToFit(t *testing.T) {
	b := newBrowser(t, site(t, cookieStore(t, testSettings()), nil))
	rng := rand.New(rand.NewPCG(1, 2)) // incompressible text, the same every run
	var q []string
	for i := range 40 {
		noise := make([]byte, 90)
		for j := range noise {
			noise[j] = byte(rng.Uint32())
		}
		q = append(q, fmt.Sprintf("add=%d-%s", i, base64.RawURLEncoding.EncodeToString(noise)))
	}
	b.get("/?" + strings.Join(q, "&"))
	if c := b.cookies[flash.CookieName]; c == nil || len(c.Value) > flash.MaxCookieBytes {
		t.Fatalf("cookie %v", c)
	}
	shown := b.get("/?show=1").Body.String()
	if !strings.Contains(shown, "success: 39-") || strings.Contains(shown, "success: 0-") {
		t.Errorf("shown:\n%s", shown)
	}
}

func TestAddAfterResponseStartedIsLogged(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	h := flash.Middleware(cookieStore(t, testSettings()), log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		flash.Add(r, flash.Info, "too late")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if len(rec.Result().Cookies()) != 0 || !strings.Contains(logged.String(), "after the response started") {
		t.Errorf("cookies %v, log %q", rec.Result().Cookies(), logged.String())
	}
}

func TestCookieStoreNeedsAKey(t *testing.T) {
	if _, err := flash.CookieStore(settings.Default(), nil); err == nil || !strings.Contains(err.Error(), "secret_key") {
		t.Errorf("CookieStore without a key: %v", err)
	}
}

func TestLevels(t *testing.T) {
	for l, want := range map[flash.Level]string{flash.Debug: "debug", flash.Info: "info", flash.Success: "success", flash.Warning: "warning", flash.Error: "error", 99: "info"} {
		if l.String() != want {
			t.Errorf("Level(%d) = %q, want %q", int(l), l.String(), want)
		}
	}
}
