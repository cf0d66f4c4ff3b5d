package urlconf

import (
	"hash/maphash"
	"slices"
	"strings"
)

// A levelIndex narrows the entries of a level down to those that can
// match a path, without changing which one wins: it only ever drops an
// entry that cannot match, and hands the rest back in conf order.
//
// Entries are indexed by their shape: an anchored fast pattern is a
// sequence of path segments, each literal ("repos") or not ([^/]+), and
// either ends with the path or accepts any rest (an include's prefix, a
// trailing .+). The shapes form a trie over segments; a path walks every
// branch it fits (literal and non-literal alike, since either may come
// first in the conf) and collects the entries stored on the way. Entries
// the index cannot describe (regexp2 patterns, unanchored ones) are on
// every path's list.
type levelIndex struct {
	root   segNode
	always []int32 // entries tried for every path
	// literal holds the entries that match one literal path and nothing
	// else ("^cmd\.html$", "about/"), by that path: one hash lookup
	// finds them, and they stay out of the trie.
	literal map[string][]int32
	// exact[i] is set when entry i's shape says all there is to know:
	// reaching it in the trie leaves only its groups' classes to check,
	// and its groups are path segments.
	exact []*exactShape
	// flat are the entries the index hands out, by number, in conf
	// order: chains of nodes, a node of the level first (see flatten).
	flat [][]*node
}

// An exactShape is a pattern made only of whole segments, each literal
// or one repeated class (a group or not), that either ends with the path
// or stops right after a "/": "^repos/(?P<owner>[^/]+)/pulls$",
// "articles/<int:year>/", an include's "^blog/".
type exactShape struct {
	nsegs int  // segments the pattern spans
	rest  bool // the match ends after segment nsegs-1 and its "/"
	wild  []exactWild
}

// An exactWild is a segment of an exact shape that is not literal.
type exactWild struct {
	seg   int
	run   *fastItem
	group int // -1 for a run outside any group
	// anyText is set for [^/]+ and [^/]*: any segment text of at least
	// min bytes (0 or 1, so bytes count as characters) matches.
	anyText bool
}

// exactOf returns m's exact shape, or nil if it has none.
func exactOf(m *fastMatcher) *exactShape {
	if m == nil || !m.anchored {
		return nil
	}
	const (
		empty = iota // nothing of the current segment yet
		lit          // literal text
		wild         // one run
	)
	x := &exactShape{}
	seg, cur := 0, empty
	items := m.items
	for len(items) > 0 && items[0].op == fastBegin {
		items = items[1:]
	}
	for i := 0; i < len(items); i++ {
		it := &items[i]
		switch it.op {
		case fastLit:
			for j := 0; j < len(it.lit); j++ {
				switch {
				case it.lit[j] == '/':
					seg, cur = seg+1, empty
				case cur == wild:
					return nil
				default:
					cur = lit
				}
			}
		case fastOpen, fastRun:
			run, group := it, -1
			if it.op == fastOpen {
				if i+2 >= len(items) || items[i+1].op != fastRun || items[i+2].op != fastClose {
					return nil
				}
				run, group = &items[i+1], it.group
				i += 2
			}
			if cur != empty || run.set.hasByte('/') {
				return nil
			}
			anyText := run.set.ascii == [2]uint64{^uint64(1 << '/'), ^uint64(0)} && run.set.nonASCII == 2 && run.min <= 1 && run.max < 0
			x.wild = append(x.wild, exactWild{seg, run, group, anyText})
			cur = wild
		case fastEndLine:
			if !endsText(items[i+1:]) {
				return nil
			}
		case fastEndText:
			if i != len(items)-1 {
				return nil
			}
			x.nsegs = seg + 1
			return x
		default:
			return nil
		}
	}
	if cur != empty {
		return nil
	}
	x.nsegs, x.rest = seg, true
	return x
}

// A segNode is the trie node reached after some segments.
type segNode struct {
	// edges are the literal segments that lead on: a list scanned in
	// order when there are few, else an open-addressing hash table of
	// len(edges) (a power of two) slots, mask len(edges)-1. The hash of
	// a segment is the runtime's string hash: a few nanoseconds.
	edges []segEdge
	mask  uint32
	wild  *segNode // any segment
	// dots holds, as its literal edges, the segments that begin with a
	// literal ending in "." and go on with a run: DRF's format suffixes,
	// "devices.json", by "devices.".
	dots *segNode
	end  []int32 // entries whose shape ends here with the path
	rest []int32 // entries that accept any rest of the path here

	building map[string]*segNode // literal edges while the index is built
}

type segEdge struct {
	hash uint32
	seg  string
	next *segNode // nil: an empty slot of the hash table
}

// maxListEdges is how many literal edges a node scans before it uses a
// hash table.
const maxListEdges = 8

// segSeed seeds segHash. Tables are built and searched in one process.
var segSeed = maphash.MakeSeed()

// segHash is the runtime's string hash (AES-based where the CPU has it).
func segHash(seg string) uint32 { return uint32(maphash.String(segSeed, seg)) }

// lit follows the literal edge seg, or returns nil. A short list is
// scanned (string equality checks lengths first); a table is hashed.
func (n *segNode) lit(seg string) *segNode {
	if n.mask == 0 {
		for i := range n.edges {
			if e := &n.edges[i]; e.seg == seg {
				return e.next
			}
		}
		return nil
	}
	h := segHash(seg)
	for i := h & n.mask; ; i = (i + 1) & n.mask {
		e := &n.edges[i]
		if e.next == nil {
			return nil
		}
		if e.hash == h && e.seg == seg {
			return e.next
		}
	}
}

// eachDot calls f with the node of every dot edge that seg begins with:
// one lookup per "." in seg.
func (n *segNode) eachDot(seg string, f func(*segNode)) {
	for i := 1; i < len(seg); i++ {
		if seg[i] == '.' {
			if next := n.lit(seg[:i+1]); next != nil {
				f(next)
			}
		}
	}
}

func (n *segNode) addLit(seg string) *segNode {
	if next := n.building[seg]; next != nil {
		return next
	}
	if n.building == nil {
		n.building = map[string]*segNode{}
	}
	next := &segNode{}
	n.building[seg] = next
	n.edges = append(n.edges, segEdge{segHash(seg), seg, next})
	return next
}

// finish turns the edges of n and below into their final form: a list
// in insertion order, or a hash table at most half full.
func (n *segNode) finish() {
	n.building = nil
	if len(n.edges) > maxListEdges {
		size := 1
		for size < 2*len(n.edges) {
			size *= 2
		}
		table := make([]segEdge, size)
		mask := uint32(size - 1)
		for _, e := range n.edges {
			i := e.hash & mask
			for table[i].next != nil {
				i = (i + 1) & mask
			}
			table[i] = e
		}
		n.edges, n.mask = table, mask
	}
	for _, e := range n.edges {
		if e.next != nil {
			e.next.finish()
		}
	}
	if n.wild != nil {
		n.wild.finish()
	}
	if n.dots != nil {
		n.dots.finish()
	}
}

// A shape is what the index knows of a pattern: its leading complete
// segments ("" for a wildcard segment, wild set), and whether the path
// must end right after them.
type shape struct {
	segs []shapeSeg
	end  bool
}

type shapeSeg struct {
	lit  string
	wild bool
	// prefix is the literal text of a wild segment before its first
	// run: "devices." of DRF's "^devices\.(?P<format>[a-z0-9]+)/?$".
	prefix string
}

// maxShapes bounds the shapes one pattern may have (each optional "/"
// doubles them); a pattern with more is tried for every path.
const maxShapes = 4

func newLevelIndex(l *level) *levelIndex {
	flat := flatten(l)
	literal := map[string][]int32{}
	x := &levelIndex{exact: make([]*exactShape, len(flat)), flat: flat}
	for i, chain := range flat {
		shapes := chainShapes(chain)
		if len(chain) == 1 {
			x.exact[i] = exactOf(chain[0].pat.fast)
		}
		if shapes == nil {
			x.always = append(x.always, int32(i))
			continue
		}
		if lit, ok := literalPath(shapes); ok && (len(chain) > 1 || x.exact[i] != nil && !x.exact[i].rest && len(x.exact[i].wild) == 0) {
			literal[lit] = append(literal[lit], int32(i))
			continue
		}
		for _, s := range shapes {
			t := &x.root
			for _, seg := range s.segs {
				switch {
				case seg.wild && len(seg.prefix) > 1 && strings.HasSuffix(seg.prefix, "."):
					if t.dots == nil {
						t.dots = &segNode{}
					}
					t = t.dots.addLit(seg.prefix)
				case seg.wild:
					if t.wild == nil {
						t.wild = &segNode{}
					}
					t = t.wild
				default:
					t = t.addLit(seg.lit)
				}
			}
			if s.end {
				t.end = appendOnce(t.end, int32(i))
			} else {
				t.rest = appendOnce(t.rest, int32(i))
			}
		}
	}
	x.root.finish()
	if len(literal) > 0 {
		x.literal = literal
	}
	return x
}

// literalPath returns the one path shapes describe, when they describe
// exactly one: a single shape of literal segments that ends the path.
func literalPath(shapes []shape) (string, bool) {
	if len(shapes) != 1 || !shapes[0].end {
		return "", false
	}
	segs := make([]string, len(shapes[0].segs))
	for k, seg := range shapes[0].segs {
		if seg.wild {
			return "", false
		}
		segs[k] = seg.lit
	}
	return strings.Join(segs, "/"), true
}

// Flattening. An include whose prefix is whole literal or one-class
// segments ("api/", "^(?P<lang>[a-z]{2})/") hands the index of its level
// the entries below it, as chains through it, so that one lookup in one
// trie finds the candidates of a path that crosses several includes, in
// the depth-first order Django tries them.
const (
	maxChain      = 4    // nodes in one flattened chain
	maxFlatGrowth = 16   // flat entries of a level, per node of the level
	minFlatLimit  = 4096 // ... or at least this many
)

// flatten returns the entries of l as its index hands them out, in conf
// order: a node alone, or for an include that flattens, the chains
// through it to the entries of its level, recursively. A level that
// would grow past its limit is not flattened.
func flatten(l *level) [][]*node {
	limit := max(maxFlatGrowth*len(l.nodes), minFlatLimit)
	var out [][]*node
	var expand func(chain []*node, onChain []*level) bool
	expand = func(chain []*node, onChain []*level) bool {
		last := chain[len(chain)-1]
		if last.sub == nil || len(chain) == maxChain || !prefixFlattens(last) || slices.Contains(onChain, last.sub) {
			out = append(out, chain)
			return len(out) <= limit
		}
		onChain = append(onChain[:len(onChain):len(onChain)], last.sub)
		for _, n := range last.sub.nodes {
			if !expand(append(chain[:len(chain):len(chain)], n), onChain) {
				return false
			}
		}
		return true
	}
	for _, n := range l.nodes {
		if !expand([]*node{n}, []*level{l}) {
			out = out[:0]
			for _, n := range l.nodes {
				out = append(out, []*node{n})
			}
			return out
		}
	}
	return out
}

// prefixFlattens reports whether include n's pattern matches whole
// segments, ending right after a "/", in one way the index can describe.
func prefixFlattens(n *node) bool {
	x := exactOf(n.pat.fast)
	return x != nil && x.rest && len(shapesOf(n.pat.fast)) == 1
}

// chainShapes returns the shapes of a chain: the segments of its
// includes' prefixes, then the shapes of its last node. A last node the
// index cannot describe leaves the chain accepting any rest after the
// prefixes; nil means the chain cannot be described at all.
func chainShapes(chain []*node) []shape {
	var prefix []shapeSeg
	for _, n := range chain[:len(chain)-1] {
		prefix = append(prefix, shapesOf(n.pat.fast)[0].segs...)
	}
	shapes := shapesOf(chain[len(chain)-1].pat.fast)
	if len(prefix) == 0 {
		return shapes
	}
	if shapes == nil {
		return []shape{{segs: prefix}}
	}
	out := make([]shape, len(shapes))
	for i, s := range shapes {
		out[i] = shape{segs: append(prefix[:len(prefix):len(prefix)], s.segs...), end: s.end}
	}
	return out
}

func appendOnce(list []int32, i int32) []int32 {
	if k := len(list); k > 0 && list[k-1] == i {
		return list
	}
	return append(list, i)
}

// shapesOf returns the shapes of an anchored fast pattern, or nil when
// the index cannot describe it.
func shapesOf(m *fastMatcher) []shape {
	if m == nil || !m.anchored {
		return nil
	}
	i := 0
	for i < len(m.items) && m.items[i].op == fastBegin {
		i++
	}
	var out []shape
	if !shapeFrom(m.items, i, nil, "", "", false, &out) {
		return nil
	}
	return out
}

// shapeFrom follows items[i:] with the complete segments so far and the
// current segment (literal text cur, or wild with its literal prefix),
// appending shapes to out.
// It reports false when the pattern has too many shapes.
func shapeFrom(items []fastItem, i int, segs []shapeSeg, cur, prefix string, wild bool, out *[]shape) bool {
	seg := func() shapeSeg { return shapeSeg{cur, wild, prefix} }
	done := func(end bool) bool {
		if end {
			segs = append(segs[:len(segs):len(segs)], seg())
		}
		*out = append(*out, shape{segs: segs, end: end})
		return len(*out) <= maxShapes
	}
	for ; i < len(items); i++ {
		it := &items[i]
		switch it.op {
		case fastOpen, fastClose:
		case fastLit:
			for _, part := range strings.SplitAfter(it.lit, "/") {
				text, closes := strings.CutSuffix(part, "/")
				cur += text
				if closes {
					segs = append(segs[:len(segs):len(segs)], seg())
					cur, wild, prefix = "", false, ""
				}
			}
		case fastRun:
			switch {
			case !it.set.hasByte('/'):
				if !wild {
					prefix = cur
				}
				wild = true
			case it.min == 0 && it.max == 1 && isOnlySlash(it.set):
				// An optional "/": one shape without it, one with it.
				if !shapeFrom(items, i+1, segs, cur, prefix, wild, out) {
					return false
				}
				segs = append(segs[:len(segs):len(segs)], seg())
				cur, wild, prefix = "", false, ""
			default:
				return done(false)
			}
		case fastEndText:
			return done(true)
		case fastEndLine:
			if !endsText(items[i+1:]) {
				return done(false)
			}
		default:
			return done(false)
		}
	}
	return done(false)
}

// endsText reports whether items, groups aside, are a \z: the "$" before
// them adds nothing.
func endsText(items []fastItem) bool {
	for _, it := range items {
		switch it.op {
		case fastOpen, fastClose:
		case fastEndText:
			return true
		default:
			return false
		}
	}
	return false
}

func isOnlySlash(s *charSet) bool {
	return s.ascii == [2]uint64{1 << '/', 0} && s.nonASCII == 1
}

// maxLists bounds the candidate lists one lookup collects; past it the
// level is tried entry by entry, which is always right.
const maxLists = 16

// candidates lists, in conf order, the entries of a level that can
// match a path: a merge of the lists the lookup collected.
type candidates struct {
	lists [maxLists][]int32
	n     int
	last  int32
	all   bool // too many lists: every entry, in order
	count int32

	// starts[k] is where segment k of the path begins, and
	// starts[nseg] is len(path)+1; split fills them on first use.
	starts [maxSegs + 1]int
	nseg   int // 0: not split yet; -1: too many segments
}

// maxSegs bounds the segments split records; a longer path is matched
// without the exact shapes.
const maxSegs = 32

// split records where the segments of path begin, and reports false
// when there are too many.
func (c *candidates) split(path string) bool {
	if c.nseg != 0 {
		return c.nseg > 0
	}
	n := 0
	c.starts[0] = 0
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		if n == maxSegs-1 {
			c.nseg = -1
			return false
		}
		n++
		c.starts[n] = i + 1
	}
	c.starts[n+1] = len(path) + 1
	c.nseg = n + 1
	return true
}

// exact matches an exact shape against path, whose segments the trie
// walk has already found to fit the shape's literal ones: it checks
// the classes of the other segments and sets their groups in caps. It
// returns where the match ends and false when the shape cannot tell (too
// many segments), ok false when it does not match.
func (c *candidates) exact(x *exactShape, path string, caps []int) (end int, ok, decided bool) {
	if !x.rest && len(x.wild) == 0 {
		return len(path), true, true // a literal path, found equal to it
	}
	if !c.split(path) {
		return 0, false, false
	}
	end = len(path)
	if x.rest {
		if c.nseg <= x.nsegs {
			return 0, false, true
		}
		end = c.starts[x.nsegs]
	}
	for _, w := range x.wild {
		a, b := c.starts[w.seg], c.starts[w.seg+1]-1
		if w.anyText {
			if b-a < w.run.min {
				return 0, false, true
			}
		} else if n, p := w.run.set.span(path[:b], a, w.run.max); p != b || n < w.run.min {
			return 0, false, true
		}
		if w.group >= 0 {
			caps[2*w.group], caps[2*w.group+1] = a, b
		}
	}
	return end, true, true
}

// lookup collects the candidate lists for path.
func (x *levelIndex) lookup(c *candidates, path string, nodes int) {
	c.n, c.last, c.all, c.count, c.nseg = 0, -1, false, int32(nodes), 0
	if len(x.always) > 0 {
		c.add(x.always)
	}
	if x.literal != nil {
		if list, ok := x.literal[path]; ok {
			c.add(list)
		}
	}
	if len(x.root.edges) == 0 && x.root.wild == nil && x.root.dots == nil {
		if len(x.root.rest) > 0 {
			c.add(x.root.rest)
		}
		return
	}
	if c.split(path) {
		c.walkSplit(&x.root, path, 0)
	} else {
		c.walk(&x.root, path, 0)
	}
}

// walkSplit is walk over the segments split found, from segment k.
func (c *candidates) walkSplit(t *segNode, path string, k int) {
	for {
		if len(t.rest) > 0 {
			c.add(t.rest)
		}
		if k == c.nseg {
			if len(t.end) > 0 {
				c.add(t.end)
			}
			return
		}
		seg := path[c.starts[k] : c.starts[k+1]-1]
		lit := t.lit(seg)
		k++
		if t.dots != nil {
			t.dots.eachDot(seg, func(next *segNode) { c.walkSplit(next, path, k) })
		}
		if t.wild != nil {
			if lit != nil {
				c.walkSplit(lit, path, k)
			}
			t = t.wild
			continue
		}
		if lit == nil {
			return
		}
		t = lit
	}
}

func (c *candidates) add(list []int32) {
	if c.n == maxLists {
		c.all = true
		return
	}
	c.lists[c.n] = list
	c.n++
}

// walk follows every branch of t that the segments of path from start
// fit; start > len(path) means the path has no segment left.
func (c *candidates) walk(t *segNode, path string, start int) {
	for {
		if len(t.rest) > 0 {
			c.add(t.rest)
		}
		if start > len(path) {
			if len(t.end) > 0 {
				c.add(t.end)
			}
			return
		}
		end := segmentEnd(path, start)
		lit := t.lit(path[start:end])
		if t.dots != nil {
			t.dots.eachDot(path[start:end], func(next *segNode) { c.walk(next, path, end+1) })
		}
		if t.wild != nil {
			if lit != nil {
				c.walk(lit, path, end+1)
			}
			t, start = t.wild, end+1
			continue
		}
		if lit == nil {
			return
		}
		t, start = lit, end+1
	}
}

// segmentEnd returns where the segment at start ends: at the next "/"
// or the end of path. Segments are short: a loop beats IndexByte's
// set-up cost.
func segmentEnd(path string, start int) int {
	for i := start; i < len(path); i++ {
		if path[i] == '/' {
			return i
		}
	}
	return len(path)
}

// next returns the next candidate in conf order, or -1.
func (c *candidates) next() int {
	if c.all {
		c.last++
		if c.last >= c.count {
			return -1
		}
		return int(c.last)
	}
	for {
		best, at := int32(-1), -1
		for i := 0; i < c.n; i++ {
			if l := c.lists[i]; len(l) > 0 && (at < 0 || l[0] < best) {
				best, at = l[0], i
			}
		}
		if at < 0 {
			return -1
		}
		c.lists[at] = c.lists[at][1:]
		if best > c.last {
			c.last = best
			return int(best)
		}
	}
}
