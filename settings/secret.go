package settings

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// InsecureKeyPrefix marks a secret key as fit for development only, as
// Django's "django-insecure-" does: with debug off, Validate refuses it.
const InsecureKeyPrefix = "insecure-"

// MinSecretKeyLen and MinSecretKeyRunes are Django's
// SECRET_KEY_MIN_LENGTH and SECRET_KEY_MIN_UNIQUE_CHARACTERS.
const (
	MinSecretKeyLen   = 50
	MinSecretKeyRunes = 5
)

// CheckSecretKey returns why key is too weak to sign with in production,
// or "" if it is not: Django's security.W009 rule. A key must be at least
// MinSecretKeyLen characters long, hold at least MinSecretKeyRunes
// distinct characters, and not start with InsecureKeyPrefix. The reason
// never quotes the key.
func CheckSecretKey(key string) string {
	n := utf8.RuneCountInString(key)
	distinct := map[rune]bool{}
	for _, r := range key {
		distinct[r] = true
	}
	switch {
	case key == "":
		return "is empty"
	case strings.HasPrefix(key, InsecureKeyPrefix):
		return fmt.Sprintf("is a development key (it starts with %q)", InsecureKeyPrefix)
	case n < MinSecretKeyLen:
		return fmt.Sprintf("has %d characters, fewer than %d", n, MinSecretKeyLen)
	case len(distinct) < MinSecretKeyRunes:
		return fmt.Sprintf("has %d distinct characters, fewer than %d", len(distinct), MinSecretKeyRunes)
	}
	return ""
}

// validateSecretKeys applies CheckSecretKey to the key and its fallbacks,
// for debug off.
func (s *Settings) validateSecretKeys() []error {
	var errs []error
	if s.SecretKey == "" {
		errs = append(errs, fmt.Errorf("settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)"))
	} else if why := CheckSecretKey(s.SecretKey); why != "" {
		errs = append(errs, fmt.Errorf("settings: secret_key: %s (Django's security.W009: with debug off, at least %d characters, %d of them distinct, not a development key); make one with: openssl rand -base64 48", why, MinSecretKeyLen, MinSecretKeyRunes))
	}
	for i, k := range s.SecretKeyFallbacks {
		if why := CheckSecretKey(k); why != "" {
			errs = append(errs, fmt.Errorf("settings: secret_key_fallbacks[%d]: %s (Django's security.W025)", i, why))
		}
	}
	return errs
}
