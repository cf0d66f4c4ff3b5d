package manage

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// The reloader's eyes: a watcher of a directory tree that reports the
// files that changed, and a debouncer that turns bursts of changes into
// one batch.
//
// Events come from fsnotify (inotify, kqueue, ...), and a poll of the
// tree's modification times and sizes runs beside it, because events do
// not always arrive: a bind mount into a container, a network file
// system or a VM's shared folder changes files behind the kernel's back.
// Both compare against one snapshot of the tree, so a change is reported
// once, by whichever sees it first. When fsnotify cannot start (no
// backend, or the system's limit on watches is reached) the poll runs
// alone, more often.

const (
	// pollBackup is how often the tree is polled beside fsnotify.
	pollBackup = time.Second
	// pollOnly is how often it is polled when fsnotify is unavailable.
	pollOnly = 500 * time.Millisecond
)

// stamp is what the poll compares: a change of either is a change.
type stamp struct {
	mod  time.Time
	size int64
	dir  bool
}

type watcher struct {
	root     string
	interval time.Duration
	fsw      *fsnotify.Watcher // nil when polling alone
	tick     *time.Ticker
	seen     map[string]stamp // every file and directory under root, by path
	changes  chan string      // changed, created or removed files
	notes    chan string      // things the user should know, such as "polling only"
	done     chan struct{}
	stopped  chan struct{}
}

// watchOptions tune a watcher; the zero value is the default.
type watchOptions struct {
	noNotify bool          // poll only, as where fsnotify is unavailable
	interval time.Duration // the poll's interval; 0 picks pollBackup or pollOnly
}

// newWatcher starts watching the tree at root. It fails only if root
// cannot be read.
func newWatcher(root string, opts watchOptions) (*watcher, error) {
	w := &watcher{
		root:    root,
		seen:    map[string]stamp{},
		changes: make(chan string, 64),
		notes:   make(chan string, 4),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	if !opts.noNotify {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			w.note("file events are unavailable (" + err.Error() + "); polling for changes instead")
		} else {
			w.fsw = fsw
		}
	}
	if _, err := os.Stat(root); err != nil {
		if w.fsw != nil {
			w.fsw.Close()
		}
		return nil, err
	}
	w.interval = opts.interval
	w.scan(func(string) {}) // the first snapshot; adds the watches
	if w.interval == 0 {
		w.interval = pollBackup
		if w.fsw == nil {
			w.interval = pollOnly
		}
	}
	w.tick = time.NewTicker(w.interval)
	go w.loop()
	return w, nil
}

// Changes delivers the paths of files that changed, one at a time.
func (w *watcher) Changes() <-chan string { return w.changes }

// Notes delivers messages for the user, such as a fall back to polling.
func (w *watcher) Notes() <-chan string { return w.notes }

// Close stops the watcher.
func (w *watcher) Close() {
	close(w.done)
	<-w.stopped
}

func (w *watcher) note(s string) {
	select {
	case w.notes <- s:
	default:
	}
}

func (w *watcher) loop() {
	defer close(w.stopped)
	defer func() {
		if w.fsw != nil {
			w.fsw.Close()
		}
	}()
	tick := w.tick
	defer tick.Stop()
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			w.event(ev.Name)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				w.note("file events: " + err.Error() + "; the poll goes on")
			}
			w.scan(w.emit) // events were lost: the poll finds the changes
		case <-tick.C:
			w.scan(w.emit)
		}
	}
}

// emit reports a change; it waits for room rather than lose one, but
// not past Close.
func (w *watcher) emit(path string) {
	select {
	case w.changes <- path:
	case <-w.done:
	}
}

// skipDir reports whether the tree's walk leaves out the directory at
// path: hidden ones (.git), "_" and "testdata" ones (which the go
// command ignores too), node_modules and vendor, and nested modules.
func (w *watcher) skipDir(path string) bool {
	if path == w.root {
		return false
	}
	name := filepath.Base(path)
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		name == "testdata" || name == "node_modules" || name == "vendor" {
		return true
	}
	_, err := os.Stat(filepath.Join(path, "go.mod"))
	return err == nil
}

// ignored reports whether a change to the file at path is noise: it is
// under a skipped directory, or an editor's scratch file.
func (w *watcher) ignored(path string) bool {
	rel, err := filepath.Rel(w.root, path)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return true
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	dir := w.root
	for _, p := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, p)
		if w.skipDir(dir) {
			return true
		}
	}
	return scratchFile(parts[len(parts)-1])
}

// scratchFile reports whether a file name is an editor's backup, swap or
// lock file, which says nothing about the site.
func scratchFile(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || name == "4913"
}

// event handles an fsnotify event for path: it compares the path with
// the snapshot, as the poll does, so a change is reported once.
func (w *watcher) event(path string) {
	if w.ignored(path) {
		return
	}
	old, known := w.seen[path]
	fi, err := os.Lstat(path)
	switch {
	case err != nil: // removed or renamed away
		if !known {
			return
		}
		w.forget(path)
	case fi.IsDir():
		if !known && !w.skipDir(path) {
			// A new directory: watch it, and report what is already in
			// it (files created before the watch was added).
			w.walk(path, func(p string, st stamp) {
				if _, ok := w.seen[p]; !ok {
					w.seen[p] = st
					if !st.dir {
						w.emit(p)
					}
				}
			})
		}
	default:
		st := stamp{mod: fi.ModTime(), size: fi.Size()}
		if known && st == old {
			return // a chmod, or seen already by the poll
		}
		w.seen[path] = st
		w.emit(path)
	}
}

// forget drops path, and everything under it, from the snapshot,
// reporting the files.
func (w *watcher) forget(path string) {
	prefix := path + string(filepath.Separator)
	for p, st := range w.seen {
		if p == path || strings.HasPrefix(p, prefix) {
			delete(w.seen, p)
			if !st.dir {
				w.emit(p)
			}
		}
	}
}

// scan walks the tree and reports every difference with the snapshot,
// which it then replaces.
func (w *watcher) scan(report func(string)) {
	now := map[string]stamp{}
	w.walk(w.root, func(p string, st stamp) { now[p] = st })
	for p, st := range now {
		if old, ok := w.seen[p]; (!ok || old != st) && !st.dir {
			report(p)
		}
	}
	for p, st := range w.seen {
		if _, ok := now[p]; !ok && !st.dir {
			report(p)
		}
	}
	w.seen = now
}

// walk visits the tree at dir, skipping what skipDir and scratchFile
// leave out, and watches each directory it finds with fsnotify.
func (w *watcher) walk(dir string, visit func(string, stamp)) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone since, or unreadable: not ours to report
		}
		if d.IsDir() {
			if w.skipDir(p) {
				return filepath.SkipDir
			}
			if w.fsw != nil {
				if _, known := w.seen[p]; !known {
					if err := w.fsw.Add(p); err != nil {
						// Out of watches, most likely: the poll alone
						// is enough, and it runs already; speed it up.
						w.note("file events stop at " + p + " (" + err.Error() + "); polling for changes instead")
						w.fsw.Close()
						w.fsw = nil
						if w.tick != nil {
							w.tick.Reset(pollOnly)
						}
					}
				}
			}
			visit(p, stamp{dir: true})
			return nil
		}
		if scratchFile(d.Name()) || !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		visit(p, stamp{mod: fi.ModTime(), size: fi.Size()})
		return nil
	})
}

// debounce gathers the paths from in into batches: a batch is sent once
// no path came for quiet, or maxWait after its first path, whichever is
// first, so that a save of many files (a branch switch, gofmt -w) is one
// rebuild, and a steady trickle cannot postpone a rebuild forever. A
// batch lists each path once, in order of first arrival. Paths that come
// while the receiver is busy join the pending batch. out is closed after
// in is closed and the last batch is taken.
func debounce(in <-chan string, quiet, maxWait time.Duration) <-chan []string {
	out := make(chan []string)
	go func() {
		defer close(out)
		var batch []string
		seen := map[string]bool{}
		quietT := time.NewTimer(time.Hour)
		quietT.Stop()
		maxT := time.NewTimer(time.Hour)
		maxT.Stop()
		var send chan<- []string // non-nil when the batch is due
		for {
			select {
			case p, ok := <-in:
				if !ok {
					if len(batch) > 0 {
						out <- batch
					}
					return
				}
				if seen[p] {
					if send == nil {
						quietT.Reset(quiet)
					}
					continue
				}
				seen[p] = true
				batch = append(batch, p)
				if send != nil {
					continue // due already: it goes with the batch
				}
				if len(batch) == 1 {
					maxT.Reset(maxWait)
				}
				quietT.Reset(quiet)
			case <-quietT.C:
				send = out
				maxT.Stop()
			case <-maxT.C:
				send = out
				quietT.Stop()
			case send <- batch:
				batch, seen, send = nil, map[string]bool{}, nil
			}
		}
	}()
	return out
}
