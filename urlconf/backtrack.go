package urlconf

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// DefaultBacktrackingWait is the default of Builder.BacktrackingWait: long
// enough for a slot held by an ordinary backtracking match (microseconds)
// to come free, short next to DefaultMatchTimeout, which is how long an
// attacker's match holds one.
const DefaultBacktrackingWait = 10 * time.Millisecond

// defaultMaxBacktracking is the default of Builder.MaxBacktracking: a
// quarter of the processors, at least one. An attack then keeps at most
// that share of the CPU busy with regexes, and the other requests keep
// the rest.
func defaultMaxBacktracking() int {
	return max(1, runtime.GOMAXPROCS(0)/4)
}

// A backtrackLimiter bounds how many backtracking (regexp2) matches of
// one Conf run at once. The timeouts bound how long each runs, but not
// how many: without a bound, a few concurrent attackers keep every
// processor backtracking, and every other request waits for one.
type backtrackLimiter struct {
	slots chan struct{} // one element per running match
	wait  time.Duration // how long a match waits for a slot

	// What Conf.BacktrackingStats reports.
	timeouts, rejected atomic.Uint64

	// Test hooks, nil outside tests: waiting runs when a match finds
	// every slot taken and starts to wait, acquired once it holds a
	// slot, before it runs.
	waiting, acquired func()
}

func newBacktrackLimiter(n int, wait time.Duration) *backtrackLimiter {
	if n <= 0 {
		n = defaultMaxBacktracking()
	}
	if wait <= 0 {
		wait = DefaultBacktrackingWait
	}
	return &backtrackLimiter{slots: make(chan struct{}, n), wait: wait}
}

// acquire takes a slot for a match of p, waiting at most l.wait for one.
// It returns a *BusyError when none came free: p must not run, and the
// resolution stops, as on a timeout.
func (l *backtrackLimiter) acquire(p *pattern) error {
	select {
	case l.slots <- struct{}{}:
	default:
		if err := l.await(p); err != nil {
			return err
		}
	}
	if l.acquired != nil {
		l.acquired()
	}
	return nil
}

// await is acquire's slow path, apart so that the fast one makes no
// timer.
func (l *backtrackLimiter) await(p *pattern) error {
	if l.waiting != nil {
		l.waiting()
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		l.rejected.Add(1)
		return &BusyError{Pattern: p.source, Where: p.where, Limit: cap(l.slots)}
	}
}

// release gives back the slot acquire took.
func (l *backtrackLimiter) release() { <-l.slots }

// BacktrackingStats counts what the limits on backtracking matches
// stopped since Build, in every language's conf of a Build together.
type BacktrackingStats struct {
	Timeouts uint64 // resolutions stopped by MatchTimeout or DispatchBudget (*TimeoutError)
	Rejected uint64 // matches not run for want of a slot (*BusyError)
}

// BacktrackingStats returns what the limits on backtracking matches
// stopped, for metrics (package metrics exports them as
// hoop_regex_timeouts_total and hoop_backtracking_rejections_total).
func (c *Conf) BacktrackingStats() BacktrackingStats {
	return BacktrackingStats{Timeouts: c.backtrack.timeouts.Load(), Rejected: c.backtrack.rejected.Load()}
}

// A BusyError stops a resolution whose next pattern needs the
// backtracking engine when Builder.MaxBacktracking such matches are
// already running and none finished within Builder.BacktrackingWait. The
// pattern did not run; as on a TimeoutError, the dispatcher answers 503
// with Retry-After and never tries the next pattern, which could change
// what the URL means. It names the pattern, never the path.
type BusyError struct {
	Pattern string // as written
	Where   string // where the entry is declared, from the module root: "blog/urls.go:14"
	Limit   int    // Builder.MaxBacktracking, as the conf applies it
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("urlconf: pattern %q (%s): not run: %d backtracking matches already running", e.Pattern, e.Where, e.Limit)
}

// requiredPrefix returns the text every match of re begins with, when re
// is anchored at the start of the text it searches (^ or \A) and goes on
// with literal characters: "redos/" for ^redos/(a+)+$. A path that does
// not begin with it cannot match, and needs neither a slot nor regexp2:
// the index hands regexp2 patterns to every path, so without this every
// miss, and every route below such a pattern, would wait for a slot while
// attackers hold them all. It returns "" when it cannot tell: case
// folding, ^ matching after newlines, no anchor, no literal.
func requiredPrefix(re *pyre.Regexp) string {
	if re == nil || re.Flags&(pyre.IgnoreCase|pyre.Multiline) != 0 {
		return ""
	}
	items := []*pyre.Node{re.Root}
	if re.Root.Op == pyre.OpConcat {
		items = re.Root.Sub
	}
	if len(items) == 0 || (items[0].Op != pyre.OpBeginLine && items[0].Op != pyre.OpBeginText) {
		return ""
	}
	var b strings.Builder
	for _, n := range items[1:] {
		if n.Op != pyre.OpLiteral {
			break
		}
		b.WriteRune(n.Rune)
	}
	return b.String()
}
