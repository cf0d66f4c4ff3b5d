package urlconf

import (
	"github.com/hoop-go/hoop/internal/resolution"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Sizes a result holds without allocating. A match beyond them (includes
// nested deeper, or more groups along the chain) grows the result's
// slices: found by the same walk, at the cost of an allocation.
const (
	maxDepth = 8
	maxCaps  = 32
)

// A result is one resolution: the chain of entries that matched and
// where their groups are in the path. Unlike a Match it is built without
// allocating, so that a server can keep one per request in a pool: it
// answers the questions every request asks (View, Route, PathValues)
// from the path itself, and builds the full Match only when asked.
//
// Every resolution is the one walk of result.walk: indexed for serving,
// in full order when the tried list is wanted, and for the checks.
type result struct {
	conf   *Conf
	path   string // the path without its leading "/"
	depth  int
	end    int      // where the match of the chain ends in path
	nodes  []*node  // the chain, nodes[:depth]
	levels []*level // the level each node of the chain was tried in
	offs   []int    // where each level's part of the path begins
	capAt  []int    // capAt[d] is the first group of nodes[d] in caps
	caps   []int    // group spans in path, -1 for a group that did not take part
	vals   []any    // custom converters' values; built-in ones convert in Match
	cand   []candidates

	hasVals bool
	// tried, when set, collects the chain of every pattern tried, and
	// the walk goes through every entry in order, as Django's does.
	tried *[][]*node

	match atomic.Pointer[Match]

	// runes is the path as runes, made when a regexp2 pattern is tried,
	// with the byte offset of every rune (and of the end) in runeOff.
	runes   []rune
	runeOff []int
	hasRune bool
	// regexSince is when the resolution first ran a regexp2 match: the
	// dispatch budget counts from there.
	regexSince time.Time

	// slash holds path+"/" for the APPEND_SLASH probe.
	slash []byte

	buf struct {
		nodes  [maxDepth]*node
		levels [maxDepth]*level
		offs   [maxDepth]int
		capAt  [maxDepth + 1]int
		caps   [2 * maxCaps]int
		vals   [maxCaps]any
		cand   [maxDepth]candidates
	}
}

// resolveTo resolves path as Resolve does, into res, and reports whether
// an entry matched. A path that matches nothing is not an error: ok is
// false and res.NotFound describes it. err is a converter's error or a
// regex that ran out of time. It allocates nothing for a path that
// matches patterns of the fast subset, nor for a miss (see
// docs/PERFORMANCE.md).
func (c *Conf) resolveTo(res *result, path string) (ok bool, err error) {
	res.reset(c)
	if !strings.HasPrefix(path, "/") {
		res.path = path
		return false, nil
	}
	if !utf8.ValidString(path) {
		path = repercentBroken(path)
	}
	res.path = path[1:]
	return res.walk(c.root, 0)
}

// ResolveSlash resolves, into res, the path res missed with a "/"
// appended, for APPEND_SLASH, and reports whether it matches. It
// allocates nothing. When it misses too, res describes the first path
// again (NotFound).
func (res *result) ResolveSlash() (ok bool, err error) {
	c, missed := res.conf, res.path
	res.slash = append(append(res.slash[:0], missed...), '/')
	res.reset(c)
	// The string shares res.slash, which stays unchanged until the next
	// probe resets res.
	res.path = unsafe.String(unsafe.SliceData(res.slash), len(res.slash))
	ok, err = res.walk(c.root, 0)
	if !ok {
		res.reset(c)
		res.path = missed
	}
	return ok, err
}

// NotFound returns the *NotFound of the path res missed. Its Tried list
// is built when first asked for (NotFound.TriedPatterns).
func (res *result) NotFound() *NotFound {
	return &NotFound{Path: strings.Clone(res.path), conf: res.conf}
}

func (res *result) reset(c *Conf) {
	if res.nodes == nil {
		res.nodes, res.levels, res.offs = res.buf.nodes[:], res.buf.levels[:], res.buf.offs[:]
		res.capAt, res.caps, res.vals, res.cand = res.buf.capAt[:], res.buf.caps[:], res.buf.vals[:], res.buf.cand[:]
	}
	res.conf, res.path, res.depth, res.hasRune, res.tried = c, "", 0, false, nil
	res.regexSince = time.Time{}
	if res.match.Load() != nil {
		res.match.Store(nil)
	}
	if res.hasVals {
		clear(res.vals)
		res.hasVals = false
	}
}

// grow makes room for a chain one level deeper than d.
func (res *result) grow(d int) {
	if d+1 < len(res.nodes) {
		return
	}
	n := 2 * len(res.nodes)
	res.nodes = append(res.nodes, make([]*node, n-len(res.nodes))...)
	res.levels = append(res.levels, make([]*level, n-len(res.levels))...)
	res.offs = append(res.offs, make([]int, n-len(res.offs))...)
	res.capAt = append(res.capAt, make([]int, n+1-len(res.capAt))...)
	res.cand = append(res.cand, make([]candidates, n-len(res.cand))...)
}

// growCaps makes room for n groups in all.
func (res *result) growCaps(n int) {
	if 2*n <= len(res.caps) {
		return
	}
	res.caps = append(res.caps, make([]int, 2*n-len(res.caps))...)
	res.vals = append(res.vals, make([]any, n-len(res.vals))...)
}

// walk tries the entries of l against the path from off, in conf order,
// and reports whether one matched; the chain is then in
// res.nodes[:res.depth]. It is the only resolution walk: with res.tried
// unset it asks l's index for the entries that can match; with it set
// it tries every entry in order and records each, as Django's tried
// list has them. A level met again with nothing consumed (a conf that
// includes itself under an empty prefix) is a non-match, not a loop.
func (res *result) walk(l *level, off int) (bool, error) {
	d := res.depth
	for i := 0; i < d; i++ {
		if res.levels[i] == l && res.offs[i] == off {
			return false, nil
		}
	}
	res.grow(d)
	res.levels[d], res.offs[d] = l, off
	c := &res.cand[d]
	indexed := res.tried == nil && l.index != nil
	if indexed {
		l.index.lookup(c, res.path[off:], len(l.index.flat))
	} else {
		c.all, c.last, c.count = true, -1, int32(len(l.nodes))
	}
	for i := c.next(); i >= 0; i = c.next() {
		var chain []*node
		var x *exactShape
		if indexed {
			chain = l.index.flat[i]
			if !c.all {
				x = l.index.exact[i]
			}
		} else {
			chain = l.nodes[i : i+1]
		}
		end, ok, err := res.tryChain(chain, off, x, c)
		if err != nil {
			return false, err
		}
		if !ok {
			res.depth = d
			continue
		}
		last := chain[len(chain)-1]
		if last.sub == nil {
			res.end = end
			return true, nil
		}
		ok, err = res.walk(last.sub, end)
		if ok || err != nil {
			return ok, err
		}
		res.depth = d
	}
	return false, nil
}

// tryChain matches the nodes of chain one after the other from off,
// appending them to the resolution's chain, and returns where the last
// match ends. The chain is one node of the level being walked, or a
// flattened one that goes through includes (see flatten); x is the
// exact shape of a one-node chain the index found as a candidate (c).
// With res.tried set, it records the chain of the pattern tried.
func (res *result) tryChain(chain []*node, off int, x *exactShape, c *candidates) (int, bool, error) {
	for k, n := range chain {
		d := res.depth
		if k > 0 {
			res.grow(d)
			res.levels[d], res.offs[d] = chain[k-1].sub, off
			x = nil
		}
		end, ok, err := res.try(n, off, x, c)
		if err != nil {
			return 0, false, err
		}
		if res.tried != nil && (!ok || n.sub == nil) {
			*res.tried = append(*res.tried, append(slices.Clone(res.nodes[:d]), n))
		}
		if !ok {
			return 0, false, nil
		}
		res.nodes[d] = n
		res.depth = d + 1
		off = end
	}
	return off, true, nil
}

// try matches n's pattern against the path from off, storing its group
// spans at res.capAt[res.depth], and returns where the match ends. x is
// the pattern's exact shape when the index found it as a candidate (c).
func (res *result) try(n *node, off int, x *exactShape, c *candidates) (end int, ok bool, err error) {
	p := n.pat
	first := res.capAt[res.depth]
	res.growCaps(first + len(p.groups))
	caps := res.caps[2*first : 2*(first+len(p.groups))]
	decided := false
	if x != nil {
		end, ok, decided = c.exact(x, res.path[off:], caps)
	}
	if !decided && p.linear() {
		end, ok = p.matchLinear(res.path[off:], caps)
	}
	if decided || p.linear() {
		if !ok {
			return 0, false, nil
		}
		for i := range caps {
			if caps[i] >= 0 { // -1: a group that did not take part
				caps[i] += off
			}
		}
		end += off
	} else if end, ok, err = res.tryRegexp(p, off, caps); !ok || err != nil {
		return 0, false, err
	}
	res.capAt[res.depth+1] = first + len(p.groups)
	if p.params != nil {
		if ok, err := res.convert(p, first, caps); !ok || err != nil {
			return 0, false, err
		}
	}
	return end, true, nil
}

// tryRegexp matches with regexp2, on the path's runes, made once. Each
// match is bounded by the pattern's timeout, and all of a resolution's
// together by the conf's budget; the conf's limiter bounds how many run
// at once. A path without the pattern's required prefix is not tried.
func (res *result) tryRegexp(p *pattern, off int, caps []int) (end int, ok bool, err error) {
	if !strings.HasPrefix(res.path[off:], p.prefix) {
		return 0, false, nil // cannot match: no slot, no regexp2
	}
	if res.regexSince.IsZero() {
		res.regexSince = time.Now()
	} else if time.Since(res.regexSince) > res.conf.budget {
		res.conf.backtrack.timeouts.Add(1)
		return 0, false, &TimeoutError{Pattern: p.source, Where: p.where, Budget: true}
	}
	if !res.hasRune {
		res.runes, res.runeOff = res.runes[:0], res.runeOff[:0]
		for i, r := range res.path {
			res.runes = append(res.runes, r)
			res.runeOff = append(res.runeOff, i)
		}
		res.runeOff = append(res.runeOff, len(res.path))
		res.hasRune = true
	}
	start := runeIndex(res.runeOff, off)
	if err := res.conf.backtrack.acquire(p); err != nil {
		return 0, false, err
	}
	defer res.conf.backtrack.release()
	m, err := p.regexp().FindRunesMatch(res.runes[start:])
	if err != nil {
		res.conf.backtrack.timeouts.Add(1)
		return 0, false, errMatchTimeoutFor(p)
	}
	if m == nil {
		return 0, false, nil
	}
	for i := range p.groups {
		caps[2*i], caps[2*i+1] = -1, -1
		if g := m.GroupByNumber(i + 1); g != nil && len(g.Captures) > 0 {
			caps[2*i], caps[2*i+1] = res.runeOff[start+g.Index], res.runeOff[start+g.Index+g.Length]
		}
	}
	return res.runeOff[start+m.Index+m.Length], true, nil
}

// runeIndex finds the rune that starts at byte offset off.
func runeIndex(runeOff []int, off int) int {
	lo, hi := 0, len(runeOff)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if runeOff[mid] < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// convert runs the route's converters on its groups, in order, as
// pattern.match does. Built-in converters cannot fail on what their
// regex matched, except int on a number too large: they are checked
// here and convert when the Match is built. Custom converters run here,
// and their values are kept.
func (res *result) convert(p *pattern, first int, caps []int) (bool, error) {
	for i, prm := range p.params {
		if caps[2*i] < 0 {
			continue
		}
		text := res.path[caps[2*i]:caps[2*i+1]]
		switch prm.converter.(type) {
		case StringConverter, SlugConverter, PathConverter, UUIDConverter:
			continue
		case IntConverter:
			if len(text) < 19 {
				continue
			}
			if _, err := strconv.Atoi(text); err != nil {
				return false, nil
			}
			continue
		}
		v, err := prm.converter.ToGo(text)
		if isNoMatch(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		res.vals[first+i] = v
		res.hasVals = true
	}
	return true, nil
}

// View returns the name of the matched entry's view.
func (res *result) View() string {
	return res.nodes[res.depth-1].entry.view
}

// Route returns the patterns of the include chain and the entry, joined
// as Match.Route.
func (res *result) Route() string {
	if res.depth == 1 {
		return res.nodes[0].pat.source
	}
	var key routeKey
	if res.depth <= len(key) {
		copy(key[:], res.nodes[:res.depth])
		if r, ok := res.conf.routes[key]; ok {
			return r
		}
	}
	route := ""
	for _, n := range res.nodes[:res.depth] {
		route = joinRoute(route, n.pat.source)
	}
	return route
}

// PathValues calls yield with every kwarg of the match as text, as
// Match.PathValue gives it, until yield returns false. A name may come
// more than once: the last value is the one that counts, as a default
// kwarg overrides a captured one.
func (res *result) PathValues(yield func(name, value string) bool) {
	for d, n := range res.nodes[:res.depth] {
		caps := res.caps[2*res.capAt[d] : 2*res.capAt[d+1]]
		for i, name := range n.pat.groups {
			if name != "" && caps[2*i] >= 0 && !yield(name, res.path[caps[2*i]:caps[2*i+1]]) {
				return
			}
		}
		for _, kv := range n.defaults {
			if !yield(kv.name, kv.text) {
				return
			}
		}
	}
}

// Match returns the full Match, built on the first call. Its Tried is
// left empty until Match.TriedPatterns is called, as listing every
// pattern tried costs a walk of the conf.
func (res *result) Match() *Match {
	if m := res.match.Load(); m != nil {
		return m
	}
	m := res.build()
	if !res.match.CompareAndSwap(nil, m) {
		return res.match.Load()
	}
	return m
}

// build makes the Match of the chain, innermost first, as Django's
// resolvers do.
func (res *result) build() *Match {
	var m *Match
	for d := res.depth - 1; d >= 0; d-- {
		n := res.nodes[d]
		caps := res.captures(d)
		if m == nil {
			m = endpointMatch(n, caps)
		} else {
			m = includeMatch(n, caps, m)
		}
	}
	m.conf, m.path = res.conf, res.path
	return m
}

// captures turns the spans of level d into captures, with converted
// values, dropping unnamed groups when any is named.
func (res *result) captures(d int) []capture {
	p := res.nodes[d].pat
	first := res.capAt[d]
	caps := make([]capture, 0, len(p.groups))
	for i, name := range p.groups {
		if p.named && name == "" {
			continue
		}
		c := capture{name: name}
		if a := res.caps[2*(first+i)]; a >= 0 {
			c.raw, c.ok = res.path[a:res.caps[2*(first+i)+1]], true
			c.value = c.raw
			if p.params != nil {
				if v := res.vals[first+i]; v != nil {
					c.value = v
				} else if v, err := p.params[i].converter.ToGo(c.raw); err == nil {
					c.value = v
				}
			}
		}
		caps = append(caps, c)
	}
	return caps
}

// routeKey identifies a chain of up to eight nodes, for the routes of a
// conf made once.
type routeKey [8]*node

// kwText is a default kwarg as text, made once.
type kwText struct{ name, text string }

// Mount returns, for a match of a Mount, the rest of the path after its
// prefix, which the mounted view sees as its path.
func (res *result) Mount() (rest string, ok bool) {
	if res.nodes[res.depth-1].entry.kind != kindMount {
		return "", false
	}
	return res.path[res.end:], true
}

// Methods returns the HTTP methods the matched entry allows, as
// Match.Methods: nil when it allows any.
func (res *result) Methods() []string {
	return res.nodes[res.depth-1].entry.opts.methods
}

// chainOf returns the chain of nodes that path (without its leading "/")
// resolves to, nil when nothing matches: the walk of resolveTo, for the
// shadowing check, which resolves a sample URL of every entry.
func (c *Conf) chainOf(path string) ([]*node, error) {
	var res result
	res.reset(c)
	res.path = path
	if !utf8.ValidString(path) {
		res.path = repercentBroken(path)
	}
	ok, err := res.walk(c.root, 0)
	if err != nil || !ok {
		return nil, err
	}
	return slices.Clone(res.nodes[:res.depth]), nil
}

// tried lists the chain of every pattern a resolution of path (without
// its leading "/") tries, in order, as Django's tried list does.
func (c *Conf) tried(path string) ([][]Tried, error) {
	var res result
	var rows [][]*node
	res.reset(c)
	res.path, res.tried = path, &rows
	if _, err := res.walk(c.root, 0); err != nil {
		return nil, err
	}
	return toTried(rows), nil
}

// ViewID returns the index of View() in Conf.views (resolution.Views): a server can keep
// its handlers in a slice in that order and skip a map lookup by name.
func (res *result) ViewID() int {
	return res.nodes[res.depth-1].viewID
}

// appendNamespaces appends to dst the namespaces of the includes of the
// matched chain, outermost first: Match.Namespaces, without building the
// Match.
func (res *result) appendNamespaces(dst []string) []string {
	for _, n := range res.nodes[:res.depth] {
		if n.namespace != "" {
			dst = append(dst, n.namespace)
		}
	}
	return dst
}

// missNamespaces appends to dst the namespaces of the includes a path
// that matched nothing is under: the first include of the root, in conf
// order, whose prefix matches the path, then the first include of its
// conf whose prefix matches the rest, and so on down. So a miss under
// /api/ belongs to the api include, whose part of the site answers it.
// Only include prefixes are tried; nothing is allocated. res keeps the
// path it missed (ResolveSlash, NotFound), with no chain.
func (res *result) missNamespaces(dst []string) ([]string, error) {
	defer func() { res.depth = 0 }()
	res.depth = 0
	l, off := res.conf.root, 0
	for {
		d := res.depth
		for i := 0; i < d; i++ {
			if res.levels[i] == l && res.offs[i] == off {
				return dst, nil // a conf that includes itself under an empty prefix
			}
		}
		res.grow(d)
		res.levels[d], res.offs[d] = l, off
		var next *node
		end := 0
		for _, n := range l.includes {
			e, ok, err := res.try(n, off, nil, nil)
			if err != nil {
				return dst, err
			}
			if ok {
				next, end = n, e
				break
			}
		}
		if next == nil {
			return dst, nil
		}
		res.nodes[d], res.depth = next, d+1
		if next.namespace != "" {
			dst = append(dst, next.namespace)
		}
		l, off = next.sub, end
	}
}

// seam is a result as the dispatcher uses it, through package
// internal/resolution: the server side of a resolution, kept out of
// urlconf's public API.
type seam struct{ result }

func init() {
	resolution.New = func() resolution.Result { return new(seam) }
	resolution.Views = func(conf any) []string { return conf.(*Conf).views }
}

func (s *seam) Resolve(conf any, path string) (bool, error) {
	return conf.(*Conf).resolveTo(&s.result, path)
}

func (s *seam) AppendPathValues(dst []string) []string {
	s.result.PathValues(func(name, value string) bool {
		dst = append(dst, name, value)
		return true
	})
	return dst
}

func (s *seam) AppendNamespaces(dst []string) []string { return s.result.appendNamespaces(dst) }

func (s *seam) MissNamespaces(dst []string) ([]string, error) { return s.result.missNamespaces(dst) }

func (s *seam) Match() any    { return s.result.Match() }
func (s *seam) NotFound() any { return s.result.NotFound() }
