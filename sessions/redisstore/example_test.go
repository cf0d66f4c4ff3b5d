package redisstore_test

import (
	"fmt"
	"strings"

	"github.com/hoop-go/hoop/sessions"
	_ "github.com/hoop-go/hoop/sessions/redisstore" // links session_store = "redis"
	"github.com/hoop-go/hoop/settings"
)

// A site that imports the package can name the store in its settings.
// The store is opened and checked at start-up: one that cannot be
// reached (nothing listens on port 1) stops the site there, never at
// its first request.
func Example() {
	s := settings.Default()
	s.SessionStore, s.SessionURL = "redis", "redis://127.0.0.1:1/0"
	_, err := sessions.New(s, sessions.Options{})
	fmt.Println(sessions.Stores())
	// The rest of the message is the client's own, which varies.
	where, _, _ := strings.Cut(err.Error(), " is unreachable")
	fmt.Println(where, "is unreachable")
	// Output:
	// [memory redis]
	// sessions: redis store at 127.0.0.1:1 (db 0) is unreachable
}
