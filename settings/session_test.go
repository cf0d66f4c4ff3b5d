package settings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/settings"
)

func TestSessionDefaultsAreSafe(t *testing.T) {
	s := settings.Default()
	if s.SessionStore != "memory" || s.SessionURL != "" {
		t.Errorf("store %q url %q, want memory and no URL", s.SessionStore, s.SessionURL)
	}
	if !s.SessionCookieHTTPOnly || s.SessionCookieSameSite != "lax" || s.SessionCookiePath != "/" {
		t.Errorf("cookie HttpOnly %v SameSite %q Path %q", s.SessionCookieHTTPOnly, s.SessionCookieSameSite, s.SessionCookiePath)
	}
	if s.SessionStoreTimeout <= 0 || s.SessionStoreTimeout > 5*time.Second {
		t.Errorf("store timeout %v, want a small positive bound", s.SessionStoreTimeout)
	}
	// Debug off: Secure unless said otherwise. Debug on: not Secure, so
	// that the development server works over plain HTTP.
	if !s.SessionCookieSecureEffective() {
		t.Error("debug off: cookie not Secure by default")
	}
	s.Debug = true
	if s.SessionCookieSecureEffective() {
		t.Error("debug on: cookie Secure by default")
	}
	yes := true
	s.SessionCookieSecure = &yes
	if !s.SessionCookieSecureEffective() {
		t.Error("debug on, session_cookie_secure = true: cookie not Secure")
	}
}

func TestSessionSettingsFromFileAndEnv(t *testing.T) {
	s, errText := load(t, `debug = true
session_store = "sqlite"
session_url = "/var/lib/site/sessions.db"
session_lifetime = "12h"
session_idle_timeout = "20m"
session_store_timeout = "500ms"
session_cookie_name = "sid"
session_cookie_secure = true
session_cookie_httponly = false
session_cookie_samesite = "Strict"
session_cookie_path = "/app/"
session_cookie_domain = "example.com"
`, "HOOP_SESSION_STORE=redis", "HOOP_SESSION_URL=redis://127.0.0.1:6379/2", "HOOP_SESSION_COOKIE_SECURE=false",
		"HOOP_SESSION_STORE_TIMEOUT=1s")
	if errText != "" {
		t.Fatal(errText)
	}
	if s.SessionStore != "redis" || s.SessionURL != "redis://127.0.0.1:6379/2" {
		t.Errorf("env did not override the store: %q %q", s.SessionStore, s.SessionURL)
	}
	if s.SessionLifetime != 12*time.Hour || s.SessionIdleTimeout != 20*time.Minute || s.SessionStoreTimeout != time.Second {
		t.Errorf("durations %v %v %v", s.SessionLifetime, s.SessionIdleTimeout, s.SessionStoreTimeout)
	}
	if s.SessionCookieName != "sid" || s.SessionCookieHTTPOnly || s.SessionCookieSameSite != "Strict" ||
		s.SessionCookiePath != "/app/" || s.SessionCookieDomain != "example.com" {
		t.Errorf("cookie settings %+v", s)
	}
	if s.SessionCookieSecure == nil || *s.SessionCookieSecure || s.SessionCookieSecureEffective() {
		t.Errorf("HOOP_SESSION_COOKIE_SECURE=false not applied: %v", s.SessionCookieSecure)
	}

	// Set in the file only: the pointer is set from TOML too.
	s, errText = load(t, "debug = true\nsession_cookie_secure = true\n")
	if errText != "" || s.SessionCookieSecure == nil || !*s.SessionCookieSecure {
		t.Errorf("TOML session_cookie_secure: %v %q", s.SessionCookieSecure, errText)
	}
}

func TestSessionSettingsErrors(t *testing.T) {
	tests := []struct {
		toml    string
		environ []string
		want    []string
	}{
		{toml: `session_store = "Redis Cluster"`, want: []string{`settings: session_store: must be a store name (lower-case letters, digits, - and _) such as memory, sqlite, postgres, redis, got "Redis Cluster"`}},
		{toml: `session_store = ""`, want: []string{`settings: session_store: must be a store name`}},
		{toml: `session_store = "2redis"`, want: []string{`settings: session_store: must be a store name`}},
		{toml: `session_store = "redis"`, want: []string{`settings: session_url: must be set for session_store "redis"`}},
		{environ: []string{"HOOP_SESSION_URL=redis://x"}, want: []string{`settings: session_url: is set, but session_store is "memory"`}},
		{toml: `session_lifetime = "0s"`, want: []string{"settings: session_lifetime: must be positive"}},
		{toml: `session_idle_timeout = "-1s"`, want: []string{"settings: session_idle_timeout: must not be negative"}},
		{toml: `session_store_timeout = "0s"`, want: []string{"settings: session_store_timeout: must be positive"}},
		{toml: `session_cookie_name = "my session"`, want: []string{"settings: session_cookie_name: must be a non-empty cookie name"}},
		{toml: `session_cookie_name = ""`, want: []string{"settings: session_cookie_name: must be a non-empty cookie name"}},
		{toml: `session_cookie_path = "app"`, want: []string{`settings: session_cookie_path: must begin with "/"`}},
		{toml: `session_cookie_domain = "a.com; x=y"`, want: []string{"settings: session_cookie_domain: must be a domain name"}},
		{toml: `session_cookie_samesite = "loose"`, want: []string{`settings: session_cookie_samesite: must be "lax", "strict" or "none"`}},
		// Debug on: not Secure by default, so SameSite=None is refused.
		{toml: `session_cookie_samesite = "none"`, want: []string{`settings: session_cookie_samesite: "none" needs a Secure cookie`}},
		{toml: `session_cookie_secure = "yes"`, want: []string{"settings: hoop.toml:2: session_cookie_secure: expected a boolean, got string \"yes\""}},
		{environ: []string{"HOOP_SESSION_COOKIE_SECURE=maybe"}, want: []string{`HOOP_SESSION_COOKIE_SECURE: invalid boolean "maybe"`}},
		{environ: []string{"HOOP_SESSION_STOR=redis"}, want: []string{"settings: HOOP_SESSION_STOR: unknown environment variable (did you mean HOOP_SESSION_STORE?)"}},
	}
	for _, tt := range tests {
		_, errText := load(t, "debug = true\n"+tt.toml+"\n", tt.environ...)
		for _, w := range tt.want {
			if !strings.Contains(errText, w) {
				t.Errorf("toml %q env %q:\n got %s\nwant %s", tt.toml, tt.environ, errText, w)
			}
		}
	}
	// A store a site registers itself: any store name, with a URL or not
	// (package sessions checks at start-up that it is linked).
	for _, toml := range []string{`session_store = "mongo"`, "session_store = \"cookie-v2\"\nsession_url = \"x\""} {
		if _, errText := load(t, "debug = true\n"+toml+"\n"); errText != "" {
			t.Errorf("%s: %s", toml, errText)
		}
	}
	// SameSite=None with Secure is fine, debug or not.
	if _, errText := load(t, "debug = true\nsession_cookie_samesite = \"none\"\nsession_cookie_secure = true\n"); errText != "" {
		t.Errorf("SameSite=None with Secure: %s", errText)
	}
	if _, errText := load(t, "allowed_hosts = [\"x\"]\nsecret_key = \"0123456789abcdef0123456789abcdef0123456789abcdef-t\"\nsession_cookie_samesite = \"None\"\n"); errText != "" {
		t.Errorf("SameSite=None with debug off (Secure by default): %s", errText)
	}
}
