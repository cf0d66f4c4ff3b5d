package sessions

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2/memstore"

	"github.com/hoop-go/hoop/settings"
)

// unlink removes name's store for the test, as in a program that does
// not import its package, and puts back what was there when it ends.
func unlink(t *testing.T, name string) {
	t.Helper()
	openersMu.Lock()
	open := openers[name]
	delete(openers, name)
	openersMu.Unlock()
	t.Cleanup(func() {
		openersMu.Lock()
		delete(openers, name)
		if open != nil {
			openers[name] = open
		}
		openersMu.Unlock()
	})
}

// A setting that names a store the program does not link fails New at
// start-up, with the import line to add for hoop's own stores.
func TestUnlinkedStore(t *testing.T) {
	tests := []struct {
		store, url string
		want       []string
	}{
		{"redis", "redis://127.0.0.1:6379/0", []string{
			`sessions: session_store "redis" is not linked into this program; add to its main package:`,
			"\n\timport _ \"github.com/hoop-go/hoop/sessions/redisstore\"\n",
			"(linked stores: memory"}},
		{"postgres", "postgres://db/site", []string{`import _ "github.com/hoop-go/hoop/sessions/postgresstore"`}},
		{"sqlite", "sessions.db", []string{`import _ "github.com/hoop-go/hoop/sessions/sqlitestore"`}},
		{"mongo", "mongodb://db", []string{`sessions: session_store "mongo": no such store is linked into this program (linked stores: memory`, "registers itself when imported"}},
	}
	for _, tt := range tests {
		t.Run(tt.store, func(t *testing.T) {
			unlink(t, tt.store)
			s := settings.Default()
			s.SessionStore, s.SessionURL = tt.store, tt.url
			_, err := New(s, Options{})
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

func TestRegister(t *testing.T) {
	open := func(context.Context, string, time.Duration) (OpenedStore, error) {
		return OpenedStore{Store: memstore.New()}, nil
	}
	unlink(t, "test-store")
	Register("test-store", open)
	if names := Stores(); !slices.Contains(names, "memory") || !slices.Contains(names, "test-store") || !slices.IsSorted(names) {
		t.Errorf("Stores() = %q, want memory and test-store, sorted", names)
	}
	s := settings.Default()
	s.SessionStore, s.SessionURL = "test-store", "anything"
	m, err := New(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.kind != "test-store" {
		t.Errorf("kind %q", m.kind)
	}
	m.Close()

	for _, tt := range []struct {
		name string
		open Opener
		want string
	}{
		{"", open, `store name "" is reserved`},
		{"memory", open, `store name "memory" is reserved`},
		{"nil-opener", nil, "nil Opener for store nil-opener"},
		{"test-store", open, "Register called twice for store test-store"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			defer func() {
				if v := recover(); v == nil || !strings.Contains(v.(string), tt.want) {
					t.Errorf("panic %v, want %q", v, tt.want)
				}
			}()
			Register(tt.name, tt.open)
		})
	}
}
