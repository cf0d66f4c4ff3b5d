package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrBadSignature is wrapped by every error of Unsign and UnsignObject:
// the value was not signed with the key, any fallback key and the salt,
// or it was altered since.
var ErrBadSignature = errors.New("signing: bad signature")

// ErrExpired is wrapped by the error of a TimestampSigner's Unsign for a
// value signed longer ago than the maximum age. It wraps ErrBadSignature,
// so a caller that only tells trusted from untrusted checks that alone.
var ErrExpired = fmt.Errorf("%w: expired", ErrBadSignature)

// Options configure a Signer. The zero value is Django's defaults but for
// the salt, which names this package.
type Options struct {
	// Fallbacks are older keys (secret_key_fallbacks) that Unsign still
	// accepts; Sign never uses them.
	Fallbacks []string
	// Salt namespaces the signatures; empty means DefaultSalt (or
	// DefaultTimestampSalt for a TimestampSigner).
	Salt string
	// Sep separates the value from its signature; empty means ":". It
	// may not consist only of characters of URL-safe base64 and "=".
	Sep string
}

// DefaultSalt is a Signer's salt when Options.Salt is empty.
const DefaultSalt = "hoop.signing.Signer"

// A Signer signs values with a secret key, as Django's Signer does. It
// is safe for concurrent use.
type Signer struct {
	key       string
	fallbacks []string
	salt      string
	sep       string
}

// New returns a Signer for key. It fails for an empty key and for an
// unsafe separator, which could be mistaken for part of a signature.
func New(key string, opts Options) (*Signer, error) {
	return newSigner(key, opts, DefaultSalt)
}

func newSigner(key string, opts Options, defaultSalt string) (*Signer, error) {
	if key == "" {
		return nil, errors.New("signing: the key is empty (set secret_key)")
	}
	s := &Signer{key: key, fallbacks: append([]string(nil), opts.Fallbacks...), salt: opts.Salt, sep: opts.Sep}
	if s.salt == "" {
		s.salt = defaultSalt
	}
	if s.sep == "" {
		s.sep = ":"
	}
	if unsafeSep(s.sep) {
		return nil, fmt.Errorf("signing: unsafe separator %q: it cannot consist only of A-z0-9-_=", s.sep)
	}
	return s, nil
}

// unsafeSep is Django's rule: a separator made only of characters that
// can appear in a signature (its regex [A-z] also spans [\]^_`) cannot
// be told from one.
func unsafeSep(sep string) bool {
	for _, c := range sep {
		if !(c >= 'A' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '=') {
			return false
		}
	}
	return true
}

// Sign returns value, the separator and value's signature.
func (s *Signer) Sign(value string) string {
	return value + s.sep + s.signature(value, s.key)
}

// Unsign returns the value signed in signed, if its signature is that of
// the key or of a fallback key. The error wraps ErrBadSignature and never
// includes the signed text.
func (s *Signer) Unsign(signed string) (string, error) {
	i := strings.LastIndex(signed, s.sep)
	if i < 0 {
		return "", fmt.Errorf("%w: no %q found in the value", ErrBadSignature, s.sep)
	}
	value, sig := signed[:i], signed[i+len(s.sep):]
	ok := hmac.Equal([]byte(sig), []byte(s.signature(value, s.key)))
	for _, k := range s.fallbacks {
		// Every key is tried, so that the time taken does not say which
		// one matched.
		ok = hmac.Equal([]byte(sig), []byte(s.signature(value, k))) || ok
	}
	if !ok {
		return "", fmt.Errorf("%w: the signature does not match", ErrBadSignature)
	}
	return value, nil
}

// signature is Django's base64_hmac(salt + "signer", value, key) with
// SHA-256: an HMAC keyed by SHA-256(salt + "signer" + key).
func (s *Signer) signature(value, key string) string {
	derived := sha256.Sum256([]byte(s.salt + "signer" + key))
	mac := hmac.New(sha256.New, derived[:])
	mac.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
