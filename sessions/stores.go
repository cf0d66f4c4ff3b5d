package sessions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
	_ "modernc.org/sqlite" // the pure-Go "sqlite" database/sql driver

	"github.com/hoop-go/hoop/settings"
)

// PostgresSchema creates the table that the postgres store needs: the
// table of scs/pgxstore. Run it once, as a migration, with a role
// allowed to create tables; the site itself only reads and writes rows.
const PostgresSchema = `CREATE TABLE IF NOT EXISTS sessions (
	token TEXT PRIMARY KEY,
	data BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);`

// SQLiteSchema is the table of scs/sqlite3store, which New creates in
// the sqlite file if it is missing.
const SQLiteSchema = `CREATE TABLE IF NOT EXISTS sessions (
	token TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);`

// cleanupInterval is how often the sqlite and postgres stores delete
// expired sessions (redis expires them itself; memstore has its own).
const cleanupInterval = 5 * time.Minute

type openedStore struct {
	store   scs.Store
	closers []func() error
}

// openStore opens and checks the sqlite, postgres or redis store that s
// names. (The memory store is the memstore of scs.New: its cleanup
// goroutine runs for the life of the process, as scs gives no race-free
// way to stop it.)
func openStore(ctx context.Context, s settings.Settings) (openedStore, error) {
	switch s.SessionStore {
	case "sqlite":
		return openSQLite(ctx, s.SessionURL, s.SessionStoreTimeout)
	case "postgres":
		return openPostgres(ctx, s.SessionURL, s.SessionStoreTimeout)
	case "redis":
		return openRedis(ctx, s.SessionURL, s.SessionStoreTimeout)
	}
	return openedStore{}, fmt.Errorf("sessions: session_store: unknown store %q", s.SessionStore)
}

// openSQLite opens the sqlite file at path (a file name, or a "file:"
// URI), with a busy timeout of the store timeout and the WAL journal, and
// creates the table if it is missing.
func openSQLite(ctx context.Context, path string, timeout time.Duration) (openedStore, error) {
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
		return openedStore{}, fmt.Errorf("sessions: sqlite store %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, SQLiteSchema); err != nil {
		db.Close()
		return openedStore{}, fmt.Errorf("sessions: sqlite store %s: cannot open or create its table: %w", path, err)
	}
	store := sqlite3store.NewWithConfig(db, sqlite3store.Config{CleanUpInterval: 0})
	stop := cleanup(cleanupInterval, timeout, "sqlite", func(ctx context.Context) error {
		_, err := db.ExecContext(ctx, "DELETE FROM sessions WHERE expiry < julianday('now')")
		return err
	})
	return openedStore{store: store, closers: []func() error{stop, db.Close}}, nil
}

// openPostgres connects to the database at url and checks that it has
// the sessions table. It does not create the table: the site's role
// should not need the right to.
func openPostgres(ctx context.Context, url string, timeout time.Duration) (openedStore, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return openedStore{}, fmt.Errorf("sessions: session_url is not a postgres URL or DSN: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > timeout {
		cfg.ConnConfig.ConnectTimeout = timeout
	}
	where := fmt.Sprintf("postgres store at %s:%d (database %q, user %q)",
		cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, cfg.ConnConfig.User)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return openedStore{}, fmt.Errorf("sessions: %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return openedStore{}, fmt.Errorf("sessions: %s is unreachable: %w", where, err)
	}
	if _, err := pool.Exec(ctx, "SELECT token, data, expiry FROM sessions LIMIT 0"); err != nil {
		pool.Close()
		var pe *pgconn.PgError
		if errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "42703") { // undefined table, column
			return openedStore{}, fmt.Errorf("sessions: %s has no sessions table (%s); create it once with:\n\n%s\n",
				where, pe.Message, PostgresSchema)
		}
		return openedStore{}, fmt.Errorf("sessions: %s: cannot read the sessions table: %w", where, err)
	}
	store := &pgStore{PostgresStore: pgxstore.NewWithCleanupInterval(pool, 0), pool: pool}
	stop := cleanup(cleanupInterval, timeout, "postgres", func(ctx context.Context) error {
		_, err := pool.Exec(ctx, "DELETE FROM sessions WHERE expiry < current_timestamp")
		return err
	})
	return openedStore{store: store, closers: []func() error{stop, func() error { pool.Close(); return nil }}}, nil
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

// openRedis connects to the Redis server at url and pings it.
func openRedis(ctx context.Context, url string, timeout time.Duration) (openedStore, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return openedStore{}, fmt.Errorf("sessions: session_url is not a redis URL (redis://host:6379/0): %w", err)
	}
	// Bound every step by the store timeout, the request's context too,
	// and fail fast rather than retry while the request waits.
	opts.ContextTimeoutEnabled = true
	opts.DialTimeout = min(opts.DialTimeout, timeout)
	opts.ReadTimeout = min(opts.ReadTimeout, timeout)
	opts.WriteTimeout = min(opts.WriteTimeout, timeout)
	opts.PoolTimeout = timeout
	opts.MaxRetries = 1
	opts.DialerRetries = 1
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	client := redis.NewClient(opts)
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return openedStore{}, fmt.Errorf("sessions: redis store at %s (db %d) is unreachable: %w", opts.Addr, opts.DB, err)
	}
	return openedStore{store: goredisstore.New(client), closers: []func() error{client.Close}}, nil
}

// cleanup runs del every interval, bounded by timeout, until the
// returned stop function is called.
func cleanup(interval, timeout time.Duration, kind string, del func(context.Context) error) func() error {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				if err := del(ctx); err != nil {
					slog.Warn("sessions: deleting expired sessions failed", "store", kind, "error", err)
				}
				cancel()
			}
		}
	}()
	return func() error {
		close(stop)
		<-done
		return nil
	}
}
