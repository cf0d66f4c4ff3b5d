// Package settings holds a hoop site's configuration: a typed [Settings]
// struct with documented defaults, in the spirit of Django's settings module.
//
// [Load] builds the settings in three layers, each overriding the one before:
//
//  1. the defaults of [Default];
//  2. an optional TOML file (keys are the snake_case names documented on
//     each field, plus a free-form [site] table);
//  3. HOOP_* environment variables (HOOP_DEBUG, HOOP_ALLOWED_HOSTS, ...).
//
// Mistakes are errors, never silently ignored: an unknown TOML key or an
// unknown HOOP_* variable is reported (with a "did you mean" hint when a
// known name is close), as is a value of the wrong type. Every problem is
// reported at once, one line each, naming the source and the key.
// Finally [Settings.Validate] rejects unsafe or meaningless combinations.
//
// Durations are written as Go duration strings ("5s", "1m30s") in both
// the file and the environment. Lists in the environment are
// comma-separated. An environment variable set to the empty string is
// treated as unset (so HOOP_ALLOWED_HOSTS= does not clear the list).
//
// The environment layer uses github.com/caarlos0/env/v11 with an explicit
// environment map, driven by the env tags on [Settings]; hoop supplies
// only the value parsers, so errors read the same in the file and the
// environment.
package settings

import (
	"fmt"
	"net/netip"
	"time"
)

// Settings is the configuration of a hoop site. The zero value is not
// useful; start from [Default] or [Load].
type Settings struct {
	// Debug turns on debug behaviour: detailed error pages and the local
	// development hosts of EffectiveAllowedHosts. Never enable it in
	// production. Default false. TOML debug, env HOOP_DEBUG.
	Debug bool `toml:"debug" env:"DEBUG"`

	// AllowedHosts lists the host names the site may serve, as Django's
	// ALLOWED_HOSTS: an exact name ("www.example.com") matches that host
	// only, a name with a leading dot (".example.com") matches the domain
	// and all its subdomains, and "*" matches every host. Must be set when
	// Debug is off. Default empty. TOML allowed_hosts (an array of
	// strings), env HOOP_ALLOWED_HOSTS (comma-separated).
	AllowedHosts []string `toml:"allowed_hosts" env:"ALLOWED_HOSTS"`

	// SecretKey signs values that must not be forged (package signing:
	// flash message cookies, tokens in links). Keep it out of version
	// control: set it from the environment. With Debug off it must pass
	// CheckSecretKey (Django's security.W009, an error here). Default
	// empty. TOML secret_key, env HOOP_SECRET_KEY.
	SecretKey string `toml:"secret_key" env:"SECRET_KEY"`

	// SecretKeyFallbacks are former secret keys: what they signed is
	// still accepted, and nothing new is signed with them, so that the
	// key can be rotated (Django's SECRET_KEY_FALLBACKS). Drop a key once
	// what it signed has expired. Default empty. TOML
	// secret_key_fallbacks, env HOOP_SECRET_KEY_FALLBACKS
	// (comma-separated).
	SecretKeyFallbacks []string `toml:"secret_key_fallbacks" env:"SECRET_KEY_FALLBACKS"`

	// AppendSlash redirects a request whose path does not match any URL
	// pattern to the same path with a trailing slash, when that one
	// matches (Django's APPEND_SLASH). Default true. TOML append_slash,
	// env HOOP_APPEND_SLASH.
	AppendSlash bool `toml:"append_slash" env:"APPEND_SLASH"`

	// Addr is the host:port the server listens on. Default
	// "127.0.0.1:8000". TOML addr, env HOOP_ADDR.
	Addr string `toml:"addr" env:"ADDR"`

	// ASCIIPatterns compiles URL pattern regexes with Python's re.ASCII
	// meaning of \w, \d and \s (ASCII letters, digits and whitespace only)
	// instead of their Unicode meaning. Default false. TOML
	// ascii_patterns, env HOOP_ASCII_PATTERNS.
	ASCIIPatterns bool `toml:"ascii_patterns" env:"ASCII_PATTERNS"`

	// The timeouts below follow net/http: zero means no timeout.

	// ReadHeaderTimeout bounds reading a request's headers. Default 5s.
	// TOML read_header_timeout, env HOOP_READ_HEADER_TIMEOUT.
	ReadHeaderTimeout time.Duration `toml:"read_header_timeout" env:"READ_HEADER_TIMEOUT"`

	// ReadTimeout bounds reading a whole request, body included. Default
	// 30s. TOML read_timeout, env HOOP_READ_TIMEOUT.
	ReadTimeout time.Duration `toml:"read_timeout" env:"READ_TIMEOUT"`

	// WriteTimeout bounds writing a response. Default 60s. TOML
	// write_timeout, env HOOP_WRITE_TIMEOUT.
	WriteTimeout time.Duration `toml:"write_timeout" env:"WRITE_TIMEOUT"`

	// IdleTimeout bounds how long a keep-alive connection waits for the
	// next request. Default 120s. TOML idle_timeout, env HOOP_IDLE_TIMEOUT.
	IdleTimeout time.Duration `toml:"idle_timeout" env:"IDLE_TIMEOUT"`

	// ShutdownTimeout bounds a graceful shutdown: how long in-flight
	// requests may take to finish. Default 10s. TOML shutdown_timeout,
	// env HOOP_SHUTDOWN_TIMEOUT.
	ShutdownTimeout time.Duration `toml:"shutdown_timeout" env:"SHUTDOWN_TIMEOUT"`

	// MaxHeaderBytes bounds the size of a request's headers, in bytes.
	// Zero means net/http's default (1 MB). Default 1<<16 (64 KiB). TOML max_header_bytes, env
	// HOOP_MAX_HEADER_BYTES.
	MaxHeaderBytes int `toml:"max_header_bytes" env:"MAX_HEADER_BYTES"`

	// MaxBodyBytes bounds the size of a request body, in bytes. Zero means
	// no limit. Default 10 MiB. TOML max_body_bytes, env HOOP_MAX_BODY_BYTES.
	MaxBodyBytes int64 `toml:"max_body_bytes" env:"MAX_BODY_BYTES"`

	// MatchTimeout bounds one URL pattern match that needs the
	// backtracking regex engine (back-references, lookarounds...); a
	// request that runs it out gets 503. Default 50ms. TOML
	// match_timeout, env HOOP_MATCH_TIMEOUT.
	MatchTimeout time.Duration `toml:"match_timeout" env:"MATCH_TIMEOUT"`

	// DispatchBudget bounds the time one request spends in such matches,
	// all of them together. Default 200ms. TOML dispatch_budget, env
	// HOOP_DISPATCH_BUDGET.
	DispatchBudget time.Duration `toml:"dispatch_budget" env:"DISPATCH_BUDGET"`

	// MaxBacktracking bounds how many such matches run at once, across
	// all requests, so that concurrent attackers cannot keep every
	// processor busy: the other requests keep the rest. Zero, the
	// default, means a quarter of GOMAXPROCS, at least one. TOML
	// max_backtracking, env HOOP_MAX_BACKTRACKING.
	MaxBacktracking int `toml:"max_backtracking" env:"MAX_BACKTRACKING"`

	// BacktrackingWait bounds how long a request waits for one of those
	// slots; a request that gets none is answered 503 with Retry-After,
	// without running the pattern. Default 10ms. TOML backtracking_wait,
	// env HOOP_BACKTRACKING_WAIT.
	BacktrackingWait time.Duration `toml:"backtracking_wait" env:"BACKTRACKING_WAIT"`

	// MaxPathBytes bounds the decoded request path, in bytes: a longer one
	// is answered 414 before any pattern runs. Default 2048. TOML
	// max_path_bytes, env HOOP_MAX_PATH_BYTES.
	MaxPathBytes int `toml:"max_path_bytes" env:"MAX_PATH_BYTES"`

	// StaticURL is the URL prefix of the site's static files, as Django's
	// STATIC_URL. With Debug on, the dispatcher serves StaticDir under it
	// (Django's runserver does the same); in production, let the front
	// server or a URL conf entry with views.Static serve them. It must
	// begin and end with "/". Default "/static/". TOML static_url, env
	// HOOP_STATIC_URL.
	StaticURL string `toml:"static_url" env:"STATIC_URL"`

	// StaticDir is the directory of the site's static files. Empty turns
	// the debug mount off. Default "static". TOML static_dir, env
	// HOOP_STATIC_DIR.
	StaticDir string `toml:"static_dir" env:"STATIC_DIR"`

	// TrustedProxies lists the proxies in front of the site (nginx, a
	// load balancer) whose word about the client is believed: addresses
	// ("10.0.0.5", "::1") and CIDR prefixes ("10.0.0.0/8"). From those
	// peers only, the Forwarded, X-Forwarded-For, X-Forwarded-Proto and
	// X-Forwarded-Host headers give the client's address, whether it used
	// HTTPS, and the host it asked for (middleware.TrustedProxies); from
	// any other peer they are ignored, since a client can send them too.
	// Default empty: no proxy is trusted. TOML trusted_proxies (an array
	// of strings), env HOOP_TRUSTED_PROXIES (comma-separated).
	TrustedProxies []string `toml:"trusted_proxies" env:"TRUSTED_PROXIES"`

	// HealthPath and ReadyPath are where the site answers liveness and
	// readiness probes (middleware.Health), before any other middleware,
	// the allowed-hosts check and the request log included: probes use
	// the instance's own address. Empty turns one off. Defaults
	// "/healthz" and "/readyz". TOML health_path and ready_path, env
	// HOOP_HEALTH_PATH and HOOP_READY_PATH.
	HealthPath string `toml:"health_path" env:"HEALTH_PATH"`
	ReadyPath  string `toml:"ready_path" env:"READY_PATH"`

	// MetricsAddr is the host:port on which a site that uses package
	// metrics serves its Prometheus metrics, apart from the site's own
	// address so that they are never public by accident. The host must be
	// written out ("127.0.0.1:9100", or "0.0.0.0:9100" to listen on every
	// interface on purpose). Default empty: no metrics served. TOML
	// metrics_addr, env HOOP_METRICS_ADDR.
	MetricsAddr string `toml:"metrics_addr" env:"METRICS_ADDR"`

	// LogFormat is the format of the site's log: "text" (slog's
	// key=value lines) or "json" (one JSON object a line, for a log
	// collector). Default "text". TOML log_format, env HOOP_LOG_FORMAT.
	LogFormat string `toml:"log_format" env:"LOG_FORMAT"`

	// LogLevel is the least severe level the site's log keeps: "debug",
	// "info" (every request), "warn" or "error" (failed requests only).
	// Default "info". TOML log_level, env HOOP_LOG_LEVEL.
	LogLevel string `toml:"log_level" env:"LOG_LEVEL"`

	// The session settings below configure package sessions (sessions
	// with github.com/alexedwards/scs/v2); docs/DEPLOYMENT.md says which
	// store to pick.

	// SessionStore is where sessions live: "memory" (in the process:
	// nothing to install, lost on restart, not shared between instances),
	// "sqlite" (a file: durable, one machine, no server), "postgres" or
	// "redis" (shared by several instances). Default "memory". TOML
	// session_store, env HOOP_SESSION_STORE.
	SessionStore string `toml:"session_store" env:"SESSION_STORE"`

	// SessionURL says where the store is: for sqlite a file path; for
	// postgres a URL ("postgres://user:password@host:5432/db") or a
	// "key=value" DSN; for redis a URL ("redis://host:6379/0"). Required
	// by those three, not allowed with memory. It usually holds a
	// password: set it from the environment. Default empty. TOML
	// session_url, env HOOP_SESSION_URL.
	SessionURL string `toml:"session_url" env:"SESSION_URL"`

	// SessionLifetime is a session's absolute lifetime, counted from its
	// creation (or from the last token renewal, such as a login). Default
	// 24h. TOML session_lifetime, env HOOP_SESSION_LIFETIME.
	SessionLifetime time.Duration `toml:"session_lifetime" env:"SESSION_LIFETIME"`

	// SessionIdleTimeout ends a session unused for that long; zero means
	// no idle timeout. With one, every request that reads the session
	// writes it back to the store, to push its expiry. Default 0. TOML
	// session_idle_timeout, env HOOP_SESSION_IDLE_TIMEOUT.
	SessionIdleTimeout time.Duration `toml:"session_idle_timeout" env:"SESSION_IDLE_TIMEOUT"`

	// SessionStoreTimeout bounds every call to the session store: a store
	// slower than this fails the call, and the request that needed the
	// session gets a 503. Must be positive. Default 2s. TOML
	// session_store_timeout, env HOOP_SESSION_STORE_TIMEOUT.
	SessionStoreTimeout time.Duration `toml:"session_store_timeout" env:"SESSION_STORE_TIMEOUT"`

	// SessionCookieName names the session cookie. Default "hoop_session".
	// TOML session_cookie_name, env HOOP_SESSION_COOKIE_NAME.
	SessionCookieName string `toml:"session_cookie_name" env:"SESSION_COOKIE_NAME"`

	// SessionCookieSecure sets the cookie's Secure attribute (sent over
	// HTTPS only). Unset (nil), the default, means Secure when Debug is
	// off and not Secure when Debug is on, so that the development server
	// works over plain HTTP; see SessionCookieSecureEffective. TOML
	// session_cookie_secure, env HOOP_SESSION_COOKIE_SECURE.
	SessionCookieSecure *bool `toml:"session_cookie_secure" env:"SESSION_COOKIE_SECURE"`

	// SessionCookieHTTPOnly sets the cookie's HttpOnly attribute (no
	// access from JavaScript). Default true. TOML
	// session_cookie_httponly, env HOOP_SESSION_COOKIE_HTTPONLY.
	SessionCookieHTTPOnly bool `toml:"session_cookie_httponly" env:"SESSION_COOKIE_HTTPONLY"`

	// SessionCookieSameSite is the cookie's SameSite attribute: "lax",
	// "strict" or "none" (which needs a Secure cookie). Default "lax".
	// TOML session_cookie_samesite, env HOOP_SESSION_COOKIE_SAMESITE.
	SessionCookieSameSite string `toml:"session_cookie_samesite" env:"SESSION_COOKIE_SAMESITE"`

	// SessionCookiePath is the cookie's Path attribute; it must begin
	// with "/". Default "/". TOML session_cookie_path, env
	// HOOP_SESSION_COOKIE_PATH.
	SessionCookiePath string `toml:"session_cookie_path" env:"SESSION_COOKIE_PATH"`

	// SessionCookieDomain is the cookie's Domain attribute; empty means
	// the cookie goes back only to the host that set it. Default empty.
	// TOML session_cookie_domain, env HOOP_SESSION_COOKIE_DOMAIN.
	SessionCookieDomain string `toml:"session_cookie_domain" env:"SESSION_COOKIE_DOMAIN"`

	// LanguageCode is the default language, Django's LANGUAGE_CODE: the
	// language of a request that names none, for a URL conf that uses
	// urlconf.I18nPatterns or Translated (pass it, with Languages, to
	// urlconf.Builder). Default "en-us". TOML language_code, env
	// HOOP_LANGUAGE_CODE.
	LanguageCode string `toml:"language_code" env:"LANGUAGE_CODE"`

	// Languages are the language codes the site is served in, Django's
	// LANGUAGES: "en", "nl", "pt-br". Default empty: only LanguageCode.
	// TOML languages, env HOOP_LANGUAGES (comma-separated).
	Languages []string `toml:"languages" env:"LANGUAGES"`

	// LanguageCookieName names the cookie that carries a visitor's chosen
	// language, Django's LANGUAGE_COOKIE_NAME. Default "hoop_language";
	// a site moving from Django keeps "django_language". TOML
	// language_cookie_name, env HOOP_LANGUAGE_COOKIE_NAME.
	LanguageCookieName string `toml:"language_cookie_name" env:"LANGUAGE_COOKIE_NAME"`

	// The proxy settings below configure views.Proxy, which forwards
	// requests to another HTTP server: the Django site a hoop site
	// replaces view by view (settings/proxy.go checks them).

	// ProxyUpstream is the base URL views.Proxy forwards to, such as
	// "http://127.0.0.1:8001" or "http://django.internal/app/"; the
	// request's path is joined to its path. Default empty (no proxy).
	// TOML proxy_upstream, env HOOP_PROXY_UPSTREAM.
	ProxyUpstream string `toml:"proxy_upstream" env:"PROXY_UPSTREAM"`

	// ProxyDialTimeout bounds connecting to the upstream; an upstream
	// that does not accept in time is answered 502. Default 5s. TOML
	// proxy_dial_timeout, env HOOP_PROXY_DIAL_TIMEOUT.
	ProxyDialTimeout time.Duration `toml:"proxy_dial_timeout" env:"PROXY_DIAL_TIMEOUT"`

	// ProxyResponseTimeout bounds the wait for the upstream's response
	// headers once the request is sent; a slower upstream is answered
	// 504. The body that follows is not bounded, so that streamed
	// responses and WebSockets stay open. Default 30s. TOML
	// proxy_response_timeout, env HOOP_PROXY_RESPONSE_TIMEOUT.
	ProxyResponseTimeout time.Duration `toml:"proxy_response_timeout" env:"PROXY_RESPONSE_TIMEOUT"`

	// Site holds the site's own settings, free-form, as decoded from the
	// TOML table [site]: strings, int64s, float64s, bools, time values,
	// []any and map[string]any. It cannot be set from the environment.
	// Default empty (non-nil).
	Site map[string]any `toml:"site" env:"-"`
}

// Default returns the settings used when neither the file nor the
// environment says otherwise.
func Default() Settings {
	return Settings{
		AppendSlash:       true,
		Addr:              "127.0.0.1:8000",
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ShutdownTimeout:   10 * time.Second,
		MaxHeaderBytes:    1 << 16,
		MaxBodyBytes:      10 << 20,
		MaxPathBytes:      2048,
		MatchTimeout:      50 * time.Millisecond,
		DispatchBudget:    200 * time.Millisecond,
		BacktrackingWait:  10 * time.Millisecond,
		StaticURL:         "/static/",
		StaticDir:         "static",
		HealthPath:        "/healthz",
		ReadyPath:         "/readyz",
		LogFormat:         "text",
		LogLevel:          "info",
		Site:              map[string]any{},

		LanguageCode:       "en-us",
		LanguageCookieName: "hoop_language",

		SessionStore:          "memory",
		SessionLifetime:       24 * time.Hour,
		SessionStoreTimeout:   2 * time.Second,
		SessionCookieName:     "hoop_session",
		SessionCookieHTTPOnly: true,
		SessionCookieSameSite: "lax",
		SessionCookiePath:     "/",

		ProxyDialTimeout:     5 * time.Second,
		ProxyResponseTimeout: 30 * time.Second,
	}
}

// debugHosts are the hosts allowed in debug mode when AllowedHosts is
// empty, as in Django.
var debugHosts = []string{".localhost", "127.0.0.1", "[::1]"}

// EffectiveAllowedHosts returns the host patterns to enforce: AllowedHosts,
// or, when Debug is on and AllowedHosts is empty, Django's development
// defaults [".localhost", "127.0.0.1", "[::1]"]. The result is a copy.
func (s *Settings) EffectiveAllowedHosts() []string {
	if s.Debug && len(s.AllowedHosts) == 0 {
		return append([]string(nil), debugHosts...)
	}
	return append([]string(nil), s.AllowedHosts...)
}

// SessionCookieSecureEffective reports whether the session cookie is
// Secure: SessionCookieSecure when set, otherwise true unless Debug is on.
func (s *Settings) SessionCookieSecureEffective() bool {
	if s.SessionCookieSecure != nil {
		return *s.SessionCookieSecure
	}
	return !s.Debug
}

// TrustedProxyPrefixes returns TrustedProxies as prefixes, an address
// standing for its one-address prefix. The error names the first entry
// that is neither.
func (s *Settings) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	prefixes := make([]netip.Prefix, 0, len(s.TrustedProxies))
	for _, p := range s.TrustedProxies {
		if a, err := netip.ParseAddr(p); err == nil {
			a = a.Unmap()
			prefixes = append(prefixes, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR prefix (10.0.0.0/8)", p)
		}
		if prefix.Addr().Is4In6() && prefix.Bits() >= 96 {
			prefix = netip.PrefixFrom(prefix.Addr().Unmap(), prefix.Bits()-96)
		}
		prefixes = append(prefixes, prefix.Masked())
	}
	return prefixes, nil
}
