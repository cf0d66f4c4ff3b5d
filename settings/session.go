package settings

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SessionStores are the session stores hoop ships: "memory", built in,
// and the others, which a program links by importing their packages
// (github.com/hoop-go/hoop/sessions/sqlitestore, postgresstore,
// redisstore). session_store also accepts the name of a store a site
// registers itself (sessions.Register); package sessions checks, at
// start-up, that the store named is linked.
var SessionStores = []string{"memory", "sqlite", "postgres", "redis"}

// ValidateSessions reports the problems of the session_* settings only,
// one per line, as Validate does (Validate includes them). Package
// sessions runs it, for settings that were not loaded with Load.
func (s *Settings) ValidateSessions() error {
	return errors.Join(s.validateSessions()...)
}

// validateSessions checks the session_* settings: a store name, a URL
// exactly when one of hoop's stores needs one, positive lifetime and store timeout,
// a valid cookie name, path and SameSite, and no SameSite=None cookie
// without Secure (browsers drop those).
func (s *Settings) validateSessions() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("settings: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	switch {
	case !validStoreName(s.SessionStore):
		bad("session_store", "must be a store name (lower-case letters, digits, - and _) such as %s, got %q", strings.Join(SessionStores, ", "), s.SessionStore)
	case s.SessionStore == "memory" && s.SessionURL != "":
		bad("session_url", `is set, but session_store is "memory", which has no URL (set session_store too)`)
	case slices.Contains(SessionStores, s.SessionStore) && s.SessionStore != "memory" && s.SessionURL == "":
		bad("session_url", "must be set for session_store %q", s.SessionStore)
	}
	if s.SessionLifetime <= 0 {
		bad("session_lifetime", "must be positive, got %v", s.SessionLifetime)
	}
	if s.SessionIdleTimeout < 0 {
		bad("session_idle_timeout", "must not be negative, got %v", s.SessionIdleTimeout)
	}
	if s.SessionStoreTimeout <= 0 {
		bad("session_store_timeout", "must be positive (it bounds every store call), got %v", s.SessionStoreTimeout)
	}
	if !validCookieName(s.SessionCookieName) {
		bad("session_cookie_name", "must be a non-empty cookie name (letters, digits and !#$%%&'*+-.^_`|~), got %q", s.SessionCookieName)
	}
	if !strings.HasPrefix(s.SessionCookiePath, "/") || strings.ContainsAny(s.SessionCookiePath, ";\x00\r\n") {
		bad("session_cookie_path", `must begin with "/" and hold no ";", got %q`, s.SessionCookiePath)
	}
	if strings.ContainsAny(s.SessionCookieDomain, "; \t\x00\r\n") {
		bad("session_cookie_domain", "must be a domain name, got %q", s.SessionCookieDomain)
	}
	switch strings.ToLower(s.SessionCookieSameSite) {
	case "lax", "strict":
	case "none":
		if !s.SessionCookieSecureEffective() {
			bad("session_cookie_samesite", `"none" needs a Secure cookie (browsers reject SameSite=None without it): set session_cookie_secure = true`)
		}
	default:
		bad("session_cookie_samesite", `must be "lax", "strict" or "none", got %q`, s.SessionCookieSameSite)
	}
	return errs
}

// validStoreName reports whether name can name a session store: a
// lower-case letter, then lower-case letters, digits, "-" and "_".
func validStoreName(name string) bool {
	for i, c := range []byte(name) {
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '_'):
		default:
			return false
		}
	}
	return name != ""
}

// validCookieName reports whether name is an RFC 6265 cookie name (an
// RFC 7230 token).
func validCookieName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
