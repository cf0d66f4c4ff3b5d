package signing_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/hoop-go/hoop/signing"
)

func ExampleSigner() {
	s, err := signing.New("the site's secret_key", signing.Options{Salt: "unsubscribe"})
	if err != nil {
		panic(err)
	}
	link := s.Sign("user-42")
	fmt.Println(link)
	v, err := s.Unsign(link)
	fmt.Println(v, err)
	_, err = s.Unsign("user-43" + link[len("user-42"):])
	fmt.Println(errors.Is(err, signing.ErrBadSignature))
	// Output:
	// user-42:ArsRU-CJHaKkps79etJ5D6enAusQm6B-aAU5TPn1wsc
	// user-42 <nil>
	// true
}

// Rotating the key: the new key signs; the old one, as a fallback, still
// verifies what it signed.
func ExampleOptions_fallbacks() {
	old, _ := signing.New("the old key", signing.Options{})
	signed := old.Sign("hello")
	rotated, _ := signing.New("the new key", signing.Options{Fallbacks: []string{"the old key"}})
	fmt.Println(rotated.Unsign(signed))
	// Output: hello <nil>
}

func ExampleTimestampSigner() {
	ts, _ := signing.NewTimestamp("the site's secret_key", signing.Options{Salt: "password-reset"})
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	ts.Now = func() time.Time { return now } // a test's clock
	token := ts.Sign("alice")
	now = now.Add(2 * time.Hour)
	_, err := ts.Unsign(token, time.Hour)
	fmt.Println(errors.Is(err, signing.ErrExpired))
	v, err := ts.Unsign(token, 3*time.Hour)
	fmt.Println(v, err)
	// Output:
	// true
	// alice <nil>
}

func ExampleSigner_SignObject() {
	s, _ := signing.New("the site's secret_key", signing.Options{Salt: "cart"})
	signed, _ := s.SignObject(map[string]int{"apples": 3}, false)
	var cart map[string]int
	err := s.UnsignObject(signed, &cart)
	fmt.Println(cart, err)
	// Output: map[apples:3] <nil>
}
