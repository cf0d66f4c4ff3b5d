package examplesite

import (
	"strings"
	"testing"
)

// The example site links no session store but memory, so that the
// devserver does not carry a Redis client, a PostgreSQL driver and an
// SQL engine it does not use. Naming one of them stops the start-up
// with the import line that links it.
func TestUnlinkedStoreStopsStartup(t *testing.T) {
	tests := []struct{ store, url, pkg string }{
		{"redis", "redis://127.0.0.1:6379/0", "github.com/hoop-go/hoop/sessions/redisstore"},
		{"postgres", "postgres://hoop@127.0.0.1/site", "github.com/hoop-go/hoop/sessions/postgresstore"},
		{"sqlite", "sessions.db", "github.com/hoop-go/hoop/sessions/sqlitestore"},
	}
	for _, tt := range tests {
		t.Run(tt.store, func(t *testing.T) {
			s := siteSettings(false)
			s.SessionStore, s.SessionURL = tt.store, tt.url
			_, err := New(s, nil)
			if err == nil || !strings.Contains(err.Error(), `import _ "`+tt.pkg+`"`) {
				t.Errorf("New with session_store %q: %v, want the import line for %s", tt.store, err, tt.pkg)
			}
		})
	}
}
