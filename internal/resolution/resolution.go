// Package resolution is the seam between urlconf, which resolves paths,
// and the dispatcher, which keeps one resolution per request in a pool.
// What only a server needs of a resolution (resolving into a reused
// value without allocating, the view's index, the APPEND_SLASH probe)
// lives here rather than in urlconf's public API. urlconf implements
// Result and sets New and Views when it is initialized; this package
// imports nothing, so urlconf stays free of HTTP.
package resolution

// A Result is one resolution of a path against a conf, reused from one
// request to the next. Its methods other than Resolve describe the last
// resolution that matched.
type Result interface {
	// Resolve resolves path (a decoded URL path that begins with "/")
	// against conf, a *urlconf.Conf, and reports whether an entry
	// matched; err is a converter's error or a regex out of time or
	// slots. It allocates nothing for a path of the fast subset.
	Resolve(conf any, path string) (ok bool, err error)
	// ResolveSlash resolves the path Resolve missed with a "/" appended.
	ResolveSlash() (ok bool, err error)
	View() string
	// ViewID is View's index in Views(conf).
	ViewID() int
	Route() string
	Methods() []string
	// Mount reports whether the entry is a urlconf.Mount, and the rest
	// of the path after its prefix, which the mounted view sees.
	Mount() (rest string, ok bool)
	// AppendPathValues appends every kwarg as text to dst, name then
	// value; a later value of a name overrides an earlier one. It takes a
	// slice, not a callback, so that nothing escapes through the
	// interface: with room in dst it allocates nothing.
	AppendPathValues(dst []string) []string
	// AppendNamespaces appends the namespaces of the match's includes,
	// outermost first (Match.Namespaces), without allocating when dst
	// has room.
	AppendNamespaces(dst []string) []string
	// MissNamespaces appends the namespaces of the includes a path
	// Resolve missed is under: the first include whose prefix matches,
	// in conf order, then the first below it that matches the rest, and
	// so on. It keeps what ResolveSlash and NotFound need.
	MissNamespaces(dst []string) ([]string, error)
	// Match builds the *urlconf.Match, once.
	Match() any
	// NotFound returns the *urlconf.NotFound of a path Resolve missed.
	NotFound() any
}

var (
	// New returns an empty Result.
	New func() Result
	// Views returns the distinct view names of conf's endpoints, indexed
	// by Result.ViewID. The caller must not modify it.
	Views func(conf any) []string
	// MatchHost matches hostname (lower-case, without port) against
	// hosts, a *urlconf.Hosts, as Hosts.Match does: the index of the
	// host in Hosts.List, its kwargs appended to dst as name, value
	// pairs. It allocates nothing for a pattern without groups, nor on
	// the byte matcher; Go's regexp allocates the spans of a hit.
	MatchHost func(hosts any, hostname string, dst []string) (int, []string, error)
)
