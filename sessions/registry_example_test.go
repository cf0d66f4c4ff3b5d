package sessions_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2/memstore"

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
)

// A store of a site's own, registered as hoop's stores register
// themselves (from an init function, in a real program), then named by
// the session_store setting.
func ExampleRegister() {
	if !slices.Contains(sessions.Stores(), "scratch") {
		sessions.Register("scratch", func(ctx context.Context, url string, timeout time.Duration) (sessions.OpenedStore, error) {
			return sessions.OpenedStore{Store: memstore.New()}, nil
		})
	}
	s := settings.Default()
	s.SessionStore = "scratch"
	sm, err := sessions.New(s, sessions.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer sm.Close()
	// These tests link every store hoop ships; a site links those it
	// imports.
	fmt.Println(sessions.Stores())
	// Output: [memory postgres redis scratch sqlite]
}
