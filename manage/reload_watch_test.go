package manage

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/synctest"
	"time"
)

// The debounce tests run in a synctest bubble: time is the bubble's
// fake clock, which moves only when every goroutine of the bubble is
// blocked, so the quiet period and maxWait are exact however busy the
// machine is.

// A burst of changes is one batch, each path once, in order, sent once
// the burst is over: a quiet period after its last change.
func TestDebounceBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		const quiet = 200 * time.Millisecond
		out := debounce(in, quiet, 5*time.Second)
		var last time.Time
		for i, p := range []string{"a", "b", "a", "c", "b"} {
			if i > 0 {
				time.Sleep(5 * time.Millisecond)
			}
			in <- p
			last = time.Now()
		}
		batch := <-out
		if want := []string{"a", "b", "c"}; !reflect.DeepEqual(batch, want) {
			t.Errorf("batch %q, want %q", batch, want)
		}
		if since := time.Since(last); since != quiet {
			t.Errorf("batch sent %s after the last change; want the quiet period, %s", since, quiet)
		}
		synctest.Wait()
		select {
		case batch := <-out:
			t.Errorf("a second batch %q", batch)
		default:
		}
		close(in)
		if _, ok := <-out; ok {
			t.Error("out is not closed after in")
		}
	})
}

// A steady trickle of changes cannot postpone the batch past maxWait.
func TestDebounceMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		const maxWait = 200 * time.Millisecond
		out := debounce(in, 100*time.Millisecond, maxWait)
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(stopped)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case in <- filepath.Join("f", string(rune('a'+i%26))):
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
		start := time.Now()
		batch := <-out
		if took := time.Since(start); took != maxWait {
			t.Errorf("first batch after %s; want maxWait, %s", took, maxWait)
		}
		if len(batch) == 0 {
			t.Error("empty batch")
		}
		close(stop)
		<-stopped
		close(in)
		for range out {
		}
	})
}

// Changes that come while the receiver is busy (building) join the
// pending batch; the pending batch goes out when in is closed.
func TestDebounceBusyReceiver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		out := debounce(in, 20*time.Millisecond, time.Second)
		in <- "a"
		time.Sleep(100 * time.Millisecond) // due, but nobody receives
		in <- "b"
		in <- "a"
		if batch := <-out; !reflect.DeepEqual(batch, []string{"a", "b"}) {
			t.Errorf("batch %q, want [a b]", batch)
		}
		in <- "c"
		close(in)
		if batch := <-out; !reflect.DeepEqual(batch, []string{"c"}) {
			t.Errorf("last batch %q, want [c]", batch)
		}
	})
}

// watched is a watcher's changes as the reloader sees them: debounced.
type watched struct {
	w       *watcher
	batches <-chan []string
}

func watch(t *testing.T, root string, opts watchOptions) *watched {
	t.Helper()
	w, err := newWatcher(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return &watched{w: w, batches: debounce(w.Changes(), 50*time.Millisecond, time.Second)}
}

// expectChanges waits for batches that name each of want, and fails on
// any other path.
func expectChanges(t *testing.T, w *watched, what string, want ...string) {
	t.Helper()
	missing := map[string]bool{}
	wanted := map[string]bool{}
	for _, p := range want {
		missing[p], wanted[p] = true, true
	}
	// No deadline: a change that is never reported hangs the test, and
	// go test's -timeout reports it with every goroutine's stack.
	for len(missing) > 0 {
		for _, p := range <-w.batches {
			if !wanted[p] {
				t.Fatalf("%s: unexpected change %s", what, p)
			}
			delete(missing, p)
		}
	}
}

// expectQuiet fails if the watcher reports anything for a while: a
// duplicate report comes within a poll interval and a quiet period, far
// less than this. It cannot fail for a watcher that is right, however
// busy the machine: files are written whole (write), so the only
// reports are of edits the test made.
func expectQuiet(t *testing.T, w *watched, what string) {
	t.Helper()
	select {
	case batch := <-w.batches:
		t.Fatalf("%s: unexpected changes %s", what, batch)
	case <-time.After(300 * time.Millisecond):
	}
}

// write replaces the file at path with text at once: written beside the
// tree, then renamed into place, so that neither the events nor the poll
// can see it half written (empty, then whole: two real changes).
func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// watcherCases runs the same edits against a watcher, whatever reports
// the changes.
func watcherCases(t *testing.T, root string, w *watched) {
	views := filepath.Join(root, "views.go")
	write(t, views, "package site\n// more\n")
	expectChanges(t, w, "an edit", views)
	expectQuiet(t, w, "after an edit")

	css := filepath.Join(root, "static", "css", "site.css")
	write(t, css, "body{}")
	expectChanges(t, w, "a file in a new directory", css)

	write(t, filepath.Join(root, ".git", "index"), "x")
	write(t, filepath.Join(root, "static", ".views.go.swp"), "x")
	write(t, filepath.Join(root, "static", "site.css~"), "x")
	write(t, filepath.Join(root, "testdata", "x.go"), "x")
	write(t, filepath.Join(root, "node_modules", "x.js"), "x")
	write(t, filepath.Join(root, "tools", "go.mod"), "module tools\n")
	write(t, filepath.Join(root, "tools", "main.go"), "package main\n")
	expectQuiet(t, w, "hidden, scratch, testdata, node_modules and nested module files")

	if err := os.Remove(views); err != nil {
		t.Fatal(err)
	}
	expectChanges(t, w, "a removal", views)
	if err := os.RemoveAll(filepath.Join(root, "static")); err != nil {
		t.Fatal(err)
	}
	expectChanges(t, w, "a removed directory", css)
	expectQuiet(t, w, "after the removals")
}

func newTree(t *testing.T) string {
	root := t.TempDir()
	write(t, filepath.Join(root, "views.go"), "package site\n")
	write(t, filepath.Join(root, "templates", "index.html"), "<h1>hi</h1>")
	return root
}

// The polling fallback alone, as where file events never arrive.
func TestWatcherPolling(t *testing.T) {
	root := newTree(t)
	w := watch(t, root, watchOptions{noNotify: true, interval: 20 * time.Millisecond})
	if w.w.fsw != nil {
		t.Fatal("noNotify, yet fsnotify runs")
	}
	watcherCases(t, root, w)

	// A change that keeps the size, by its modification time alone.
	index := filepath.Join(root, "templates", "index.html")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(index, later, later); err != nil {
		t.Fatal(err)
	}
	expectChanges(t, w, "a new modification time", index)
}

// File events alone (the poll is as good as off), and each change once
// when both run.
func TestWatcherEvents(t *testing.T) {
	root := newTree(t)
	w := watch(t, root, watchOptions{interval: time.Hour})
	if w.w.fsw == nil {
		t.Fatalf("fsnotify is unavailable here: %v", <-w.w.Notes())
	}
	watcherCases(t, root, w)
}

func TestWatcherEventsAndPollReportOnce(t *testing.T) {
	root := newTree(t)
	w := watch(t, root, watchOptions{interval: 10 * time.Millisecond})
	index := filepath.Join(root, "templates", "index.html")
	for i := 0; i < 5; i++ {
		write(t, index, "<h1>"+string(rune('a'+i))+"</h1>!")
		expectChanges(t, w, "an edit", index)
		expectQuiet(t, w, "the same edit, seen by events and the poll")
	}
}

func TestClassify(t *testing.T) {
	root := t.TempDir()
	r := &reloader{
		pkg:      mainPackage{moduleDir: root},
		embeds:   []embedded{{dir: root, pattern: "settings.toml"}, {dir: root, pattern: "templates"}, {dir: filepath.Join(root, "blog"), pattern: "assets/*.css"}},
		liveFrom: &child{live: []string{filepath.Join(root, "templates")}},
	}
	for _, tc := range []struct {
		path string
		want change
	}{
		{"views.go", changeBuild},
		{"blog/blog.go", changeBuild},
		{"go.mod", changeBuild},
		{"go.sum", changeBuild},
		{"asm_amd64.s", changeBuild},
		{"views_test.go", changeOther},
		{"settings.toml", changeBuild},             // embedded
		{"blog/assets/site.css", changeBuild},      // embedded by a glob
		{"blog/assets/deep/site.css", changeOther}, // the glob is one level
		{"templates/index.html", changeLive},       // embedded, and read from disk
		{"templates/new/page.html", changeLive},
		{"static/site.css", changeOther}, // read from disk, not embedded
		{"README.md", changeOther},
	} {
		if got := r.classify(filepath.Join(root, filepath.FromSlash(tc.path))); got != tc.want {
			t.Errorf("classify(%s) = %d, want %d", tc.path, got, tc.want)
		}
	}
}
