package signing

import (
	"errors"
	"testing"
	"time"
)

// FuzzUnsign: any text either unsigns to a value whose signature is that
// very text, or fails with ErrBadSignature; never a panic.
func FuzzUnsign(f *testing.F) {
	s, _ := New("fuzz-key", Options{Fallbacks: []string{"old-key"}})
	ts, _ := NewTimestamp("fuzz-key", Options{})
	ts.Now = func() time.Time { return time.Unix(1700000000, 0) }
	f.Add(s.Sign("hello"))
	f.Add(ts.Sign("hello"))
	f.Add("a:b:c")
	f.Add(":")
	f.Add("")
	obj, _ := s.SignObject(map[string]any{"a": []int{1, 2}}, true)
	f.Add(obj)
	f.Fuzz(func(t *testing.T, signed string) {
		if v, err := s.Unsign(signed); err == nil {
			if s.Sign(v) != signed {
				t.Fatalf("Unsign(%q) = %q, which signs differently", signed, v)
			}
		} else if !errors.Is(err, ErrBadSignature) {
			t.Fatalf("Unsign(%q): %v does not wrap ErrBadSignature", signed, err)
		}
		if _, err := ts.Unsign(signed, time.Hour); err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("TimestampSigner.Unsign(%q): %v", signed, err)
		}
		var v any
		if err := s.UnsignObject(signed, &v); err != nil && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("UnsignObject(%q): %v", signed, err)
		}
	})
}
