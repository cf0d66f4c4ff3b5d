package settings

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
)

// Validate reports every unsafe or meaningless combination of settings,
// one per line, naming the TOML key:
//
//   - allowed_hosts must be set when debug is off (Django's ALLOWED_HOSTS),
//     and may not hold empty entries;
//   - durations and sizes must not be negative (zero is allowed: see each
//     field);
//   - addr must be host:port with a numeric port; the host may be empty.
//   - trusted_proxies must hold IP addresses and CIDR prefixes;
//   - log_format must be text or json, log_level debug, info, warn or
//     error;
//   - the session_* settings must name a known store, with a URL exactly
//     when it needs one, a positive lifetime and store timeout, a valid
//     cookie name and path, and no SameSite=None without Secure;
//   - with debug off, secret_key and every secret_key_fallbacks entry
//     must pass CheckSecretKey (Django's security.W009 and W025).
//
// [Load] runs Validate.
func (s *Settings) Validate() error {
	return errors.Join(s.validate()...)
}

// LogLevels are the values log_level accepts, in any case, and the
// slog levels they stand for.
var LogLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

func (s *Settings) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("settings: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	if !s.Debug && len(s.AllowedHosts) == 0 {
		bad("allowed_hosts", "must be set when debug is off (Django's ALLOWED_HOSTS)")
	}
	if !s.Debug {
		errs = append(errs, s.validateSecretKeys()...) // settings/secret.go
	}
	for _, h := range s.AllowedHosts {
		if h == "" {
			bad("allowed_hosts", "empty entry")
			break
		}
	}
	if _, port, err := net.SplitHostPort(s.Addr); err != nil {
		bad("addr", "must be host:port, got %q", s.Addr)
	} else if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		bad("addr", "port must be a number from 0 to 65535, got %q", s.Addr)
	}
	for _, d := range []struct {
		key string
		d   time.Duration
	}{
		{"read_header_timeout", s.ReadHeaderTimeout},
		{"read_timeout", s.ReadTimeout},
		{"write_timeout", s.WriteTimeout},
		{"idle_timeout", s.IdleTimeout},
		{"shutdown_timeout", s.ShutdownTimeout},
		{"match_timeout", s.MatchTimeout},
		{"dispatch_budget", s.DispatchBudget},
		{"backtracking_wait", s.BacktrackingWait},
	} {
		if d.d < 0 {
			bad(d.key, "must not be negative, got %v", d.d)
		}
	}
	if s.MaxHeaderBytes < 0 {
		bad("max_header_bytes", "must not be negative, got %d", s.MaxHeaderBytes)
	}
	if _, err := s.TrustedProxyPrefixes(); err != nil {
		bad("trusted_proxies", "%v", err)
	}
	for _, p := range []struct{ key, path string }{{"health_path", s.HealthPath}, {"ready_path", s.ReadyPath}} {
		if p.path != "" && (!strings.HasPrefix(p.path, "/") || strings.ContainsAny(p.path, "?# \t\r\n")) {
			bad(p.key, `must be a path beginning with "/", or empty for none, got %q`, p.path)
		}
	}
	if s.HealthPath != "" && s.HealthPath == s.ReadyPath {
		bad("ready_path", "is health_path too (%q): the probes need a path each", s.ReadyPath)
	}
	if s.MetricsAddr != "" {
		if host, port, err := net.SplitHostPort(s.MetricsAddr); err != nil || host == "" {
			bad("metrics_addr", `must be host:port with the host written out ("127.0.0.1:9100", or "0.0.0.0:9100" for every interface), got %q`, s.MetricsAddr)
		} else if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			bad("metrics_addr", "port must be a number from 0 to 65535, got %q", s.MetricsAddr)
		} else if s.MetricsAddr == s.Addr {
			bad("metrics_addr", "is addr too (%q): metrics are served apart from the site", s.MetricsAddr)
		}
	}
	if s.LogFormat != "text" && s.LogFormat != "json" {
		bad("log_format", `must be "text" or "json", got %q`, s.LogFormat)
	}
	if _, ok := LogLevels[strings.ToLower(s.LogLevel)]; !ok {
		bad("log_level", `must be "debug", "info", "warn" or "error", got %q`, s.LogLevel)
	}
	if s.MaxBacktracking < 0 {
		bad("max_backtracking", "must not be negative, got %d", s.MaxBacktracking)
	}
	if s.MaxPathBytes < 0 {
		bad("max_path_bytes", "must not be negative, got %d", s.MaxPathBytes)
	}
	if s.MaxBodyBytes < 0 {
		bad("max_body_bytes", "must not be negative, got %d", s.MaxBodyBytes)
	}
	// Django's urls.E006: the mount must be a path prefix of its own.
	if s.StaticURL != "" && (!strings.HasPrefix(s.StaticURL, "/") || !strings.HasSuffix(s.StaticURL, "/") || s.StaticURL == "/") {
		bad("static_url", "must begin and end with a slash and not be \"/\", got %q", s.StaticURL)
	}
	errs = append(errs, s.validateSessions()...) // settings/session.go
	errs = append(errs, s.validateProxy()...)    // settings/proxy.go
	return errs
}
