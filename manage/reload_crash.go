package manage

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"time"
)

// A site that exits or is killed while it serves (a crash, an OOM kill,
// kill -9) is started again, the same build, so that a developer never
// finds the site down until they save a file. Requests meanwhile wait in
// the socket's queue, as during the first build. A site that keeps
// exiting is restarted ever less often, and after crashesShown exits in
// a row the browser shows how it exited and the last lines it wrote; a
// saved file rebuilds at once, as always.

const (
	crashesShown = 3                // exits in a row before the page shows them
	stableAfter  = 30 * time.Second // a build that served this long starts the count again
	tailLines    = 40               // lines of its output the page shows
	tailBytes    = 16 << 10
)

// restartDelay is the back-off before the n-th restart in a row: at once
// for the first, then doubling from 250 ms, at most 8 s.
func restartDelay(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := 250 * time.Millisecond << min(n-2, 5)
	return min(d, 8*time.Second)
}

// crashed handles the end of the serving build (bin, started at
// started): it schedules a restart and, when the site keeps exiting,
// shows how it exited and what it wrote.
func (r *reloader) crashed(bin string, hash [sha256.Size]byte, started time.Time, status string, out *tail) {
	if time.Since(started) > stableAfter {
		r.crashes = 0
	}
	r.crashes++
	delay := restartDelay(r.crashes)
	r.crashedBin, r.crashedHash = bin, hash
	r.restartAt = time.After(delay)
	if r.crashes < crashesShown {
		r.say(r.stderr, red, "The site stopped (%s); restarting it.", status)
		return
	}
	r.say(r.stderr, red, "The site stopped again (%s), %d times in a row; restarting it in %v. Save a file to rebuild at once.", status, r.crashes, delay)
	r.showFailure(&failure{
		Title: "The site keeps stopping",
		Summary: fmt.Sprintf("The site exited %d times in a row, the last time with %s. The devserver restarts it, waiting longer each time (next in %v); save a file to rebuild and restart it at once.",
			r.crashes, status, delay.Round(time.Millisecond)),
		Output: out.String(),
	})
}

// exitText says how a child exited.
func exitText(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// restartCrashed starts the build that stopped, again.
func (r *reloader) restartCrashed(ctx context.Context) {
	r.restartAt = nil
	c, f := r.start(ctx, r.crashedBin, r.crashedHash)
	if ctx.Err() != nil || (c == nil && f == nil) {
		return // stopping, or a change supersedes it
	}
	if f != nil {
		// It stopped again, before it served: a crash like the others.
		status := f.Output
		if f.exitErr != nil {
			status = exitText(f.exitErr)
		}
		r.crashed(r.crashedBin, r.crashedHash, time.Now(), status, f.tail)
		return
	}
	r.current, r.liveFrom = c, c
	r.hideFailure()
	r.say(r.stdout, green, "Restarted the site.")
}

// forgetCrash drops a pending restart: a rebuild supersedes it.
func (r *reloader) forgetCrash() {
	r.restartAt, r.crashes = nil, 0
}

// tail keeps the last lines a child wrote, for the page.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - tailBytes; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// String returns the last tailLines complete or partial lines.
func (t *tail) String() string {
	if t == nil {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimRight(string(t.buf), "\n"), "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	out := strings.Join(lines, "\n")
	if out == "" {
		return "The site wrote nothing."
	}
	return "The last lines it wrote:\n\n" + out
}
