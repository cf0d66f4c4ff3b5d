package sessions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// An Opener opens the store that a session_url names, and checks it: an
// unreachable server, or a database without its table, is an error
// here, at start-up. ctx bounds the opening; timeout is
// session_store_timeout, for the store's own settings (New bounds every
// later call by it too).
type Opener func(ctx context.Context, url string, timeout time.Duration) (OpenedStore, error)

// An OpenedStore is what an Opener returns.
type OpenedStore struct {
	// Store is the scs store; an scs.CtxStore can be cancelled at the
	// store timeout, other stores are only waited for that long.
	Store scs.Store
	// Close releases its connections and goroutines, when the site
	// stops (Manager.Close). Nil when there is nothing to release.
	Close func() error
}

var (
	openersMu sync.RWMutex
	openers   = map[string]Opener{}
)

// linkable names the packages of the stores hoop ships, so that a
// setting that names one that is not linked says what to import.
var linkable = map[string]string{
	"sqlite":   "github.com/hoop-go/hoop/sessions/sqlitestore",
	"postgres": "github.com/hoop-go/hoop/sessions/postgresstore",
	"redis":    "github.com/hoop-go/hoop/sessions/redisstore",
}

// Register makes a session store available under name, for the
// session_store setting, as database/sql's Register makes a driver
// available. A store package calls it from its init function, so that
// importing the package links the store in:
//
//	import _ "github.com/hoop-go/hoop/sessions/redisstore"
//
// Only the stores a site imports are linked into its binary; "memory"
// is built in. Register panics if name is empty or "memory", if open is
// nil, or if name is registered already.
func Register(name string, open Opener) {
	openersMu.Lock()
	defer openersMu.Unlock()
	switch {
	case name == "" || name == "memory":
		panic(fmt.Sprintf("sessions: Register: store name %q is reserved", name))
	case open == nil:
		panic("sessions: Register: nil Opener for store " + name)
	case openers[name] != nil:
		panic("sessions: Register called twice for store " + name)
	}
	openers[name] = open
}

// Stores returns the names of the stores linked into the program,
// sorted: "memory" and every registered one.
func Stores() []string {
	openersMu.RLock()
	defer openersMu.RUnlock()
	names := []string{"memory"}
	for name := range openers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// opener returns the store registered under name, or an error that says
// how to link it.
func opener(name string) (Opener, error) {
	openersMu.RLock()
	open := openers[name]
	openersMu.RUnlock()
	if open != nil {
		return open, nil
	}
	linked := strings.Join(Stores(), ", ")
	if pkg, ok := linkable[name]; ok {
		return nil, fmt.Errorf("sessions: session_store %q is not linked into this program; add to its main package:\n\n\timport _ %q\n\n(linked stores: %s)", name, pkg, linked)
	}
	return nil, fmt.Errorf("sessions: session_store %q: no such store is linked into this program (linked stores: %s; a store package registers itself when imported)", name, linked)
}
