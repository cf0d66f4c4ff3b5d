package settings

import (
	"errors"
	"fmt"
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
//   - the session_* settings must name a known store, with a URL exactly
//     when it needs one, a positive lifetime and store timeout, a valid
//     cookie name and path, and no SameSite=None without Secure;
//   - with debug off, secret_key must be set, at least 32 characters long,
//     and not a development key (one starting with "insecure-", as the
//     example site's and a new site's are: Django's "django-insecure-").
//
// [Load] runs Validate.
func (s *Settings) Validate() error {
	return errors.Join(s.validate()...)
}

// InsecureKeyPrefix marks a secret key as fit for development only: with
// debug off, Validate refuses it.
const InsecureKeyPrefix = "insecure-"

// MinSecretKeyLen is the shortest secret key Validate accepts with debug
// off.
const MinSecretKeyLen = 32

func (s *Settings) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("settings: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	if !s.Debug && len(s.AllowedHosts) == 0 {
		bad("allowed_hosts", "must be set when debug is off (Django's ALLOWED_HOSTS)")
	}
	if !s.Debug {
		switch {
		case s.SecretKey == "":
			bad("secret_key", "must be set when debug is off (set HOOP_SECRET_KEY from a secret store)")
		case strings.HasPrefix(s.SecretKey, InsecureKeyPrefix):
			bad("secret_key", "is a development key (it starts with %q); set a real one when debug is off", InsecureKeyPrefix)
		case len(s.SecretKey) < MinSecretKeyLen:
			bad("secret_key", "must be at least %d characters when debug is off, got %d", MinSecretKeyLen, len(s.SecretKey))
		}
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
