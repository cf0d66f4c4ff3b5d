// Package postgresstore links the "postgres" session store into a
// program that imports it:
//
//	import _ "github.com/hoop-go/hoop/sessions/postgresstore"
//
// Sessions live in a PostgreSQL table, shared by every instance of a
// site (session_url: "postgres://user:password@host:5432/db" or a
// "key=value" DSN). It is scs/pgxstore on github.com/jackc/pgx/v5, with
// context methods so that session_store_timeout cancels a query instead
// of leaving it to run. Opening pings the server and reads the table: an
// unreachable server, or a database without the table, stops the
// start-up, and the error gives the statement to create it ([Schema]).
// It never creates the table itself: the site's role should not need
// the right to. Each instance deletes expired rows every five minutes.
//
// It is a package of its own so that a site that keeps its sessions
// elsewhere does not link a PostgreSQL driver.
package postgresstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/sessions/internal/cleanup"
)

// Schema creates the table that the store needs: the table of
// scs/pgxstore. Run it once, as a migration, with a role allowed to
// create tables; the site itself only reads and writes rows.
const Schema = `CREATE TABLE IF NOT EXISTS sessions (
	token TEXT PRIMARY KEY,
	data BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);`

func init() { sessions.Register("postgres", open) }

// open connects to the database at url and checks that it has the
// sessions table.
func open(ctx context.Context, url string, timeout time.Duration) (sessions.OpenedStore, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return sessions.OpenedStore{}, fmt.Errorf("sessions: session_url is not a postgres URL or DSN: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > timeout {
		cfg.ConnConfig.ConnectTimeout = timeout
	}
	where := fmt.Sprintf("postgres store at %s:%d (database %q, user %q)",
		cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, cfg.ConnConfig.User)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return sessions.OpenedStore{}, fmt.Errorf("sessions: %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return sessions.OpenedStore{}, fmt.Errorf("sessions: %s is unreachable: %w", where, err)
	}
	if _, err := pool.Exec(ctx, "SELECT token, data, expiry FROM sessions LIMIT 0"); err != nil {
		pool.Close()
		var pe *pgconn.PgError
		if errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "42703") { // undefined table, column
			return sessions.OpenedStore{}, fmt.Errorf("sessions: %s has no sessions table (%s); create it once with:\n\n%s\n",
				where, pe.Message, Schema)
		}
		return sessions.OpenedStore{}, fmt.Errorf("sessions: %s: cannot read the sessions table: %w", where, err)
	}
	store := &pgStore{PostgresStore: pgxstore.NewWithCleanupInterval(pool, 0), pool: pool}
	stop := cleanup.Every(cleanup.Interval, timeout, "postgres", func(ctx context.Context) error {
		_, err := pool.Exec(ctx, "DELETE FROM sessions WHERE expiry < current_timestamp")
		return err
	})
	return sessions.OpenedStore{Store: store, Close: func() error {
		stop()
		pool.Close()
		return nil
	}}, nil
}

// pgStore is scs/pgxstore with context methods, so that the store
// timeout cancels a query instead of leaving it to run: pgxstore's own
// methods take no context. The statements are pgxstore's.
type pgStore struct {
	*pgxstore.PostgresStore
	pool *pgxpool.Pool
}

var _ scs.CtxStore = (*pgStore)(nil)

func (p *pgStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := p.pool.QueryRow(ctx, "SELECT data FROM sessions WHERE token = $1 AND current_timestamp < expiry", token).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

func (p *pgStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := p.pool.Exec(ctx, "INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry", token, b, expiry)
	return err
}

func (p *pgStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := p.pool.Exec(ctx, "DELETE FROM sessions WHERE token = $1", token)
	return err
}
