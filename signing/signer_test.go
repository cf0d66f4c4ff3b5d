package signing

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustNew(t *testing.T, key string, opts Options) *Signer {
	t.Helper()
	s, err := New(key, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Vectors from Django's own tests (tests/signing/tests.py), with Django's
// default salt: a value a Django site signed unsigns here.
func TestDjangoVectors(t *testing.T) {
	for _, tc := range []struct {
		name, key, sep, value, want string
	}{
		{"non-ASCII key", "\xe7", "", "foo", "foo:EE4qGC5MEKyQG5msxYA0sBohAxLC0BJf8uRhemh0BGU"},
		{"sep /", "predictable-secret", "/", "foo", "foo/jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0"},
		{"sep *sep*", "predictable-secret", "*sep*", "foo", "foo*sep*jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0"},
		{"sep ,", "predictable-secret", ",", "foo", "foo,jZQoX_FtSO70jX9HLRGg2A_2s4kdDBxz1QoO_OpEQb0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, tc.key, Options{Salt: "django.core.signing.Signer", Sep: tc.sep})
			if got := s.Sign(tc.value); got != tc.want {
				t.Errorf("Sign(%q) = %q, want %q", tc.value, got, tc.want)
			}
			if got, err := s.Unsign(tc.want); err != nil || got != tc.value {
				t.Errorf("Unsign = %q, %v", got, err)
			}
		})
	}
}

func TestSignUnsign(t *testing.T) {
	s := mustNew(t, "predictable-secret", Options{})
	for _, v := range []string{"q;wjmbk;wkmb", "3098247529087", "3098247:529:087:", "jkw osanteuh ,rcuh nthu aou oauh ,ud du", "\u2019", ""} {
		t.Run(v, func(t *testing.T) {
			signed := s.Sign(v)
			if signed == v || !strings.HasPrefix(signed, v+":") {
				t.Fatalf("Sign(%q) = %q", v, signed)
			}
			if got, err := s.Unsign(signed); err != nil || got != v {
				t.Errorf("Unsign(%q) = %q, %v", signed, got, err)
			}
		})
	}
}

func TestUnsignDetectsTampering(t *testing.T) {
	s := mustNew(t, "predictable-secret", Options{})
	signed := s.Sign("Another string")
	for name, tampered := range map[string]string{
		"upper":          strings.ToUpper(signed),
		"appended":       signed + "a",
		"first replaced": "a" + signed[1:],
		"no separator":   strings.ReplaceAll(signed, ":", ""),
		"empty":          "",
		"other salt":     mustNew(t, "predictable-secret", Options{Salt: "other"}).Sign("Another string"),
		"other key":      mustNew(t, "another-secret", Options{}).Sign("Another string"),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := s.Unsign(tampered)
			if !errors.Is(err, ErrBadSignature) || got != "" {
				t.Errorf("Unsign(%q) = %q, %v; want ErrBadSignature", tampered, got, err)
			}
			if err != nil && tampered != "" && strings.Contains(err.Error(), tampered) {
				t.Errorf("the error quotes the signed text: %v", err)
			}
		})
	}
}

// Key rotation: the new key signs, the old ones still verify, and a key
// that is neither does not.
func TestFallbackKeys(t *testing.T) {
	old := mustNew(t, "secret", Options{})
	rotated := mustNew(t, "newsecret", Options{Fallbacks: []string{"othersecret", "secret"}})
	for _, tc := range []struct {
		name   string
		signed string
		ok     bool
	}{
		{"signed with a fallback", old.Sign("abc"), true},
		{"signed with the key", rotated.Sign("abc"), true},
		{"signed with neither", mustNew(t, "stolen", Options{}).Sign("abc"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rotated.Unsign(tc.signed)
			if tc.ok != (err == nil) || (tc.ok && got != "abc") {
				t.Errorf("Unsign = %q, %v; want ok=%v", got, err, tc.ok)
			}
		})
	}
	if strings.Contains(rotated.Sign("abc"), old.Sign("abc")[4:]) {
		t.Error("Sign used a fallback key")
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, key, sep, want string
	}{
		{"empty key", "", "", "the key is empty"},
		{"dash", "k", "-", "unsafe separator"},
		{"letters", "k", "abc", "unsafe separator"},
		{"underscore and equals", "k", "_=", "unsafe separator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.key, Options{Sep: tc.sep})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%q, sep %q) = %v, want %q", tc.key, tc.sep, err, tc.want)
			}
		})
	}
}

// The clock is injected: no test waits for a signature to age.
func TestTimestampSigner(t *testing.T) {
	clock := time.Unix(123456789, 0)
	ts, err := NewTimestamp("predictable-key", Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts.Now = func() time.Time { return clock }
	signed := ts.Sign("hello")
	if plain := mustNew(t, "predictable-key", Options{}).Sign("hello"); signed == plain {
		t.Fatal("a timestamped signature equals a plain one")
	}
	if got, err := ts.Unsign(signed, 0); err != nil || got != "hello" {
		t.Fatalf("Unsign = %q, %v", got, err)
	}
	clock = time.Unix(123456800, 0) // 11 s later
	for _, tc := range []struct {
		maxAge  time.Duration
		expired bool
	}{
		{0, false}, {12 * time.Second, false}, {11 * time.Second, false}, {10 * time.Second, true},
	} {
		t.Run(tc.maxAge.String(), func(t *testing.T) {
			got, err := ts.Unsign(signed, tc.maxAge)
			if tc.expired {
				if !errors.Is(err, ErrExpired) || !errors.Is(err, ErrBadSignature) {
					t.Errorf("Unsign after 11s with max age %v = %q, %v; want ErrExpired", tc.maxAge, got, err)
				}
				return
			}
			if err != nil || got != "hello" {
				t.Errorf("Unsign after 11s with max age %v = %q, %v", tc.maxAge, got, err)
			}
		})
	}
	if v, at, err := ts.SignedAt(signed); err != nil || v != "hello" || !at.Equal(time.Unix(123456789, 0)) {
		t.Errorf("SignedAt = %q, %v, %v", v, at, err)
	}
}

// Made with Django's algorithm at time 123456789: TimestampSigner
// ("predictable-key").sign("hello"), and dumps({"foo": "bar", "baz": 1},
// key="predictable-key").
func TestDjangoTimestampVectors(t *testing.T) {
	at := func() time.Time { return time.Unix(123456789+5, 0) }
	ts, _ := NewTimestamp("predictable-key", Options{Salt: "django.core.signing.TimestampSigner"})
	ts.Now = at
	if got, err := ts.Unsign("hello:8M0kX:0pJB1_TN9Bno2aK29thnZKKHn76ngzcQVnIrp_DNs5M", time.Minute); err != nil || got != "hello" {
		t.Errorf("Unsign = %q, %v", got, err)
	}
	ts.Now = func() time.Time { return time.Unix(123456789, 0) }
	if got := ts.Sign("hello"); got != "hello:8M0kX:0pJB1_TN9Bno2aK29thnZKKHn76ngzcQVnIrp_DNs5M" {
		t.Errorf("Sign = %q", got)
	}
	dumps, _ := NewTimestamp("predictable-key", Options{Salt: "django.core.signing"})
	dumps.Now = at
	var v struct {
		Foo string `json:"foo"`
		Baz int    `json:"baz"`
	}
	if err := dumps.UnsignObject("eyJmb28iOiJiYXIiLCJiYXoiOjF9:8M0kX:EBc3XyFiMGPwJhgU-A8mWrEhA0lTkuhC4LEyuRLREy0", &v, time.Minute); err != nil || v.Foo != "bar" || v.Baz != 1 {
		t.Errorf("UnsignObject = %+v, %v", v, err)
	}
}

func TestSignObject(t *testing.T) {
	s := mustNew(t, "predictable-secret", Options{})
	for _, tc := range []struct {
		name string
		v    any
	}{
		{"list", []any{"a", "list"}},
		{"string", "a string \u2019"},
		{"object", map[string]any{"a": "dictionary"}},
		{"compressible", strings.Repeat("spam ", 200)},
	} {
		for _, compress := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				signed, err := s.SignObject(tc.v, compress)
				if err != nil {
					t.Fatal(err)
				}
				var got any
				if err := s.UnsignObject(signed, &got); err != nil {
					t.Fatalf("UnsignObject(%q): %v", signed, err)
				}
				if want, _ := encodeObject(tc.v, false); mustEncode(t, got) != want {
					t.Errorf("round trip: got %v", got)
				}
				if _, err := s.Unsign(strings.ToUpper(signed)); !errors.Is(err, ErrBadSignature) {
					t.Errorf("tampered object accepted")
				}
			})
		}
	}
	compressed, _ := s.SignObject(strings.Repeat("spam ", 200), true)
	if !strings.HasPrefix(compressed, ".") || len(compressed) > 200 {
		t.Errorf("a compressible value was not compressed: %q", compressed)
	}
}

func mustEncode(t *testing.T, v any) string {
	t.Helper()
	s, err := encodeObject(v, false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A compressed value that inflates past MaxObjectBytes is refused even
// though its signature holds.
func TestUnsignObjectBoundsDecompression(t *testing.T) {
	s := mustNew(t, "k", Options{})
	signed, err := s.SignObject(strings.Repeat("a", MaxObjectBytes+10), true)
	if err != nil {
		t.Fatal(err)
	}
	var v string
	if err := s.UnsignObject(signed, &v); !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "decompresses past") {
		t.Errorf("UnsignObject of a bomb = %v", err)
	}
}

func TestBase62(t *testing.T) {
	cases := []int64{-1e10, 1e10, 1620378259, 0, 1, -1, 61, 62, -62, 1<<63 - 1, -1 << 63}
	for i := int64(-100); i < 100; i++ {
		cases = append(cases, i)
	}
	for _, n := range cases {
		got, ok := b62Decode(b62Encode(n))
		if !ok || got != n {
			t.Errorf("b62Decode(b62Encode(%d)) = %d, %v", n, got, ok)
		}
	}
	for _, bad := range []string{"", "-", "+1", "a b", "zzzzzzzzzzzzzz", "é"} {
		if n, ok := b62Decode(bad); ok {
			t.Errorf("b62Decode(%q) = %d, want refusal", bad, n)
		}
	}
}
