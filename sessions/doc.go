// Package sessions gives a hoop site sessions from its settings alone:
// Django's session framework, on github.com/alexedwards/scs/v2.
//
// It is its own package, rather than a part of the dispatcher or of
// settings, because it owns three decisions that belong to a site and
// to nothing else: its session configuration (lifetime, cookie
// attributes, from the session_* settings), the choice and opening of
// its store (memory, or a linked store: sqlite, postgres, redis, checked
// at start-up),
// and its failure policy (a store that is down or slow costs a 503 to
// the requests that use the session, and nothing to the others). scs
// does the session work (tokens, encoding, the stores); this package
// wraps it with those decisions, and the dispatcher stays unaware of
// sessions: a site adds [Manager.Middleware] to
// dispatcher.Options.Middleware.
//
//	sm, err := sessions.New(s, sessions.Options{Logger: logger})
//	if err != nil {
//		return nil, err // the store is unreachable, or its table is missing
//	}
//	opts := dispatcher.Options{Settings: &s, Middleware: []func(http.Handler) http.Handler{sm.Middleware}}
//
// Views reach the session through the request:
//
//	n := sessions.GetInt(r, "visits") + 1
//	sessions.Put(r, "visits", n)
//
//	sessions.Login(r, user.ID) // a new token: no session fixation
//	sessions.Logout(r)         // the session is destroyed
//
// # Stores
//
// The session_store setting picks one. Only "memory" is built in; each
// other store is a package of its own that registers itself when a
// program imports it, as database/sql drivers do, so that a site links
// only the store it uses (the Redis client, the PostgreSQL driver and
// the SQLite engine are most of a binary that links them all):
//
//	import _ "github.com/hoop-go/hoop/sessions/redisstore"
//
// The stores:
//
//   - memory (the default; scs/v2/memstore): nothing to install; sessions
//     die with the process and are not shared between instances.
//   - sqlite (package sessions/sqlitestore: scs/sqlite3store on the
//     pure-Go modernc.org/sqlite driver, no cgo): a file named by
//     session_url; durable across restarts, one machine. Its table is
//     created if missing.
//   - postgres (sessions/postgresstore: scs/pgxstore, jackc/pgx/v5) and
//     redis (sessions/redisstore: scs/goredisstore, redis/go-redis/v9):
//     shared by every instance of a site, for a site behind a load
//     balancer. [New] fails with a clear error if the store is
//     unreachable or, for postgres, if its table is missing (the error
//     gives the CREATE TABLE statement, postgresstore.Schema).
//
// A setting that names a store the program does not link stops [New]
// with the import line to add. A site's own store registers itself with
// [Register] under a name of its own.
//
// # Lazy sessions
//
// A request's session is loaded from the store the first time a view
// touches it, not before, and saved only if it changed. A request that
// never touches it costs no store call, creates no session and sets no
// cookie, even when it carries a session cookie.
//
// A session cookie that cannot be a token (more than 64 characters, or
// characters a token never has) is treated as no cookie: the request gets
// a new anonymous session and the store is never asked about it.
//
// # Failures
//
// Every store call is bounded by session_store_timeout. When a call fails
// or times out, the request that needed it is answered 503 Service
// Unavailable with a Retry-After header, rendered as every hoop error page
// (views.RenderError: the site's handler for 503, else problem details,
// JSON for scripts and HTML for browsers). Requests that do not use the
// session are unaffected, and service resumes by itself when the store
// comes back.
//
// A save that times out has an unknown outcome (the store may have
// written it and failed to say so): its 503 says so, rather than that
// nothing was saved. Session data that no longer decodes is dropped with
// its token: the request gets an empty session under a new token, and
// the old one is deleted from the store.
//
// A failed save never produces a half response: the middleware holds the
// view's status and headers, and saves the session before the first byte
// of the view's response leaves (at its first Write, WriteHeader or
// Flush, or when it returns). If the save fails, what the view wrote is
// dropped, and the client gets the 503 alone: never a body glued after an
// error text, never a redirect without its Location. A view that changes
// the session after its response has started cannot have the change
// saved; the middleware logs it.
//
// Accessors ([Get], [Put], [Login]...) have no error result: when the
// store fails they panic with a 503 *views.HTTPError, which the
// middleware answers as above (hoop's views may panic with an HTTPError
// from deep in a call chain). A view that would rather go on without a
// session calls [Load] first and checks its error.
package sessions
