package signing

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxObjectBytes bounds the JSON that UnsignObject decompresses: only a
// signed text is ever decompressed, so only the key's holder could send
// a zip bomb, but a bound costs nothing.
const MaxObjectBytes = 1 << 20

// SignObject returns v as compact JSON in URL-safe base64, signed:
// Django's Signer.sign_object. With compress, the JSON is zlib-compressed
// when that makes it shorter, marked by a leading ".", which the
// signature covers.
func (s *Signer) SignObject(v any, compress bool) (string, error) {
	enc, err := encodeObject(v, compress)
	if err != nil {
		return "", err
	}
	return s.Sign(enc), nil
}

// UnsignObject checks signed and decodes its JSON into v.
func (s *Signer) UnsignObject(signed string, v any) error {
	enc, err := s.Unsign(signed)
	if err != nil {
		return err
	}
	return decodeObject(enc, v)
}

// SignObject is Signer.SignObject, with the time of signing: Django's
// signing.dumps, given the salt.
func (t *TimestampSigner) SignObject(v any, compress bool) (string, error) {
	enc, err := encodeObject(v, compress)
	if err != nil {
		return "", err
	}
	return t.Sign(enc), nil
}

// UnsignObject checks signed, and its age when maxAge is positive, and
// decodes its JSON into v: Django's signing.loads.
func (t *TimestampSigner) UnsignObject(signed string, v any, maxAge time.Duration) error {
	enc, err := t.Unsign(signed, maxAge)
	if err != nil {
		return err
	}
	return decodeObject(enc, v)
}

func encodeObject(v any, compress bool) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("signing: %w", err)
	}
	if compress {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		_, _ = zw.Write(data) // a bytes.Buffer does not fail
		_ = zw.Close()
		if b.Len() < len(data)-1 { // Django's rule: worth the "." only if shorter
			return "." + base64.RawURLEncoding.EncodeToString(b.Bytes()), nil
		}
	}
	return base64.RawURLEncoding.EncodeToString(data), nil
}

// decodeObject decodes what encodeObject made. Its input is signed, so
// an error here means a bug or a key shared with a signer that writes
// something else: it still wraps ErrBadSignature, since the text cannot
// be trusted as an object.
func decodeObject(enc string, v any) error {
	compressed := strings.HasPrefix(enc, ".")
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(enc, "."))
	if err != nil {
		return fmt.Errorf("%w: the value is not URL-safe base64", ErrBadSignature)
	}
	if compressed {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%w: the value is not zlib data", ErrBadSignature)
		}
		data, err = io.ReadAll(io.LimitReader(zr, MaxObjectBytes+1))
		if err != nil {
			return fmt.Errorf("%w: the value is not zlib data", ErrBadSignature)
		}
		if len(data) > MaxObjectBytes {
			return fmt.Errorf("%w: the value decompresses past %d bytes", ErrBadSignature, MaxObjectBytes)
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: the value is not the expected JSON: %v", ErrBadSignature, err)
	}
	return nil
}
