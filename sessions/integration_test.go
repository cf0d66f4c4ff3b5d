package sessions_test

// Tests against a real Redis and a real PostgreSQL, whose URLs are in
// TEST_REDIS_URL and TEST_POSTGRES_URL (.ci/run starts both). They skip
// when a URL is not set, and fail instead under CI=true.

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/sessions/postgresstore"
	"github.com/hoop-go/hoop/settings"
)

// hashed is the key under which the store keeps a token (scs's
// HashTokenInStore).
func hashed(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// preparePostgres creates the sessions table at url, as a site's
// migration would, and returns a pool for checks.
func preparePostgres(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(ctx, postgresstore.Schema); err != nil {
		t.Fatalf("creating the sessions table: %v", err)
	}
	return pool
}

func redisSettings(url string) settings.Settings {
	s := testSettings()
	s.SessionStore, s.SessionURL = "redis", url
	return s
}

func postgresSettings(url string) settings.Settings {
	s := testSettings()
	s.SessionStore, s.SessionURL = "postgres", url
	return s
}

// exerciseStore runs the session scenarios that every shared store must
// pass: counting, two instances sharing a session, login and logout.
// stored reports whether the store holds a session under a key, and
// when it expires; the key of a token is its hash.
func exerciseStore(t *testing.T, s settings.Settings, stored func(token string) (bool, time.Time)) {
	a := newTestSite(t, s, sessions.Options{})
	b := newTestSite(t, s, sessions.Options{}) // a second instance
	for i := 1; i <= 3; i++ {
		if r := a.get(t, "/counter/"); r.status != 200 || r.body != fmt.Sprintf("count=%d", i) {
			t.Fatalf("visit %d: %d %q", i, r.status, r.body)
		}
	}
	token := a.cookie(t)
	if ok, expiry := stored(hashed(token)); !ok || time.Until(expiry) < 23*time.Hour || time.Until(expiry) > 25*time.Hour {
		t.Errorf("the store: session stored %v, expiry in %v; want stored, in 24h", ok, time.Until(expiry))
	}
	if ok, _ := stored(token); ok {
		t.Error("the store holds the raw token: a leaked copy of it would give away live sessions")
	}
	b.setCookie(t, token)
	if r := b.get(t, "/counter/"); r.body != "count=4" {
		t.Errorf("the second instance: %q, want count=4", r.body)
	}
	if r := a.get(t, "/counter/"); r.body != "count=5" {
		t.Errorf("back on the first instance: %q, want count=5", r.body)
	}

	a.get(t, "/login/?user=ada")
	renewed := a.cookie(t)
	if renewed == token {
		t.Fatal("login kept the token")
	}
	if ok, _ := stored(hashed(token)); ok {
		t.Error("the token from before login is still in the store")
	}
	b.setCookie(t, renewed)
	mustContain(t, "the second instance after login", b.get(t, "/whoami/").body, `user="ada"`, "n=5")
	b.get(t, "/logout/")
	if ok, _ := stored(hashed(renewed)); ok {
		t.Error("the session is still in the store after logout")
	}
	a.setCookie(t, renewed)
	mustContain(t, "the first instance after logout", a.get(t, "/whoami/").body, `user=""`, "n=0")
}

func TestRedisStore(t *testing.T) {
	u := envURL(t, "TEST_REDIS_URL", "Redis")
	opts, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	exerciseStore(t, redisSettings(u), func(key string) (bool, time.Time) {
		ttl, err := client.PTTL(context.Background(), "scs:session:"+key).Result()
		if err != nil {
			t.Fatal(err)
		}
		return ttl > 0, time.Now().Add(ttl)
	})
}

func TestPostgresStore(t *testing.T) {
	u := envURL(t, "TEST_POSTGRES_URL", "PostgreSQL")
	pool := preparePostgres(t, u)
	exerciseStore(t, postgresSettings(u), func(key string) (bool, time.Time) {
		var expiry time.Time
		err := pool.QueryRow(context.Background(), "SELECT expiry FROM sessions WHERE token = $1", key).Scan(&expiry)
		if errors.Is(err, pgx.ErrNoRows) {
			return false, time.Time{}
		} else if err != nil {
			t.Fatal(err)
		}
		return true, expiry
	})
}

// A database without the sessions table stops the site at start-up,
// with the statement that creates it.
func TestPostgresMissingTable(t *testing.T) {
	u := envURL(t, "TEST_POSTGRES_URL", "PostgreSQL")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := "hoop_empty_" + strings.ToLower(rand.Text()[:8])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := parsed.Query()
	q.Set("search_path", schema)
	parsed.RawQuery = q.Encode()
	_, err = sessions.New(postgresSettings(parsed.String()), sessions.Options{})
	if err == nil {
		t.Fatal("New succeeded without the sessions table")
	}
	mustContain(t, "error", err.Error(), "has no sessions table", "CREATE TABLE IF NOT EXISTS sessions", "expiry TIMESTAMPTZ NOT NULL")
}

// freezeProxy forwards TCP to a server and can freeze: the connections
// stay open and nothing goes through, as on a network partition or a
// server that stopped answering. It tests that real clients obey the
// store timeout.
type freezeProxy struct {
	ln     net.Listener
	target string
	closed chan struct{}
	mu     sync.Mutex
	thawed chan struct{} // closed while data goes through
	conns  []net.Conn
}

func newFreezeProxy(t *testing.T, target string) *freezeProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &freezeProxy{ln: ln, target: target, closed: make(chan struct{}), thawed: make(chan struct{})}
	close(p.thawed)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *freezeProxy) addr() string { return p.ln.Addr().String() }

// freeze stops every byte, in both directions, until thaw.
func (p *freezeProxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.thawed = make(chan struct{})
}

func (p *freezeProxy) thaw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.thawed)
}

func (p *freezeProxy) gate() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.thawed
}

func (p *freezeProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go p.pipe(c, s)
		go p.pipe(s, c)
	}
}

func (p *freezeProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-p.gate():
		case <-p.closed:
			return
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *freezeProxy) close() {
	select {
	case <-p.closed:
		return
	default:
	}
	close(p.closed)
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// A real store that stops answering (frozen connections, no error)
// costs a session page a 503 from the store timeout, and nothing to
// other pages; service resumes when it answers again. Two instances of
// the site share the store through the proxy: steady, with the other
// tests' hour, sets the session up and checks it at the end; hung, with
// a short store timeout, is the one that meets the frozen store. While
// the store is frozen nothing but a timeout can end a store call, so a
// 503 that its log puts down to a timeout is the timeout path's,
// however long the machine took to get there.
func TestRealStoresThatHang(t *testing.T) {
	for _, tc := range []struct {
		name, env, what string
		settings        func(string) settings.Settings
	}{
		{"redis", "TEST_REDIS_URL", "Redis", redisSettings},
		{"postgres", "TEST_POSTGRES_URL", "PostgreSQL", postgresSettings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := envURL(t, tc.env, tc.what)
			if tc.name == "postgres" {
				preparePostgres(t, u)
			}
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			proxy := newFreezeProxy(t, parsed.Host)
			parsed.Host = proxy.addr()
			steady := newTestSite(t, tc.settings(parsed.String()), sessions.Options{})
			s := tc.settings(parsed.String())
			s.SessionStoreTimeout = 300 * time.Millisecond
			hung := newTestSite(t, s, sessions.Options{})
			if r := steady.get(t, "/counter/"); r.body != "count=1" {
				t.Fatalf("before: %d %q", r.status, r.body)
			}
			hung.setCookie(t, steady.cookie(t))
			proxy.freeze()
			timeouts := 0
			for range 3 {
				r := hung.get(t, "/counter/")
				if r.status != 503 || r.header.Get("Retry-After") == "" {
					t.Errorf("a session page with the store hanging: %d, Retry-After %q; want 503 with Retry-After", r.status, r.header.Get("Retry-After"))
				}
				if n := timedOut(hung.log.String()); n <= timeouts {
					t.Errorf("the 503 was not logged as a store timeout:\n%s", hung.log.String())
				} else {
					timeouts = n
				}
				if r := hung.get(t, "/plain/"); r.status != 200 {
					t.Errorf("a plain page with the store hanging: %d", r.status)
				}
			}
			proxy.thaw()
			// hung's client may have connections that its timeouts left
			// in the middle of a command: it must drop them and connect
			// again. On a busy machine a call may still run past 300 ms
			// for a while, so this polls, without a deadline (go test's
			// -timeout reports a site that never recovers).
			for {
				r := hung.get(t, "/read/")
				if r.status == 200 {
					mustContain(t, "the session after the store answered again", r.body, "n=1")
					break
				}
				if r.status != 503 {
					t.Fatalf("after the store answered again: %d %q", r.status, r.body)
				}
				time.Sleep(50 * time.Millisecond) // the poll's interval, not a limit
			}
			if r := steady.get(t, "/counter/"); r.status != 200 || r.body != "count=2" {
				t.Errorf("after the store answered again: %d %q, want count=2", r.status, r.body)
			}
		})
	}
}

// timedOut counts the lines of a site's log that put a store failure
// down to a timeout: the store timeout's own error, or the client's,
// when its deadline (the store timeout's) fired first.
func timedOut(log string) int {
	n := 0
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "sessions: store unavailable") &&
			(strings.Contains(line, "timeout") || strings.Contains(line, "deadline exceeded")) {
			n++
		}
	}
	return n
}
