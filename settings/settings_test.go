package settings_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/settings"
)

// load writes toml (if not "") to hoop.toml in a temporary directory and
// loads it with environ. Error text is returned with the directory removed,
// so file errors read "settings: hoop.toml:3: ...".
func load(t *testing.T, toml string, environ ...string) (settings.Settings, string) {
	t.Helper()
	path := ""
	if toml != "" {
		dir := t.TempDir()
		path = filepath.Join(dir, "hoop.toml")
		if err := os.WriteFile(path, []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := settings.LoadWith(path, environ)
		if err != nil {
			return s, strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		}
		return s, ""
	}
	s, err := settings.LoadWith(path, environ)
	if err != nil {
		return s, err.Error()
	}
	return s, ""
}

func TestDefault(t *testing.T) {
	s := settings.Default()
	want := settings.Settings{
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

		SessionStore:          "memory",
		SessionLifetime:       24 * time.Hour,
		SessionStoreTimeout:   2 * time.Second,
		SessionCookieName:     "hoop_session",
		SessionCookieHTTPOnly: true,
		SessionCookieSameSite: "lax",
		SessionCookiePath:     "/",

		LanguageCode:       "en-us",
		LanguageCookieName: "hoop_language",

		ProxyDialTimeout:     5 * time.Second,
		ProxyResponseTimeout: 30 * time.Second,
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Default() = %+v\nwant %+v", s, want)
	}
	// The defaults are not deployable as they are: production needs hosts.
	if err := s.Validate(); err == nil {
		t.Error("Default().Validate() = nil, want the allowed_hosts error")
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		toml    string
		environ []string
		want    func(s *settings.Settings) // edits Default() into the expected value
	}{
		{
			name:    "defaults only",
			environ: []string{"HOOP_DEBUG=true", "PATH=/bin", "HOME=/root"},
			want:    func(s *settings.Settings) { s.Debug = true },
		},
		{
			name: "file overrides defaults",
			toml: `debug = false
allowed_hosts = ["example.com", ".example.org"]
secret_key = "0123456789abcdef0123456789abcdef0123456789abcdef-prod"
append_slash = false
addr = ":9000"
ascii_patterns = true
max_header_bytes = 4096
max_body_bytes = 1024
`,
			want: func(s *settings.Settings) {
				s.AllowedHosts = []string{"example.com", ".example.org"}
				s.SecretKey = "0123456789abcdef0123456789abcdef0123456789abcdef-prod"
				s.AppendSlash = false
				s.Addr = ":9000"
				s.ASCIIPatterns = true
				s.MaxHeaderBytes = 4096
				s.MaxBodyBytes = 1024
			},
		},
		{
			name: "env overrides file",
			toml: "debug = true\naddr = \":9000\"\nread_timeout = \"1s\"\nallowed_hosts = [\"file.example\"]\n",
			environ: []string{
				"HOOP_DEBUG=false", "HOOP_ADDR=0.0.0.0:80", "HOOP_READ_TIMEOUT=2s",
				"HOOP_ALLOWED_HOSTS= a.example , .b.example,", "HOOP_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef-env",
			},
			want: func(s *settings.Settings) {
				s.Addr = "0.0.0.0:80"
				s.ReadTimeout = 2 * time.Second
				s.AllowedHosts = []string{"a.example", ".b.example"}
				s.SecretKey = "0123456789abcdef0123456789abcdef0123456789abcdef-env"
			},
		},
		{
			name:    "empty env value is ignored",
			toml:    "debug = true\n",
			environ: []string{"HOOP_DEBUG=", "HOOP_ADDR="},
			want:    func(s *settings.Settings) { s.Debug = true },
		},
		{
			name: "durations in TOML",
			toml: `debug = true
read_header_timeout = "1s"
read_timeout = "1m30s"
write_timeout = "250ms"
idle_timeout = "0s"
shutdown_timeout = "2h"
`,
			want: func(s *settings.Settings) {
				s.Debug = true
				s.ReadHeaderTimeout = time.Second
				s.ReadTimeout = 90 * time.Second
				s.WriteTimeout = 250 * time.Millisecond
				s.IdleTimeout = 0
				s.ShutdownTimeout = 2 * time.Hour
			},
		},
		{
			name: "durations and sizes in env",
			environ: []string{
				"HOOP_DEBUG=1", "HOOP_READ_HEADER_TIMEOUT=3s", "HOOP_READ_TIMEOUT=4s",
				"HOOP_WRITE_TIMEOUT=5s", "HOOP_IDLE_TIMEOUT=6s", "HOOP_SHUTDOWN_TIMEOUT=7s",
				"HOOP_MAX_HEADER_BYTES=100", "HOOP_MAX_BODY_BYTES=200",
				"HOOP_APPEND_SLASH=false", "HOOP_ASCII_PATTERNS=true",
			},
			want: func(s *settings.Settings) {
				s.Debug = true
				s.ReadHeaderTimeout = 3 * time.Second
				s.ReadTimeout = 4 * time.Second
				s.WriteTimeout = 5 * time.Second
				s.IdleTimeout = 6 * time.Second
				s.ShutdownTimeout = 7 * time.Second
				s.MaxHeaderBytes = 100
				s.MaxBodyBytes = 200
				s.AppendSlash = false
				s.ASCIIPatterns = true
			},
		},
		{
			name: "regex limits in TOML",
			toml: `debug = true
match_timeout = "20ms"
dispatch_budget = "100ms"
max_backtracking = 3
backtracking_wait = "5ms"
`,
			want: func(s *settings.Settings) {
				s.Debug = true
				s.MatchTimeout = 20 * time.Millisecond
				s.DispatchBudget = 100 * time.Millisecond
				s.MaxBacktracking = 3
				s.BacktrackingWait = 5 * time.Millisecond
			},
		},
		{
			name: "regex limits in env",
			environ: []string{
				"HOOP_DEBUG=1", "HOOP_MATCH_TIMEOUT=30ms", "HOOP_DISPATCH_BUDGET=90ms",
				"HOOP_MAX_BACKTRACKING=8", "HOOP_BACKTRACKING_WAIT=2ms",
			},
			want: func(s *settings.Settings) {
				s.Debug = true
				s.MatchTimeout = 30 * time.Millisecond
				s.DispatchBudget = 90 * time.Millisecond
				s.MaxBacktracking = 8
				s.BacktrackingWait = 2 * time.Millisecond
			},
		},
		{
			name:    "trusted proxies in env",
			toml:    "debug = true\ntrusted_proxies = [\"10.0.0.1\"]\n",
			environ: []string{"HOOP_TRUSTED_PROXIES=127.0.0.1, 10.1.0.0/16"},
			want: func(s *settings.Settings) {
				s.Debug = true
				s.TrustedProxies = []string{"127.0.0.1", "10.1.0.0/16"}
			},
		},
		{
			name:    "log settings in env",
			toml:    "debug = true\nlog_format = \"text\"\n",
			environ: []string{"HOOP_LOG_FORMAT=json", "HOOP_LOG_LEVEL=debug"},
			want: func(s *settings.Settings) {
				s.Debug = true
				s.LogFormat, s.LogLevel = "json", "debug"
			},
		},
		{
			name: "site table",
			toml: `debug = true
[site]
title = "My blog"
per_page = 20
tags = ["go", "web"]
[site.db]
host = "db.internal"
`,
			want: func(s *settings.Settings) {
				s.Debug = true
				s.Site = map[string]any{
					"title":    "My blog",
					"per_page": int64(20),
					"tags":     []any{"go", "web"},
					"db":       map[string]any{"host": "db.internal"},
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := load(t, tt.toml, tt.environ...)
			if err != "" {
				t.Fatalf("LoadWith: %s", err)
			}
			want := settings.Default()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		toml    string
		environ []string
		want    []string // every line of the error, in order
	}{
		{
			name: "unknown key with line and suggestion",
			toml: "debug = true\n\ndebgu = true\n",
			want: []string{`settings: hoop.toml:3: unknown key "debgu" (did you mean debug?)`},
		},
		{
			name: "unknown table, no close key",
			toml: "debug = true\n[database]\nhost = \"x\"\n",
			want: []string{`settings: hoop.toml:2: unknown key "database"`},
		},
		{
			name: "unknown dotted key and implicit table",
			toml: "debug = true\nserver.port = 80\n[cache.redis]\nurl = \"x\"\n",
			want: []string{
				`settings: hoop.toml:2: unknown key "server"`,
				`settings: hoop.toml:3: unknown key "cache"`,
			},
		},
		{
			name: "wrong TOML types",
			toml: "debug = \"yes\"\nallowed_hosts = \"x\"\nmax_body_bytes = 1.5\nsite = 3\n",
			want: []string{
				`settings: hoop.toml:1: debug: expected a boolean, got string "yes"`,
				`settings: hoop.toml:2: allowed_hosts: expected an array of strings, got string "x"`,
				`settings: hoop.toml:3: max_body_bytes: expected an integer, got float 1.5`,
				`settings: hoop.toml:4: site: expected a table, got integer 3`,
				`settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)`,
				`settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)`,
			},
		},
		{
			name: "invalid duration in TOML",
			toml: "debug = true\nread_timeout = \"5 sec\"\nwrite_timeout = 60\n",
			want: []string{
				`settings: hoop.toml:2: read_timeout: invalid duration "5 sec"`,
				`settings: hoop.toml:3: write_timeout: expected a duration string like "5s", got integer 60`,
			},
		},
		{
			name: "TOML syntax error",
			toml: "debug = \n",
			want: []string{`settings: hoop.toml:1: expected value but found '\n' instead`},
		},
		{
			name:    "bad env values",
			environ: []string{"HOOP_DEBUG=maybe", "HOOP_READ_TIMEOUT=5 sec", "HOOP_MAX_HEADER_BYTES=lots"},
			want: []string{
				`settings: HOOP_DEBUG: invalid boolean "maybe"`,
				`settings: HOOP_READ_TIMEOUT: invalid duration "5 sec"`,
				`settings: HOOP_MAX_HEADER_BYTES: invalid integer "lots"`,
				`settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)`,
				`settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)`,
			},
		},
		{
			name:    "unknown env variables",
			environ: []string{"HOOP_DEBUG=1", "HOOP_DEGUB=1", "HOOP_SITE=x", "NOT_HOOP=1"},
			want: []string{
				`settings: HOOP_DEGUB: unknown environment variable (did you mean HOOP_DEBUG?)`,
				`settings: HOOP_SITE: unknown environment variable`,
			},
		},
		{
			name: "unsafe combinations",
			toml: "addr = \"localhost\"\nread_timeout = \"-1s\"\nmax_body_bytes = -1\nmax_header_bytes = -2\n",
			want: []string{
				`settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)`,
				`settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)`,
				`settings: addr: must be host:port, got "localhost"`,
				`settings: read_timeout: must not be negative, got -1s`,
				`settings: max_header_bytes: must not be negative, got -2`,
				`settings: max_body_bytes: must not be negative, got -1`,
			},
		},
		{
			name:    "file, env and validation errors all at once",
			toml:    "debgu = true\nidle_timeout = \"forever\"\n",
			environ: []string{"HOOP_ADDR=localhost:http", "HOOP_WRITE_TIMEOUT=soon", "HOOP_ADR=x"},
			want: []string{
				`settings: hoop.toml:1: unknown key "debgu" (did you mean debug?)`,
				`settings: hoop.toml:2: idle_timeout: invalid duration "forever"`,
				`settings: HOOP_ADR: unknown environment variable (did you mean HOOP_ADDR?)`,
				`settings: HOOP_WRITE_TIMEOUT: invalid duration "soon"`,
				`settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)`,
				`settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)`,
				`settings: addr: port must be a number from 0 to 65535, got "localhost:http"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := load(t, tt.toml, tt.environ...)
			if got := strings.Split(err, "\n"); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("error lines:\n%s\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
			if !reflect.DeepEqual(s, settings.Settings{}) {
				t.Errorf("on error got %+v, want the zero Settings", s)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.toml")
	_, err := settings.LoadWith(path, []string{"HOOP_DEBUG=1"})
	if err == nil || !strings.HasPrefix(err.Error(), "settings: "+path+": ") {
		t.Errorf("LoadWith(%q) error = %v, want one naming the path", path, err)
	}
}

func TestEffectiveAllowedHosts(t *testing.T) {
	tests := []struct {
		debug bool
		hosts []string
		want  []string
	}{
		{debug: true, hosts: nil, want: []string{".localhost", "127.0.0.1", "[::1]"}},
		{debug: true, hosts: []string{"example.com"}, want: []string{"example.com"}},
		{debug: false, hosts: nil, want: nil},
		{debug: false, hosts: []string{".example.com", "*"}, want: []string{".example.com", "*"}},
	}
	for _, tt := range tests {
		s := settings.Settings{Debug: tt.debug, AllowedHosts: tt.hosts}
		got := s.EffectiveAllowedHosts()
		if len(got) != len(tt.want) || (len(got) > 0 && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("Debug=%v AllowedHosts=%q: got %q, want %q", tt.debug, tt.hosts, got, tt.want)
		}
		if len(got) > 0 {
			got[0] = "changed" // The result is the caller's to change.
			if again := s.EffectiveAllowedHosts(); again[0] == "changed" {
				t.Errorf("Debug=%v: the result aliases the settings", tt.debug)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	ok := func(edit func(*settings.Settings)) settings.Settings {
		s := settings.Default()
		s.AllowedHosts = []string{"example.com"}
		s.SecretKey = "0123456789abcdef0123456789abcdef0123456789abcdef-test"
		edit(&s)
		return s
	}
	tests := []struct {
		name string
		s    settings.Settings
		want string // "" for valid
	}{
		{"production", ok(func(*settings.Settings) {}), ""},
		{"empty secret key with debug off", ok(func(s *settings.Settings) { s.SecretKey = "" }),
			"settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)"},
		{"development key with debug off", ok(func(s *settings.Settings) { s.SecretKey = "insecure-0123456789abcdef0123456789abcdef0123456789abcdef" }),
			`settings: secret_key: is a development key (it starts with "insecure-") (Django's security.W009: with debug off, at least 50 characters, 5 of them distinct, not a development key); make one with: openssl rand -base64 48`},
		{"short key with debug off", ok(func(s *settings.Settings) { s.SecretKey = "s3cret" }),
			"settings: secret_key: has 6 characters, fewer than 50 (Django's security.W009: with debug off, at least 50 characters, 5 of them distinct, not a development key); make one with: openssl rand -base64 48"},
		{"low-variety key with debug off", ok(func(s *settings.Settings) { s.SecretKey = strings.Repeat("abab", 20) }),
			"settings: secret_key: has 2 distinct characters, fewer than 5 (Django's security.W009: with debug off, at least 50 characters, 5 of them distinct, not a development key); make one with: openssl rand -base64 48"},
		{"weak fallback with debug off", ok(func(s *settings.Settings) {
			s.SecretKeyFallbacks = []string{"0123456789abcdef0123456789abcdef0123456789abcdef-old", "old"}
		}), "settings: secret_key_fallbacks[1]: has 3 characters, fewer than 50 (Django's security.W025)"},
		{"weak fallback in debug", ok(func(s *settings.Settings) { s.Debug, s.SecretKeyFallbacks = true, []string{"old"} }), ""},
		{"any key in debug", ok(func(s *settings.Settings) { s.Debug, s.SecretKey = true, "" }), ""},
		{"debug without hosts", ok(func(s *settings.Settings) { s.Debug, s.AllowedHosts = true, nil }), ""},
		{"zero limits", ok(func(s *settings.Settings) { s.ReadTimeout, s.MaxBodyBytes = 0, 0 }), ""},
		{"empty host part", ok(func(s *settings.Settings) { s.Addr = ":8000" }), ""},
		{"IPv6 addr", ok(func(s *settings.Settings) { s.Addr = "[::1]:8000" }), ""},
		{"empty host entry", ok(func(s *settings.Settings) { s.AllowedHosts = []string{"a", ""} }),
			"settings: allowed_hosts: empty entry"},
		{"port out of range", ok(func(s *settings.Settings) { s.Addr = "host:70000" }),
			`settings: addr: port must be a number from 0 to 65535, got "host:70000"`},
		{"negative shutdown", ok(func(s *settings.Settings) { s.ShutdownTimeout = -time.Second }),
			"settings: shutdown_timeout: must not be negative, got -1s"},
		{"trusted proxies", ok(func(s *settings.Settings) {
			s.TrustedProxies = []string{"10.0.0.5", "192.168.0.0/16", "::1", "fd00::/8"}
		}), ""},
		{"bad trusted proxy", ok(func(s *settings.Settings) { s.TrustedProxies = []string{"10.0.0.5", "nginx.internal"} }),
			`settings: trusted_proxies: "nginx.internal" is neither an IP address nor a CIDR prefix (10.0.0.0/8)`},
		{"probes off", ok(func(s *settings.Settings) { s.HealthPath, s.ReadyPath = "", "" }), ""},
		{"probe path without a slash", ok(func(s *settings.Settings) { s.ReadyPath = "readyz" }),
			`settings: ready_path: must be a path beginning with "/", or empty for none, got "readyz"`},
		{"one path for both probes", ok(func(s *settings.Settings) { s.ReadyPath = "/healthz" }),
			`settings: ready_path: is health_path too ("/healthz"): the probes need a path each`},
		{"metrics on loopback", ok(func(s *settings.Settings) { s.MetricsAddr = "127.0.0.1:9100" }), ""},
		{"metrics on every interface, on purpose", ok(func(s *settings.Settings) { s.MetricsAddr = "0.0.0.0:9100" }), ""},
		{"metrics on every interface by accident", ok(func(s *settings.Settings) { s.MetricsAddr = ":9100" }),
			`settings: metrics_addr: must be host:port with the host written out ("127.0.0.1:9100", or "0.0.0.0:9100" for every interface), got ":9100"`},
		{"metrics on the site's address", ok(func(s *settings.Settings) { s.MetricsAddr = s.Addr }),
			`settings: metrics_addr: is addr too ("127.0.0.1:8000"): metrics are served apart from the site`},
		{"json logs at warn", ok(func(s *settings.Settings) { s.LogFormat, s.LogLevel = "json", "WARN" }), ""},
		{"unknown log format", ok(func(s *settings.Settings) { s.LogFormat = "logfmt" }),
			`settings: log_format: must be "text" or "json", got "logfmt"`},
		{"unknown log level", ok(func(s *settings.Settings) { s.LogLevel = "verbose" }),
			`settings: log_level: must be "debug", "info", "warn" or "error", got "verbose"`},
		{"negative backtracking limit", ok(func(s *settings.Settings) { s.MaxBacktracking = -1 }),
			"settings: max_backtracking: must not be negative, got -1"},
		{"negative backtracking wait", ok(func(s *settings.Settings) { s.BacktrackingWait = -time.Millisecond }),
			"settings: backtracking_wait: must not be negative, got -1ms"},
		{"backtracking limit and wait derived", ok(func(s *settings.Settings) { s.MaxBacktracking, s.BacktrackingWait = 0, 0 }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// A site's own settings sit between hoop's defaults and the operator's
// file; the environment still wins.
func TestLoadLayers(t *testing.T) {
	site := settings.Layer{Name: "site settings", Data: []byte("debug = true\naddr = \"127.0.0.1:9000\"\n")}
	operator := settings.Layer{Name: "ops.toml", Data: []byte("addr = \"127.0.0.1:9100\"\n")}
	s, err := settings.LoadLayers([]string{"HOOP_DEBUG=false", "HOOP_ALLOWED_HOSTS=example.com", "HOOP_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef-env"}, site, operator)
	if err != nil {
		t.Fatal(err)
	}
	if s.Debug || s.Addr != "127.0.0.1:9100" || s.AppendSlash != true {
		t.Errorf("layered settings = debug %v addr %q append_slash %v", s.Debug, s.Addr, s.AppendSlash)
	}
	_, err = settings.LoadLayers(nil, settings.Layer{Name: "site settings", Data: []byte("debgu = true\n")})
	if err == nil || !strings.Contains(err.Error(), "site settings:1: unknown key \"debgu\"") {
		t.Errorf("error from a layer = %v, want it to name the layer and line", err)
	}
}

func TestValidateStaticURL(t *testing.T) {
	for url, ok := range map[string]bool{"/static/": true, "": true, "/assets/v2/": true, "static/": false, "/static": false, "/": false} {
		s := settings.Default()
		s.Debug, s.StaticURL = true, url
		err := s.Validate()
		if (err == nil) != ok {
			t.Errorf("static_url %q: Validate() = %v, want ok %v", url, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "static_url") {
			t.Errorf("static_url %q: error %q does not name the key", url, err)
		}
	}
}

func TestTrustedProxyPrefixes(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{nil, []string{}},
		{[]string{"10.0.0.5"}, []string{"10.0.0.5/32"}},
		{[]string{"::ffff:10.0.0.5"}, []string{"10.0.0.5/32"}},
		{[]string{"10.1.2.3/8"}, []string{"10.0.0.0/8"}},
		{[]string{"::1", "fd00::/8"}, []string{"::1/128", "fd00::/8"}},
	}
	for _, tt := range tests {
		s := settings.Default()
		s.TrustedProxies = tt.in
		got, err := s.TrustedProxyPrefixes()
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		texts := []string{}
		for _, p := range got {
			texts = append(texts, p.String())
		}
		if !reflect.DeepEqual(texts, tt.want) {
			t.Errorf("%q: %q, want %q", tt.in, texts, tt.want)
		}
	}
}
