// Package urlconf is hoop's URL conf: an ordered list of patterns, in the
// syntax Django users already write, resolved to view names with Django's
// semantics. It knows nothing of HTTP; package dispatcher serves it.
//
// A conf is a function returning entries, usually in a file urls.go:
//
//	func URLs() []urlconf.Entry {
//		return []urlconf.Entry{
//			urlconf.RePath(`^$`, "pages.index"),
//			urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello", urlconf.Name("hello")),
//			urlconf.Path("articles/<int:year>/", "news.year_archive"),
//			urlconf.Include("blog/", blog.URLs, urlconf.AppName("blog")),
//		}
//	}
//
// New (or a Builder, for custom converters) compiles every pattern once, at
// start-up, and reports every bad entry with its source location. Resolve
// then finds the first entry that matches a path, as Django's resolve()
// does: in conf order, depth first into includes, each pattern searched
// for (not anchored) in what its parents left of the path.
//
// # Regex syntax and meaning
//
// Patterns are Python re syntax, and mean what they mean in Python:
// (?P<name>...) groups, (?P=name) back-references, \Z for the absolute
// end, $ for the end or before a final newline (but an endpoint ending in
// $ must match the whole remaining path, as Django's fullmatch does, so
// "^x/$" never matches "x/\n"), and Unicode \w, \d and \s: "\w+" matches
// "José", "\d+" matches "٣٤". Builder.ASCII gives them Python's re.ASCII
// meaning instead.
//
// # Engines
//
// Each pattern runs on one of three engines, chosen when the conf is
// built; all three keep Python's meaning and group numbering. The common
// subset (literal text, repeated characters and classes, groups, anchors:
// most patterns, and every path() route) runs on a matcher of hoop's own,
// on the path's bytes. Every other pattern that has an exact form in
// Go's regexp package runs there, in time linear in the path. The rest
// run on github.com/dlclark/regexp2, a backtracking engine, under
// Builder.MatchTimeout: patterns with back-references, look-arounds,
// conditionals, atomic groups, possessive quantifiers, case-insensitive
// matching, \b with Unicode word characters, \B, a repeated group that
// can match the empty string (Go would capture differently), or a "$"
// that is not at the end of an endpoint's regex (Python's also matches
// before a final newline, and Go's regexp cannot say where). Check lists
// them, with why (hoop.W103).
package urlconf
