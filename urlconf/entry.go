package urlconf

import "fmt"

// An Entry is one element of a URL conf: a pattern that leads to a view
// (RePath, Path) or to a nested list of entries (ReInclude, Include).
// Entries only describe the conf; New compiles and checks them.
type Entry struct {
	kind     entryKind
	pattern  string         // regex or route, exactly as written
	view     string         // endpoints: the view name
	patterns func() []Entry // includes: the nested conf, evaluated lazily
	opts     options
	where    string // "blog/urls.go:14", where the entry was declared, from the module root
}

type entryKind uint8

const (
	kindRePath entryKind = iota
	kindPath
	kindReInclude
	kindInclude
	kindLocale // I18nPatterns: an include under the language's prefix
	kindMount  // Mount: an endpoint that takes every path under a route prefix
)

// isRoute reports whether the entry's pattern is a path() route rather
// than a regex.
func (e *Entry) isRoute() bool {
	return e.kind == kindPath || e.kind == kindInclude || e.kind == kindMount
}

// isInclude reports whether the entry leads to a nested conf.
func (e *Entry) isInclude() bool {
	return e.kind == kindReInclude || e.kind == kindInclude || e.kind == kindLocale
}

// isPrefix reports whether the entry's pattern matches a prefix of the
// path, leaving the rest: an include's, or a mount's.
func (e *Entry) isPrefix() bool { return e.isInclude() || e.kind == kindMount }

// describe names the entry in error messages: its location, its
// constructor and its pattern.
func (e *Entry) describe() string {
	return fmt.Sprintf("%s: %s(%q)", e.where, e.constructor(), e.pattern)
}

func (e *Entry) constructor() string {
	return [...]string{"RePath", "Path", "ReInclude", "Include", "I18nPatterns", "Mount"}[e.kind]
}

// RePath declares an endpoint whose pattern is a regex in Python (Django)
// syntax, as Django's re_path(). The view is a name registered in the
// site's view registry. If the regex has named groups, they are passed to
// the view as kwargs and unnamed groups are ignored; otherwise every group
// is a positional arg.
func RePath(regex, view string, opts ...Option) Entry {
	return newEntry(kindRePath, regex, view, nil, opts)
}

// Path declares an endpoint whose pattern is a Django path() route, such
// as "articles/<int:year>/<slug:title>/". A parameter without a converter
// uses "str". The route must match the whole remaining path.
func Path(route, view string, opts ...Option) Entry {
	return newEntry(kindPath, route, view, nil, opts)
}

// ReInclude declares a nested conf under a regex prefix, as Django's
// re_path(prefix, include(...)). The prefix is searched for in the path,
// and the entries see the rest of the path after it. Groups in the prefix
// are passed down to the views. patterns is called when the conf is
// built, so a conf may include itself, directly or through others.
func ReInclude(prefix string, patterns func() []Entry, opts ...Option) Entry {
	return newEntry(kindReInclude, prefix, "", patterns, opts)
}

// Include declares a nested conf under a path() route prefix, as Django's
// path(prefix, include(...)). See ReInclude.
func Include(prefix string, patterns func() []Entry, opts ...Option) Entry {
	return newEntry(kindInclude, prefix, "", patterns, opts)
}

// Mount declares an endpoint that takes every path under a path() route
// prefix, for a view that routes the rest of the path itself: an
// http.ServeMux, a chi or gorilla/mux router, a file server, a gRPC
// gateway. The view is a name in the site's view registry, as for Path.
//
// The prefix matches as an Include's does, converters included, and must
// be empty or end with "/", so that a mount takes whole segments:
// Mount("files/", ...) takes /files/ and everything under it, never
// /filesystem/. The dispatcher calls the view with the prefix stripped
// from the request's path (/files/a/b becomes /a/b, and /files/ becomes
// /), and views.OriginalURL gives the URL as the client sent it. r.Pattern
// is the mount's route, a Name reverses to the mount point, the checks
// report entries a mount shadows, and the technical 404 lists it.
func Mount(prefix, view string, opts ...Option) Entry {
	return newEntry(kindMount, prefix, view, nil, opts)
}

// Entries returns its arguments as a patterns function, for inline lists
// passed to Include and ReInclude.
func Entries(entries ...Entry) func() []Entry {
	return func() []Entry { return entries }
}

func newEntry(kind entryKind, pattern, view string, patterns func() []Entry, opts []Option) Entry {
	e := Entry{kind: kind, pattern: pattern, view: view, patterns: patterns, where: declaredAt(3)}
	for _, opt := range opts {
		opt(&e.opts)
	}
	return e
}

// An Option configures an entry.
type Option func(*options)

type options struct {
	name         string
	kwargs       map[string]any
	namespace    string
	appName      string
	hasNamespace bool
	hasAppName   bool
	methods      []string
	handler      any // Handler: the view itself

	translated      bool // Translated
	noDefaultPrefix bool // PrefixDefaultLanguage(false)
}

// Name names an endpoint, for reverse. Names need not be unique: reverse
// tries same-named patterns from the last declared to the first, as Django
// does. A name should not contain ":", which separates namespaces.
func Name(name string) Option {
	return func(o *options) { o.name = name }
}

// Kwargs sets default kwargs: Django's third argument to path() and
// include(). They are passed to the view (or, on an include, to every view
// below it) and override captured values of the same name.
func Kwargs(kwargs map[string]any) Option {
	return func(o *options) { o.kwargs = kwargs }
}

// Namespace sets an include's instance namespace, used to reverse
// "namespace:name". An include with a namespace needs an app name too
// (AppName); an include with only an app name uses it as its namespace.
func Namespace(namespace string) Option {
	return func(o *options) { o.namespace, o.hasNamespace = namespace, true }
}

// AppName sets an include's application namespace: the name shared by
// every instance of a reusable app included several times.
func AppName(appName string) Option {
	return func(o *options) { o.appName, o.hasAppName = appName, true }
}

// Methods restricts an endpoint to the given HTTP methods. The dispatcher
// answers any other method with 405 Method Not Allowed and a sorted Allow
// header; GET allows HEAD, and OPTIONS is answered with Allow.
func Methods(methods ...string) Option {
	return func(o *options) { o.methods = append(o.methods, methods...) }
}
