// Package pyre parses regular expressions written in Python's re syntax
// (str patterns, as in a Django URLconf) and rewrites them for Go's
// regexp package (RE2, linear time) where an exact form exists, and for
// github.com/dlclark/regexp2, a .NET-dialect backtracking engine, always.
//
// Parse builds a syntax tree that keeps everything the source says: group
// numbers in Python's numbering, group names, scoped flags, quantifier
// modes and byte offsets. The tree is shared by several consumers: URL
// resolution (Regexp.Go, Regexp.Dotnet), reverse() (which walks the tree
// the way Django's normalize() walks sre_parse output) and the URLconf
// checks (backtracking lint, fast matchers). That is why parsing lives in
// its own package with no URL knowledge: every consumer must agree on
// what a pattern means, and only one parser can guarantee that. For the
// same reason Class.Contains is the one definition of what a class, and
// Python's \d \w \s in either meaning, matches.
//
// Parse follows CPython 3.12's re parser, including its error messages,
// so that a pattern rejected by Django is rejected here with the same
// words. Dotnet writes the tree back as a regexp2 expression for
// regexp2's default (not RE2, not ECMAScript) mode that matches exactly
// what Python matches, up to the gaps documented on Dotnet. Go does the
// same for Go's regexp, or says which construct has no exact form there
// (a *NotLinearError); what it keeps is documented on Go.
package pyre
