// Package sqlitestore links the "sqlite" session store into a program
// that imports it:
//
//	import _ "github.com/hoop-go/hoop/sessions/sqlitestore"
//
// It keeps sessions in a file (session_url: a path, or a "file:" URI):
// durable across restarts, on one machine, with no server. It is
// scs/sqlite3store on the pure-Go modernc.org/sqlite driver (no cgo),
// with a busy timeout of session_store_timeout and the WAL journal; the
// table ([Schema]) is created if missing, and expired sessions are
// deleted every five minutes.
//
// It is a package of its own so that a site that keeps its sessions
// elsewhere does not link an SQL engine.
package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	_ "modernc.org/sqlite" // the pure-Go "sqlite" database/sql driver

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/sessions/internal/cleanup"
)

// Schema is the table of scs/sqlite3store, which the store creates in
// the file if it is missing.
const Schema = `CREATE TABLE IF NOT EXISTS sessions (
	token TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);`

func init() { sessions.Register("sqlite", open) }

// open opens the sqlite file at path and creates the table if it is
// missing.
func open(ctx context.Context, path string, timeout time.Duration) (sessions.OpenedStore, error) {
	dsn := path
	if !strings.Contains(dsn, "busy_timeout") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		dsn += fmt.Sprintf("%s_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)", sep, timeout.Milliseconds())
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return sessions.OpenedStore{}, fmt.Errorf("sessions: sqlite store %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, Schema); err != nil {
		db.Close()
		return sessions.OpenedStore{}, fmt.Errorf("sessions: sqlite store %s: cannot open or create its table: %w", path, err)
	}
	store := sqlite3store.NewWithConfig(db, sqlite3store.Config{CleanUpInterval: 0})
	stop := cleanup.Every(cleanup.Interval, timeout, "sqlite", func(ctx context.Context) error {
		_, err := db.ExecContext(ctx, "DELETE FROM sessions WHERE expiry < julianday('now')")
		return err
	})
	return sessions.OpenedStore{Store: store, Close: func() error {
		stop()
		return db.Close()
	}}, nil
}
