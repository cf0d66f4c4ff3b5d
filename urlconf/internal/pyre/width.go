package pyre

// maxWidth stands for "unbounded" in width computations; sums saturate
// at it, as Python's MAXWIDTH does.
const maxWidth = 1 << 62

// width returns the minimum and maximum number of characters n can
// match, computed as CPython's SubPattern.getwidth does (assertions are
// zero-width; a back-reference is as wide as its group), because that
// is what decides whether Python accepts a look-behind.
func width(n *Node, caps []*Node) (lo, hi int) {
	switch n.Op {
	case OpLiteral, OpAnyChar, OpClass:
		return 1, 1
	case OpConcat:
		for _, s := range n.Sub {
			l, h := width(s, caps)
			lo, hi = addW(lo, l), addW(hi, h)
		}
		return lo, hi
	case OpAlternate:
		lo = maxWidth
		for _, s := range n.Sub {
			l, h := width(s, caps)
			lo, hi = min(lo, l), max(hi, h)
		}
		return lo, hi
	case OpCapture, OpGroup, OpAtomic:
		return width(n.Sub[0], caps)
	case OpRepeat:
		l, h := width(n.Sub[0], caps)
		lo = mulW(l, n.Min)
		switch {
		case n.Max == -1 && h > 0:
			hi = maxWidth
		case n.Max != -1:
			hi = mulW(h, n.Max)
		}
		return lo, hi
	case OpBackref:
		return width(caps[n.Index-1].Sub[0], caps)
	case OpConditional:
		lo, hi = width(n.Sub[0], caps)
		if len(n.Sub) > 1 {
			l, h := width(n.Sub[1], caps)
			return min(lo, l), max(hi, h)
		}
		return 0, hi
	}
	return 0, 0
}

func addW(a, b int) int { return min(a+b, maxWidth) }

func mulW(a, m int) int {
	if a == 0 || m == 0 {
		return 0
	}
	if a >= maxWidth/m {
		return maxWidth
	}
	return a * m
}

// checkLookbehinds reports the first look-behind, in Python's compile
// order, whose body has no fixed width. Python checks this when
// compiling, after parsing, so it gives no position; Offset points at the
// look-behind anyway to help the reader.
func checkLookbehinds(re *Regexp) *Error {
	caps := make([]*Node, 0, re.NumGroups)
	walk(re.Root, func(n *Node) {
		if n.Op == OpCapture {
			caps = append(caps, n)
		}
	})
	var bad *Node
	walk(re.Root, func(n *Node) {
		if bad == nil && (n.Op == OpLookbehind || n.Op == OpNegLookbehind) {
			if lo, hi := width(n.Sub[0], caps); lo != hi {
				bad = n
			}
		}
	})
	if bad == nil {
		return nil
	}
	return &Error{Pattern: re.Source, Offset: bad.Pos, Msg: "look-behind requires fixed-width pattern"}
}

// walk calls f on n and its descendants in pre-order (source order).
func walk(n *Node, f func(*Node)) {
	f(n)
	for _, s := range n.Sub {
		walk(s, f)
	}
}
