package urlconf

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
)

// A Builder compiles URL confs. Its zero value builds with Django's
// default converters and Python's Unicode meaning of \d, \w and \s.
// A Builder is not safe for concurrent use; the Conf it builds is.
type Builder struct {
	// ASCII gives \d, \w, \s and \b in every regex Python's re.ASCII
	// meaning ([0-9], [a-zA-Z0-9_], ...), for sites that want URLs to
	// match ASCII only. By default they are Unicode, as in Django:
	// ^hello/(?P<username>\w+)/$ matches /hello/José/.
	ASCII bool

	// MatchTimeout bounds one regex match that needs the backtracking
	// engine (regexp2): the patterns that check lists as hoop.W103, such
	// as those with back-references or look-arounds. Every other pattern
	// runs in linear time, without a limit. Zero means
	// DefaultMatchTimeout. A match that runs out of time stops the
	// resolution with a *TimeoutError: the dispatcher answers 503, and
	// never tries the next pattern, which could change what the URL means.
	MatchTimeout time.Duration

	// DispatchBudget bounds the time one resolution spends in such
	// matches, all of them together. Zero means DefaultDispatchBudget.
	DispatchBudget time.Duration

	// MaxBacktracking bounds how many such matches of the conf run at
	// once, across all its resolutions, so that concurrent attackers
	// cannot keep every processor backtracking. Zero means a quarter of
	// GOMAXPROCS (as Build finds it), at least one.
	MaxBacktracking int

	// LanguageCode is the default language, Django's LANGUAGE_CODE: the
	// language of the conf Build returns, for a conf that uses
	// I18nPatterns or Translated. Empty means DefaultLanguageCode.
	LanguageCode string
	// Languages are the languages such a conf is compiled for at Build,
	// Django's LANGUAGES (their codes); ForLanguage compiles any other on
	// first use.
	Languages []string
	// Translate returns text, a Translated entry's pattern, in language
	// lang: gettext for the conf. Nil leaves every pattern as written.
	Translate func(lang, text string) string

	// BacktrackingWait bounds how long a match waits for one of those
	// slots. A match that gets none is not run: the resolution stops
	// with a *BusyError, which the dispatcher answers 503 with
	// Retry-After. Zero means DefaultBacktrackingWait.
	BacktrackingWait time.Duration

	converters map[string]Converter // registered by RegisterConverter
}

// timeoutClock makes regexp2 check its deadlines every 10 ms instead of
// every 100 ms, once per process, before the first conf can run a timed
// match: otherwise a 50 ms MatchTimeout fires after about 200 ms.
// regexp2's clock runs only while deadlines are pending.
var timeoutClock sync.Once

// The defaults of Builder.MatchTimeout and Builder.DispatchBudget: a
// request that makes a pattern backtrack catastrophically is answered
// within about a quarter of a second.
const (
	DefaultMatchTimeout   = 50 * time.Millisecond
	DefaultDispatchBudget = 200 * time.Millisecond
)

// untimedDefaults makes a zero MatchTimeout and DispatchBudget mean no
// limit. The package's tests set it: a match they expect must not fail
// because a busy machine paused the test past a deadline. A limit set
// on the Builder still applies.
var untimedDefaults bool

// noLimit is regexp2's "no timeout" (its DefaultMatchTimeout), and a
// budget that never runs out.
const noLimit = time.Duration(math.MaxInt64)

// RegisterConverter makes a custom path() converter available under
// name, as Django's register_converter. Register before Build. A name
// that is already registered, or built in, is an error, as is a
// converter whose regex does not compile or has capturing groups.
func (b *Builder) RegisterConverter(name string, c Converter) error {
	if !isIdentifier(name) {
		return fmt.Errorf("urlconf: converter name %q is not a valid identifier", name)
	}
	if _, ok := builtinConverters[name]; ok {
		return fmt.Errorf("urlconf: converter %q is built in and cannot be replaced", name)
	}
	if _, ok := b.converters[name]; ok {
		return fmt.Errorf("urlconf: converter %q is already registered", name)
	}
	e := Entry{kind: kindPath, pattern: "<" + name + ":x>"}
	if _, err := compilePattern(&e, map[string]Converter{name: c}, b.ASCII); err != nil {
		return fmt.Errorf("urlconf: converter %q: %v", name, err)
	}
	if b.converters == nil {
		b.converters = make(map[string]Converter)
	}
	b.converters[name] = c
	return nil
}

// New builds a conf with a zero Builder: Django's converters, Unicode
// classes.
func New(patterns func() []Entry) (*Conf, error) {
	var b Builder
	return b.Build(patterns)
}

// Build compiles every pattern of the conf that patterns returns, and of
// every conf it includes, and checks every entry. The error lists every
// bad entry at once, each with its source location, its pattern, and what
// is wrong.
func (b *Builder) Build(patterns func() []Entry) (*Conf, error) {
	conv := make(map[string]Converter, len(builtinConverters)+len(b.converters))
	for name, c := range builtinConverters {
		conv[name] = c
	}
	for name, c := range b.converters {
		conv[name] = c
	}
	timeoutClock.Do(func() { regexp2.SetTimeoutCheckPeriod(10 * time.Millisecond) })
	timeout, budget := b.MatchTimeout, b.DispatchBudget
	switch {
	case timeout <= 0 && untimedDefaults:
		timeout = noLimit
	case timeout <= 0:
		timeout = DefaultMatchTimeout
	}
	switch {
	case budget <= 0 && untimedDefaults:
		budget = noLimit
	case budget <= 0:
		budget = DefaultDispatchBudget
	}
	if patterns == nil {
		return nil, errors.New("urlconf: New needs a patterns function")
	}
	code := b.LanguageCode
	if code == "" {
		code = DefaultLanguageCode
	}
	limiter := newBacktrackLimiter(b.MaxBacktracking, b.BacktrackingWait)
	build := func(lang string) (*Conf, *compiler, error) {
		c := &compiler{converters: conv, ascii: b.ASCII, timeout: timeout, lang: lang, langCode: code, translate: b.Translate}
		entries := patterns()
		root := c.compileLevel(entries, "root conf")
		if len(c.errs) > 0 {
			return nil, c, &BuildError{Problems: c.errs}
		}
		conf := &Conf{root: root, converters: conv, ascii: b.ASCII, timeout: timeout, budget: budget, backtrack: limiter,
			source: sourceOf(patterns, entries)}
		if c.usesLanguage {
			conf.lang = lang
		}
		conf.prepareResolve()
		return conf, c, nil
	}
	conf, c, err := build(code)
	if err != nil || !c.usesLanguage {
		return conf, err
	}
	ls := &languages{code: code, prefixed: c.prefixed, prefixDefault: c.prefixDefault, confs: map[string]*Conf{code: conf}}
	ls.listed = append(ls.listed, code)
	ls.build = func(lang string) (*Conf, error) {
		conf, _, err := build(lang)
		if conf != nil {
			conf.langs = ls
		}
		return conf, err
	}
	conf.langs = ls
	for _, lang := range b.Languages {
		if _, ok := ls.confs[lang]; ok {
			continue
		}
		other, err := ls.build(lang)
		if err != nil {
			return nil, err
		}
		ls.confs[lang] = other
		ls.listed = append(ls.listed, lang)
	}
	return conf, nil
}

// A BuildError lists every problem found while building a conf.
type BuildError struct {
	Problems []string // one line each: "blog/urls.go:14: RePath(...): what is wrong"
}

func (e *BuildError) Error() string {
	return "urlconf: invalid URL conf:\n\t" + strings.Join(e.Problems, "\n\t")
}

// A Conf is a compiled URL conf. It is immutable and safe for concurrent
// use.
type Conf struct {
	root       *level
	converters map[string]Converter
	ascii      bool
	timeout    time.Duration // each backtracking match (Builder.MatchTimeout)
	budget     time.Duration // all of them in one resolution (Builder.DispatchBudget)

	// lang is the language the conf resolves in, for a conf that uses
	// I18nPatterns or Translated; langs holds every language's conf.
	lang  string
	langs *languages

	backtrack *backtrackLimiter // Builder.MaxBacktracking, for every regexp2 match of a resolution
	source    string            // the patterns function, for Source

	routes map[routeKey]string // joined routes of include chains, for result.Route
	views  []string            // distinct view names, by result.ViewID

	dictOnce     sync.Once
	dicts        map[*level]*reverseDict // reverse's view of every level
	reverseCache sync.Map                // pattern chain → reversibleCache
}

// A level is one compiled list of entries: the root conf, or the conf an
// include leads to. Levels form a graph: an include that reaches a conf
// already being compiled above it points back to that conf's level, as
// Django's lazily evaluated includes do.
type level struct {
	nodes       []*node
	fingerprint string
	index       *levelIndex // candidates for a path, for resolveTo
	includes    []*node     // the include nodes, in conf order, for result.missNamespaces
}

// A node is one compiled entry.
type node struct {
	entry *Entry
	pat   *pattern
	sub   *level // includes only
	// namespace and appName are the effective values for an include:
	// Django uses the app name as the namespace when none is given.
	namespace, appName string
	defaults           []kwText // the entry's default kwargs as path values
	viewID             int      // endpoints: the index of the view name in Conf.views
}

// maxIncludeDepth bounds include nesting that is not a cycle, such as a
// patterns function that returns a fresh, different conf at every call.
const maxIncludeDepth = 64

type compiler struct {
	converters map[string]Converter
	ascii      bool
	timeout    time.Duration // each backtracking match
	stack      []*level      // levels being compiled, outermost first
	errs       []string

	lang, langCode string                         // the language compiled for; Builder.LanguageCode
	translate      func(lang, text string) string // Builder.Translate
	usesLanguage   bool                           // an entry is I18nPatterns or Translated
	prefixed       bool                           // the root has I18nPatterns
	prefixDefault  bool                           // ... with a prefix for the default language
}

func (c *compiler) fail(e *Entry, format string, args ...any) {
	c.errs = append(c.errs, e.describe()+": "+fmt.Sprintf(format, args...))
}

func (c *compiler) compileLevel(entries []Entry, what string) *level {
	fp := fingerprint(entries)
	for _, l := range c.stack {
		if l.fingerprint == fp {
			return l // the conf includes itself: share its level
		}
	}
	l := &level{fingerprint: fp}
	if len(c.stack) >= maxIncludeDepth {
		c.errs = append(c.errs, fmt.Sprintf("%s: includes nest deeper than %d levels", what, maxIncludeDepth))
		return l
	}
	c.stack = append(c.stack, l)
	defer func() { c.stack = c.stack[:len(c.stack)-1] }()
	for i := range entries {
		if n := c.compileEntry(&entries[i]); n != nil {
			l.nodes = append(l.nodes, n)
		}
	}
	return l
}

func (c *compiler) compileEntry(e *Entry) *node {
	if e.where == "" { // a zero Entry, not made by a constructor
		c.errs = append(c.errs, "an Entry was not made by RePath, Path, ReInclude or Include")
		return nil
	}
	e, source, locale, ok := c.languageEntry(e)
	if !ok {
		return nil
	}
	n := &node{entry: e}
	ok = c.checkOptions(e, n)
	pat, err := compilePattern(e, c.converters, c.ascii)
	if err != nil {
		if c.lang != c.langCode {
			err = fmt.Errorf("in language %q: %w", c.lang, err)
		}
		c.fail(e, "%v", err)
		return nil
	}
	if locale {
		pat.source = source
	}
	pat.where = e.where
	pat.setTimeout(c.timeout)
	pat.prefix = requiredPrefix(pat.syntax)
	n.pat = pat
	if e.isInclude() && e.patterns != nil {
		n.sub = c.compileLevel(e.patterns(), e.describe())
	}
	if !ok {
		return nil
	}
	return n
}

// checkOptions reports options that do not apply to the entry's kind,
// and sets an include's effective namespace.
func (c *compiler) checkOptions(e *Entry, n *node) bool {
	before := len(c.errs)
	o := &e.opts
	if e.isInclude() {
		if e.patterns == nil {
			c.fail(e, "needs a patterns function")
		}
		if o.name != "" {
			c.fail(e, "Name applies to endpoints, not to includes")
		}
		if len(o.methods) > 0 {
			c.fail(e, "Methods applies to endpoints, not to includes")
		}
		if o.hasNamespace && o.namespace == "" {
			c.fail(e, "Namespace is empty")
		}
		if o.hasNamespace && !o.hasAppName {
			c.fail(e, "Namespace %q needs an AppName too: Django does not support a namespace without an app name", o.namespace)
		}
		if o.hasAppName && o.appName == "" {
			c.fail(e, "AppName is empty")
		}
		n.appName, n.namespace = o.appName, o.namespace
		if !o.hasNamespace {
			n.namespace = o.appName
		}
	} else {
		if e.view == "" {
			c.fail(e, "has no view name")
		}
		if o.hasNamespace || o.hasAppName {
			c.fail(e, "Namespace and AppName apply to includes, not to endpoints")
		}
		for _, m := range o.methods {
			if !isToken(m) {
				c.fail(e, "Methods: %q is not an HTTP method", m)
			}
		}
		if e.kind == kindMount && e.pattern != "" && !strings.HasSuffix(e.pattern, "/") {
			c.fail(e, "a mount's prefix must be empty or end with \"/\", so that it takes whole path segments: write %q", e.pattern+"/")
		}
	}
	return len(c.errs) == before
}

// fingerprint identifies a conf by its entries: where each was declared,
// and what it says. A patterns function that returns the same entries is
// the same conf.
func fingerprint(entries []Entry) string {
	var b strings.Builder
	for i := range entries {
		e := &entries[i]
		fmt.Fprintf(&b, "%s|%d|%q|%q|%v\n", e.where, e.kind, e.pattern, e.view, e.opts)
	}
	return b.String()
}

// isToken reports whether s is an HTTP method token: one or more
// characters of RFC 9110's tchar.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
