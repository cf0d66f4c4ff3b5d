package signing

import (
	"fmt"
	"strings"
	"time"
)

// DefaultTimestampSalt is a TimestampSigner's salt when Options.Salt is
// empty.
const DefaultTimestampSalt = "hoop.signing.TimestampSigner"

// A TimestampSigner signs values with the time of signing, so that
// Unsign can refuse old ones, as Django's TimestampSigner does. The
// signed text is value:timestamp:signature, the timestamp in Unix
// seconds in base 62.
type TimestampSigner struct {
	signer *Signer
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
}

// NewTimestamp returns a TimestampSigner for key; it fails as New does.
func NewTimestamp(key string, opts Options) (*TimestampSigner, error) {
	s, err := newSigner(key, opts, DefaultTimestampSalt)
	if err != nil {
		return nil, err
	}
	return &TimestampSigner{signer: s}, nil
}

func (t *TimestampSigner) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Sign returns value signed with the current time.
func (t *TimestampSigner) Sign(value string) string {
	return t.signer.Sign(value + t.signer.sep + b62Encode(t.now().Unix()))
}

// Unsign returns the value signed in signed if the signature holds and,
// when maxAge is positive, it was signed at most maxAge ago. An expired
// value's error wraps ErrExpired (and so ErrBadSignature).
func (t *TimestampSigner) Unsign(signed string, maxAge time.Duration) (string, error) {
	value, at, err := t.unsign(signed)
	if err != nil {
		return "", err
	}
	if maxAge > 0 {
		if age := t.now().Sub(at); age > maxAge {
			return "", fmt.Errorf("%w: signed %v ago, more than %v", ErrExpired, age.Truncate(time.Second), maxAge)
		}
	}
	return value, nil
}

// SignedAt returns the value signed in signed and when it was signed, if
// the signature holds, whatever its age.
func (t *TimestampSigner) SignedAt(signed string) (string, time.Time, error) {
	return t.unsign(signed)
}

func (t *TimestampSigner) unsign(signed string) (string, time.Time, error) {
	inner, err := t.signer.Unsign(signed)
	if err != nil {
		return "", time.Time{}, err
	}
	i := strings.LastIndex(inner, t.signer.sep)
	if i < 0 {
		return "", time.Time{}, fmt.Errorf("%w: no timestamp", ErrBadSignature)
	}
	secs, ok := b62Decode(inner[i+len(t.signer.sep):])
	if !ok {
		return "", time.Time{}, fmt.Errorf("%w: the timestamp is not a base 62 number", ErrBadSignature)
	}
	return inner[:i], time.Unix(secs, 0), nil
}
