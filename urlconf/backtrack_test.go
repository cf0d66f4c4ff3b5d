package urlconf

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// limitConf is a conf with an entry of the byte matchers, then one that
// needs the backtracking engine (a lookahead), then a catch-all that a
// resolution stopped by the limiter must never reach. Its time limits
// are an hour, so that a busy machine cannot time a match out.
func limitConf(t *testing.T, b Builder) *Conf {
	t.Helper()
	b.MatchTimeout, b.DispatchBudget = time.Hour, time.Hour
	conf, err := b.Build(Entries(
		RePath(`^plain/(?P<n>[0-9]+)/$`, "plain"),
		RePath(`^(?=x)x(?P<n>[0-9]+)/$`, "lookahead"),
		RePath(`^(?P<rest>.*)$`, "catchall"),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

// holder makes the conf's backtracking matches stop once they hold a
// slot, until the test releases them all, so that the test decides how
// many run at once.
type holder struct {
	entered chan struct{} // one receive per match that took a slot
	waiting chan struct{} // one receive per match that found none free
	release chan struct{} // closed: every held match goes on
}

func hold(conf *Conf, n int) *holder {
	h := &holder{entered: make(chan struct{}, n), waiting: make(chan struct{}, n), release: make(chan struct{})}
	conf.backtrack.acquired = func() {
		h.entered <- struct{}{}
		<-h.release
	}
	conf.backtrack.waiting = func() { h.waiting <- struct{}{} }
	return h
}

// resolveAsync resolves path with resolveTo on its own goroutine.
func resolveAsync(conf *Conf, path string) <-chan error {
	done := make(chan error, 1)
	go func() {
		var res result
		ok, err := conf.resolveTo(&res, path)
		if err == nil && !ok {
			err = errors.New("no match")
		} else if err == nil && res.View() != "lookahead" {
			err = errors.New("resolved to " + res.View())
		}
		done <- err
	}()
	return done
}

// resolveSlowAsync resolves path with Resolve, which lists what it
// tried, on its own goroutine.
func resolveSlowAsync(conf *Conf, path string) <-chan error {
	done := make(chan error, 1)
	go func() {
		m, err := conf.Resolve(path)
		if err == nil && m.View != "lookahead" {
			err = errors.New("resolved to " + m.View)
		}
		done <- err
	}()
	return done
}

// At most MaxBacktracking backtracking matches run at once; the next one,
// by resolveTo or Resolve, is not run and stops the resolution with a
// *BusyError, without falling through to the catch-all; the byte
// matchers need no slot; the slots come back when the matches end.
func TestBacktrackLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 5} {
		t.Run("limit="+strconv.Itoa(limit), func(t *testing.T) {
			conf := limitConf(t, Builder{MaxBacktracking: limit, BacktrackingWait: time.Nanosecond})
			h := hold(conf, limit+1)
			var running []<-chan error
			for range limit {
				running = append(running, resolveAsync(conf, "/x1/"))
				<-h.entered
			}

			for _, extra := range []<-chan error{resolveAsync(conf, "/x2/"), resolveSlowAsync(conf, "/x2/")} {
				select {
				case err := <-extra:
					var busy *BusyError
					if !errors.As(err, &busy) {
						t.Fatalf("match beyond the limit: %v, want a *BusyError", err)
					}
					if busy.Pattern != `^(?=x)x(?P<n>[0-9]+)/$` || busy.Where == "" || busy.Limit != limit {
						t.Errorf("BusyError = %+v, want the pattern, its location and limit %d", busy, limit)
					}
				case <-h.entered:
					t.Fatalf("a match ran beyond the limit of %d", limit)
				}
			}

			if st := conf.BacktrackingStats(); st.Rejected != 2 || st.Timeouts != 0 {
				t.Errorf("BacktrackingStats = %+v, want 2 rejected", st)
			}
			var res result
			if ok, err := conf.resolveTo(&res, "/plain/7/"); err != nil || !ok {
				t.Errorf("a byte-matcher path with every slot taken: %v %v", ok, err)
			} else if res.View() != "plain" {
				t.Errorf("a byte-matcher path with every slot taken: %q, want plain", res.View())
			}

			close(h.release)
			for i, done := range running {
				if err := <-done; err != nil {
					t.Errorf("held match %d: %v", i, err)
				}
			}
			if n := len(conf.backtrack.slots); n != 0 {
				t.Errorf("%d slots still taken after every match ended", n)
			}
			if err := <-resolveAsync(conf, "/x3/"); err != nil {
				t.Errorf("after the slots came back: %v", err)
			}
		})
	}
}

// A match that finds every slot taken waits for one, and runs when a
// running match ends within BacktrackingWait.
func TestBacktrackingWaitGetsFreedSlot(t *testing.T) {
	conf := limitConf(t, Builder{MaxBacktracking: 1, BacktrackingWait: time.Hour})
	h := hold(conf, 2)
	first := resolveAsync(conf, "/x1/")
	<-h.entered
	second := resolveAsync(conf, "/x2/")
	<-h.waiting
	close(h.release)
	for i, done := range []<-chan error{first, second} {
		if err := <-done; err != nil {
			t.Errorf("match %d: %v", i, err)
		}
	}
}

// A conf built without the limits set gets the documented defaults.
func TestBacktrackDefaults(t *testing.T) {
	tests := []struct {
		name  string
		b     Builder
		slots int
		wait  time.Duration
	}{
		{"zero", Builder{}, max(1, runtime.GOMAXPROCS(0)/4), DefaultBacktrackingWait},
		{"set", Builder{MaxBacktracking: 3, BacktrackingWait: time.Millisecond}, 3, time.Millisecond},
		{"negative", Builder{MaxBacktracking: -1, BacktrackingWait: -time.Second}, max(1, runtime.GOMAXPROCS(0)/4), DefaultBacktrackingWait},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := limitConf(t, tt.b)
			if got := cap(conf.backtrack.slots); got != tt.slots {
				t.Errorf("slots = %d, want %d", got, tt.slots)
			}
			if conf.backtrack.wait != tt.wait {
				t.Errorf("wait = %v, want %v", conf.backtrack.wait, tt.wait)
			}
		})
	}
}

// Each conf has its own slots: a conf whose slots are all taken does not
// hold up another's matches.
func TestBacktrackLimitPerConf(t *testing.T) {
	busy := limitConf(t, Builder{MaxBacktracking: 1, BacktrackingWait: time.Nanosecond})
	h := hold(busy, 1)
	held := resolveAsync(busy, "/x1/")
	<-h.entered
	other := limitConf(t, Builder{MaxBacktracking: 1})
	if err := <-resolveAsync(other, "/x2/"); err != nil {
		t.Errorf("another conf's match: %v", err)
	}
	close(h.release)
	if err := <-held; err != nil {
		t.Error(err)
	}
}

func TestBusyErrorMessage(t *testing.T) {
	err := &BusyError{Pattern: `^(a+)+$`, Where: "urls.go:14", Limit: 2}
	want := `urlconf: pattern "^(a+)+$" (urls.go:14): not run: 2 backtracking matches already running`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// Concurrent resolutions through the limiter, for the race detector: no
// slot is lost, whatever the interleaving.
func TestBacktrackConcurrent(t *testing.T) {
	conf := limitConf(t, Builder{MaxBacktracking: 2, BacktrackingWait: time.Hour})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var res result
			for range 50 {
				if ok, err := conf.resolveTo(&res, "/x12/"); err != nil || !ok {
					t.Errorf("resolveTo: %v %v", ok, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(conf.backtrack.slots); n != 0 {
		t.Errorf("%d slots still taken", n)
	}
}

// A path without a regexp2 pattern's required prefix does not try it:
// with every slot taken, it still reaches the entries below, or misses;
// a path with the prefix needs a slot.
func TestBacktrackPrefixTakesNoSlot(t *testing.T) {
	conf, err := (&Builder{MaxBacktracking: 1, BacktrackingWait: time.Nanosecond, MatchTimeout: time.Hour, DispatchBudget: time.Hour}).Build(Entries(
		RePath(`^slow/(?P<w>\w+)/(?P=w)/$`, "slow"),
		RePath(`^api/(?P<rest>.*)$`, "api"),
	))
	if err != nil {
		t.Fatal(err)
	}
	h := hold(conf, 2)
	held := resolveAsync(conf, "/x1/") // prefix "slow/": misses without a slot
	if err := <-held; err == nil || err.Error() != "no match" {
		t.Fatalf("/x1/: %v, want no match without a slot", err)
	}
	var holding result
	holdDone := make(chan error, 1)
	go func() {
		_, err := conf.resolveTo(&holding, "/slow/a/a/")
		holdDone <- err
	}()
	<-h.entered
	tests := []struct {
		path, view string
		busy       bool
	}{
		{"/api/v1/", "api", false},
		{"/nowhere/", "", false},
		{"/slo/", "", false},
		{"/slow/b/b/", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var res result
			ok, err := conf.resolveTo(&res, tt.path)
			var busy *BusyError
			switch {
			case tt.busy:
				if !errors.As(err, &busy) {
					t.Errorf("resolveTo: %v %v, want a *BusyError", ok, err)
				}
			case err != nil:
				t.Errorf("resolveTo: %v", err)
			case tt.view == "" && ok:
				t.Errorf("matched %q, want a miss", res.View())
			case tt.view != "" && (!ok || res.View() != tt.view):
				t.Errorf("resolveTo: %v, want %q", ok, tt.view)
			}
		})
	}
	close(h.release)
	if err := <-holdDone; err != nil {
		t.Error(err)
	}
}

func TestRequiredPrefix(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{`^redos/(a+)+$`, "redos/"},
		{`\Aapi/v1/(?=x)`, "api/v1/"},
		{`^é/(?P<w>\w+)/(?P=w)$`, "é/"},
		{`^ab*c`, "a"},
		{`^a?b`, ""},
		{`^(?:api)/x`, ""},
		{`^(api)/x`, ""},
		{`^api|^web`, ""},
		{`api/(?=x)`, ""},
		{`(?i)^api/`, ""},
		{`(?m)^api/`, ""},
		{`^\.well-known/`, ".well-known/"},
		{`(?x)^ a p i /`, "api/"},
		{`^`, ""},
		{`^(?=x)x/`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			re, err := pyre.Parse(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := requiredPrefix(re); got != tt.want {
				t.Errorf("requiredPrefix(%q) = %q, want %q", tt.pattern, got, tt.want)
			}
		})
	}
}

// FuzzRequiredPrefix: whatever the pattern and the text, a text that
// regexp2 finds a match in begins with the pattern's required prefix.
// A match that runs out of its time is skipped, never failed.
func FuzzRequiredPrefix(f *testing.F) {
	for _, s := range [][2]string{
		{`^redos/(a+)+$`, "redos/aaa"}, {`\Aapi/(?=v)v1`, "api/v1"}, {`(?x)^ a b`, "ab"},
		{`^a\nb`, "a\nb"}, {`(?m)^b`, "a\nb"}, {`(?i)^AB`, "ab"}, {`^(?i:a)b`, "Ab"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		if len(pattern) > 40 || len(text) > 40 {
			return
		}
		syntax, err := pyre.Parse(pattern)
		if err != nil {
			return
		}
		expr, opts, err := syntax.Dotnet(false)
		if err != nil {
			return
		}
		re, err := regexp2.Compile(expr, opts)
		if err != nil {
			return
		}
		re.MatchTimeout = time.Second
		m, err := re.FindRunesMatch([]rune(text))
		if err != nil || m == nil {
			return
		}
		if prefix := requiredPrefix(syntax); !strings.HasPrefix(text, prefix) {
			t.Errorf("%q matches %q, which lacks its required prefix %q", pattern, text, prefix)
		}
	})
}

// A resolution stopped by its budget counts as a timeout. The budget is a
// nanosecond: the second regexp2 match of the resolution always starts
// later than that.
func TestBacktrackingStatsTimeouts(t *testing.T) {
	conf, err := (&Builder{DispatchBudget: time.Nanosecond, MatchTimeout: time.Hour}).Build(Entries(
		RePath(`^(?=y)y/$`, "first"),
		RePath(`^(?=x)x/$`, "second"),
	))
	if err != nil {
		t.Fatal(err)
	}
	var res result
	_, err = conf.resolveTo(&res, "/x/")
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !timeout.Budget {
		t.Fatalf("resolveTo: %v, want the budget's *TimeoutError", err)
	}
	if st := conf.BacktrackingStats(); st.Timeouts != 1 || st.Rejected != 0 {
		t.Errorf("BacktrackingStats = %+v, want 1 timeout", st)
	}
}
