package manage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hoop-go/hoop/settings"
)

// The reloading devserver: runserver, in debug, watches the site's
// source, rebuilds it when it changes and restarts it, without ever
// closing its socket.
//
// The process the user started is the parent. It never runs the site:
// it opens the listening socket, builds the site's main package into a
// temporary binary (go build, in the main module's root) and runs it as
// a child, handing it the socket (reload_child.go). When a Go file, go.mod,
// go.sum or a file embedded in the build changes, it builds again; once
// the new child says it is ready, the old one is told to stop, and
// finishes its in-flight requests (Serve's graceful shutdown) while the
// new one accepts. The socket stays open in the parent the whole time,
// so a restart never fails with "address already in use", and a request
// that arrives during a rebuild is served by the old child, or waits in
// the socket's queue for the first one.
//
// When the build fails, or the new build does not start, the old child
// is stopped and the parent itself answers every request with the
// compiler's messages (reload_errors.go) until the next good build.
//
// Files the site reads from disk (templates, static files) need no
// rebuild: their changes are reported and nothing restarts.

const (
	debounceQuiet = 200 * time.Millisecond // a burst of saves ends after this much calm
	debounceMax   = 2 * time.Second        // ... or this long after its first change
)

// mainPackage is what the devserver builds, and where.
type mainPackage struct {
	importPath string // github.com/hoop-go/hoop/cmd/devserver
	moduleDir  string // the main module's root: go build runs there, and it is watched
}

// reload runs the reloading devserver and returns its exit status, or
// ok false, having said why when it matters, if this process cannot
// reload: then runserver serves the site itself.
func reload(ctx context.Context, site Site, s settings.Settings, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if testing.Testing() {
		return 0, false // a test binary cannot be rebuilt as the site
	}
	off := func(why string) (int, bool) {
		fmt.Fprintf(stderr, "Auto-reload is off: %s.\n", why)
		return 0, false
	}
	if !s.Debug {
		return 0, false // production: nothing to say
	}
	if !reloadSupported {
		return off("it needs a Unix system")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return off("there is no go command on PATH to rebuild the site with")
	}
	pkg, err := findMainPackage(ctx, goCmd)
	if err != nil {
		return off(err.Error())
	}
	r := &reloader{
		site: site, s: s, args: args, goCmd: goCmd, pkg: pkg,
		stdout: stdout, stderr: stderr,
		log:      slog.New(slog.NewTextHandler(stderr, nil)),
		children: map[*child]bool{},
		exits:    make(chan *child),
	}
	return r.run(ctx), true
}

// findMainPackage finds the source of the running program: the
// directory of main.main's file, as the compiler recorded it, else the
// main package of the build information, looked up from the current
// directory.
func findMainPackage(ctx context.Context, goCmd string) (mainPackage, error) {
	dir, target := "", "."
	if f := mainFile(); f != "" && filepath.IsAbs(f) {
		dir = filepath.Dir(f)
	} else if bi, ok := debug.ReadBuildInfo(); ok && bi.Path != "" {
		target = bi.Path
	} else {
		return mainPackage{}, errors.New("this program does not know where its source is")
	}
	cmd := exec.CommandContext(ctx, goCmd, "list", "-f", "{{.ImportPath}}\n{{.Name}}\n{{with .Module}}{{.Dir}}{{end}}", target)
	cmd.Dir = dir
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		return mainPackage{}, fmt.Errorf("cannot find the source of %s: %s", target, strings.TrimSpace(errOut.String()))
	}
	f := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(f) != 3 || f[1] != "main" {
		return mainPackage{}, fmt.Errorf("%s is not a main package", target)
	}
	pkg := mainPackage{importPath: f[0], moduleDir: f[2]}
	if pkg.moduleDir == "" {
		return mainPackage{}, fmt.Errorf("%s is not in a module", pkg.importPath)
	}
	if cache, err := exec.CommandContext(ctx, goCmd, "env", "GOMODCACHE").Output(); err == nil {
		if c := strings.TrimSpace(string(cache)); c != "" && strings.HasPrefix(pkg.moduleDir, c+string(filepath.Separator)) {
			return mainPackage{}, fmt.Errorf("the source of %s is in the module cache, not yours to edit", pkg.importPath)
		}
	}
	return pkg, nil
}

// mainFile returns the source file of main.main, if this goroutine was
// called from it.
func mainFile() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		f, more := frames.Next()
		if f.Function == "main.main" {
			return f.File
		}
		if !more {
			return ""
		}
	}
}

// reloader is the parent process. Its fields are the run loop's, except
// where said.
type reloader struct {
	site           Site
	s              settings.Settings
	args           []string
	goCmd          string
	pkg            mainPackage
	stdout, stderr io.Writer
	log            *slog.Logger // one line per request the parent answers

	lnFile *os.File // the listening socket, handed to each child
	tmp    string   // the binaries
	builds int

	current  *child          // the child serving, if any
	children map[*child]bool // every child not yet exited
	exits    chan *child

	errSrv  *http.Server            // the parent's server, while it answers instead of the site
	failure atomic.Pointer[failure] // what it answers; read by errSrv's handlers

	embeds []embedded // the files compiled into the site, as go list says

	changes <-chan []string // debounced batches of changed files
	pending []string        // a batch that came while a new build started

	liveFrom *child // the last build that served: its LiveDir directories count

	// A crashed build, started again after a back-off (reload_crash.go).
	crashes     int              // unexpected exits in a row
	restartAt   <-chan time.Time // when to start it again; nil if not pending
	crashedBin  string
	crashedHash [sha256.Size]byte
}

// A child is one build of the site, running.
type child struct {
	cmd      *exec.Cmd
	bin      string
	hash     [sha256.Size]byte
	lifeline *os.File // closing it tells the child to stop
	stopping bool

	ready    chan struct{} // closed on "ready"
	failed   chan struct{} // closed on "error"
	msgsDone chan struct{} // closed when the child's messages end
	done     chan struct{} // closed when the child has exited
	startErr string        // the "error" message, once failed is closed
	waitErr  error         // how it exited, once done is closed
	started  time.Time
	tail     *tail // the last lines it wrote

	mu   sync.Mutex
	live []string // directories it reads from disk (LiveDir), as it said
}

// liveDirs returns the directories c said it reads from disk; c may be
// nil.
func (c *child) liveDirs() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

func (r *reloader) run(ctx context.Context) int {
	ln, err := net.Listen("tcp", r.s.Addr)
	if err != nil {
		fmt.Fprintln(r.stderr, err)
		return 1
	}
	defer ln.Close()
	if r.lnFile, err = listenerFile(ln); err != nil {
		fmt.Fprintln(r.stderr, err)
		return 1
	}
	defer r.lnFile.Close()
	if r.tmp, err = os.MkdirTemp("", "hoop-devserver-"); err != nil {
		fmt.Fprintln(r.stderr, err)
		return 1
	}
	defer os.RemoveAll(r.tmp)
	w, err := newWatcher(r.pkg.moduleDir, watchOptions{})
	if err != nil {
		fmt.Fprintln(r.stderr, err)
		return 1
	}
	defer w.Close()

	name := r.site.Name
	if name == "" {
		name = "hoop site"
	}
	fmt.Fprintf(r.stdout, "Serving %s at http://%s/ (debug %v). Quit with CONTROL-C.\n", name, ln.Addr(), r.s.Debug)
	r.say(r.stdout, dim, "Watching %s: a change to its Go code rebuilds and restarts the site (-noreload turns this off).", r.pkg.moduleDir)

	r.changes = debounce(w.Changes(), debounceQuiet, debounceMax)
	r.rebuild(ctx, nil)
	for {
		if batch := r.pending; batch != nil {
			r.pending = nil
			r.changed(ctx, batch)
			continue
		}
		select {
		case <-ctx.Done():
			r.shutdown()
			return 0
		case note := <-w.Notes():
			r.say(r.stdout, yellow, "%s", note)
		case batch := <-r.changes:
			r.changed(ctx, batch)
		case c := <-r.exits:
			r.exited(ctx, c)
		case <-r.restartAt:
			r.restartCrashed(ctx)
		}
	}
}

// changed handles a batch of changed files: it rebuilds if one of them
// is an input of the build, and says what happened.
func (r *reloader) changed(ctx context.Context, batch []string) {
	var build, live, others []string
	for _, p := range batch {
		switch r.classify(p) {
		case changeBuild:
			build = append(build, p)
		case changeLive:
			live = append(live, p)
		default:
			if _, err := os.Stat(p); err == nil { // not an editor's passing file
				others = append(others, p)
			}
		}
	}
	if len(live) > 0 {
		r.say(r.stdout, dim, "%s changed: the site reads it from disk, so nothing restarts.", r.rel(live))
	}
	if len(others) > 0 {
		r.say(r.stdout, dim, "%s changed: not part of the build, so nothing restarts.", r.rel(others))
	}
	if len(build) > 0 {
		r.rebuild(ctx, build)
	}
}

// rebuild builds the site and, if the program changed, starts it and
// stops the previous build; if the build fails, or the new build does
// not start, the parent answers with the failure until the next change.
func (r *reloader) rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	if changed != nil {
		r.say(r.stdout, dim, "%s changed: rebuilding.", r.rel(changed))
	}
	r.builds++
	r.forgetCrash()
	bin := filepath.Join(r.tmp, fmt.Sprintf("%s-%d", path.Base(r.pkg.importPath), r.builds))
	cmd := exec.CommandContext(ctx, r.goCmd, "build", "-o", bin, r.pkg.importPath)
	cmd.Dir = r.pkg.moduleDir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		output := strings.TrimSpace(string(out))
		if output == "" {
			output = err.Error()
		}
		r.say(r.stderr, red, "Build failed; the browser shows why until the next good build:")
		fmt.Fprintln(r.stderr, output)
		r.fail(&failure{
			Title:   "Build failed",
			Summary: fmt.Sprintf("go build %s failed in %s. Fix the code and save: the site comes back with the next good build.", r.pkg.importPath, r.pkg.moduleDir),
			Output:  output,
			Errors:  parseBuildOutput(output, r.pkg.moduleDir),
		})
		return
	}
	sum, err := hashFile(bin)
	if err != nil {
		r.say(r.stderr, red, "%v", err)
		return
	}
	if r.current != nil && r.current.hash == sum {
		os.Remove(bin)
		r.say(r.stdout, dim, "The program is the same: the site keeps running.")
		return
	}
	r.refreshEmbeds(ctx)
	c, f := r.start(ctx, bin, sum)
	if ctx.Err() != nil || (c == nil && f == nil) {
		return // stopping, or a newer change supersedes this build
	}
	if f != nil {
		// Its own words are in the terminal already, above.
		r.say(r.stderr, red, "%s; the browser shows why until the next good build.", f.Title)
		r.fail(f)
		return
	}
	old := r.current
	r.current, r.liveFrom = c, c
	r.hideFailure()
	if old != nil {
		r.stop(old)
	}
	verb := "Reloaded"
	if changed == nil {
		verb = "Built and started the site"
	}
	r.say(r.stdout, green, "%s in %s.", verb, time.Since(start).Round(10*time.Millisecond))
}

// fail makes the parent answer with f, and stops the site.
func (r *reloader) fail(f *failure) {
	r.showFailure(f)
	if r.current != nil {
		r.stop(r.current)
		r.current = nil
	}
}

// start runs bin as a child with the socket, and waits until it is
// ready, or has failed. A change to the build's inputs meanwhile stops
// it (a site stuck starting must not keep its fix from being built):
// then start returns neither a child nor a failure, and leaves the
// change in r.pending.
func (r *reloader) start(ctx context.Context, bin string, sum [sha256.Size]byte) (*child, *failure) {
	didNotStart := func(output string) *failure {
		return &failure{
			Title:   "The site did not start",
			Summary: "The new build of the site stopped before it served. Fix it and save: the site comes back with the next good build.",
			Output:  output,
		}
	}
	msgR, msgW, err := os.Pipe()
	if err != nil {
		return nil, didNotStart(err.Error())
	}
	lifeR, lifeW, err := os.Pipe()
	if err != nil {
		msgR.Close()
		msgW.Close()
		return nil, didNotStart(err.Error())
	}
	cmd := exec.Command(bin, append([]string{"runserver"}, r.args...)...)
	cmd.Env = append(os.Environ(), envListenFD+"=3", envReadyFD+"=4", envParentFD+"=5")
	cmd.ExtraFiles = []*os.File{r.lnFile, msgW, lifeR}
	out := &tail{} // for the page, if it crashes
	cmd.Stdout, cmd.Stderr = io.MultiWriter(r.stdout, out), io.MultiWriter(r.stderr, out)
	err = cmd.Start()
	msgW.Close()
	lifeR.Close()
	if err != nil {
		msgR.Close()
		lifeW.Close()
		return nil, didNotStart(err.Error())
	}
	c := &child{
		cmd: cmd, bin: bin, hash: sum, lifeline: lifeW, started: time.Now(), tail: out,
		ready: make(chan struct{}), failed: make(chan struct{}),
		msgsDone: make(chan struct{}), done: make(chan struct{}),
	}
	r.children[c] = true
	go r.readMessages(c, msgR)
	go func() {
		c.waitErr = cmd.Wait()
		close(c.done)
		r.exits <- c
	}()
	for {
		select {
		case <-c.ready:
			return c, nil
		case <-c.failed:
			r.stop(c)
			f := didNotStart(c.startErr)
			f.tail = c.tail
			return nil, f
		case <-c.msgsDone: // it exited, or closed its messages
			select {
			case <-c.ready:
				return c, nil // it said so, then closed them: it serves
			case <-c.failed:
				r.stop(c)
				f := didNotStart(c.startErr)
				f.tail = c.tail
				return nil, f
			default:
			}
			r.stop(c)
			f := didNotStart(fmt.Sprintf("The site exited before it served: %v. Its output is in the terminal.", c.exitStatus()))
			f.exitErr, f.tail = c.waitErr, c.tail
			return nil, f
		case batch := <-r.changes:
			r.pending = append(r.pending, batch...)
			for _, p := range batch {
				if r.classify(p) == changeBuild {
					r.say(r.stdout, dim, "The new build has not started yet: stopping it for the newer change.")
					r.stop(c)
					return nil, nil
				}
			}
		case <-ctx.Done():
			r.stop(c)
			return nil, nil
		}
	}
}

// exitStatus is how the child exited, or that it is still running.
func (c *child) exitStatus() string {
	select {
	case <-c.done:
		if c.waitErr == nil {
			return "exit status 0"
		}
		return c.waitErr.Error()
	case <-time.After(2 * time.Second):
		return "it closed its messages"
	}
}

// readMessages reads the child's messages (reload_child.go).
func (r *reloader) readMessages(c *child, rd io.ReadCloser) {
	defer close(c.msgsDone)
	defer rd.Close()
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var readyOnce, failOnce sync.Once
	for sc.Scan() {
		kind, arg, _ := strings.Cut(sc.Text(), " ")
		text, err := strconv.Unquote(arg)
		if err != nil {
			text = arg
		}
		switch kind {
		case "ready":
			readyOnce.Do(func() { close(c.ready) })
		case "error":
			failOnce.Do(func() { c.startErr = text; close(c.failed) })
		case "live":
			c.mu.Lock()
			c.live = appendNew(c.live, text)
			c.mu.Unlock()
		}
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// stop tells a child to stop: it finishes its in-flight requests, and is
// killed if it takes longer than the shutdown timeout allows.
func (r *reloader) stop(c *child) {
	if c.stopping {
		return
	}
	c.stopping = true
	c.lifeline.Close()
	_ = terminate(c.cmd.Process)
	grace := r.s.ShutdownTimeout + 5*time.Second
	go func() {
		select {
		case <-c.done:
		case <-time.After(grace):
			_ = c.cmd.Process.Kill()
		}
	}()
}

// exited handles the end of a child: the expected end of an old build,
// or the end of the site, which the parent then answers for.
func (r *reloader) exited(ctx context.Context, c *child) {
	delete(r.children, c)
	if c != r.current || ctx.Err() != nil {
		if c.bin != r.crashedBin || r.restartAt == nil {
			os.Remove(c.bin)
		}
		return
	}
	r.current = nil
	r.crashed(c.bin, c.hash, c.started, exitText(c.waitErr), c.tail) // reload_crash.go: started again
}

// shutdown stops every child and the parent's own server, and waits for
// the children, as long as their graceful shutdown may take.
func (r *reloader) shutdown() {
	r.hideFailure()
	for c := range r.children {
		r.stop(c)
	}
	deadline := time.After(r.s.ShutdownTimeout + 6*time.Second)
	for len(r.children) > 0 {
		select {
		case c := <-r.exits:
			delete(r.children, c)
		case <-deadline:
			return
		}
	}
}

// showFailure makes the parent answer every request with f, on a
// duplicate of the socket, beside any child still stopping.
func (r *reloader) showFailure(f *failure) {
	r.failure.Store(f)
	if r.errSrv != nil {
		return
	}
	ln, err := net.FileListener(r.lnFile) // a duplicate: closing it leaves the socket open
	if err != nil {
		r.say(r.stderr, red, "devserver: %v", err)
		return
	}
	srv := NewServer(r.s, http.HandlerFunc(r.serveFailure))
	r.errSrv = srv
	go func() { _ = srv.Serve(ln) }()
}

// hideFailure stops the parent's server gracefully, once a child serves:
// requests it took already still get the failure, which was true when
// they came.
func (r *reloader) hideFailure() {
	if r.errSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), r.s.ShutdownTimeout)
		_ = r.errSrv.Shutdown(ctx)
		cancel()
		r.errSrv = nil
	}
	r.failure.Store(nil)
}

func (r *reloader) serveFailure(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	f := r.failure.Load()
	if f == nil { // a child serves again; this connection came just before
		f = &failure{Title: "Restarting", Summary: "The site is restarting: reload the page."}
	}
	serveFailure(w, req, f)
	r.log.Info("request", "method", req.Method, "path", req.URL.Path, "status", http.StatusInternalServerError,
		"duration", time.Since(start), "view", "devserver")
}

// embedded is a file or pattern compiled into the site by go:embed.
type embedded struct {
	dir     string // the package's directory
	pattern string // a file, directory or glob, relative to dir
}

// refreshEmbeds asks go list which files the main module's packages in
// the build embed; on failure the last answer stays.
func (r *reloader) refreshEmbeds(ctx context.Context) {
	cmd := exec.CommandContext(ctx, r.goCmd, "list", "-deps", "-json=Dir,Module,EmbedPatterns", r.pkg.importPath)
	cmd.Dir = r.pkg.moduleDir
	out, err := cmd.Output()
	if err != nil {
		return
	}
	var embeds []embedded
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir           string
			Module        *struct{ Main bool }
			EmbedPatterns []string
		}
		if err := dec.Decode(&p); err != nil {
			break
		}
		if p.Module == nil || !p.Module.Main {
			continue
		}
		for _, pat := range p.EmbedPatterns {
			embeds = append(embeds, embedded{dir: p.Dir, pattern: strings.TrimPrefix(pat, "all:")})
		}
	}
	r.embeds = embeds
}

type change int

const (
	changeOther change = iota // not an input of the build: nothing to do
	changeBuild               // Go code, module files, embedded files: rebuild
	changeLive                // in a directory the site reads from disk (LiveDir)
)

// classify tells what a change to the file at p asks for: Go code, the
// module's files and what the build embeds need a rebuild, unless the
// site reads them from disk (LiveDir).
func (r *reloader) classify(p string) change {
	if buildFile(filepath.Base(p)) {
		return changeBuild
	}
	for _, dir := range r.liveFrom.liveDirs() {
		if under(p, dir) {
			return changeLive
		}
	}
	for _, e := range r.embeds {
		if matchesEmbed(e, p) {
			return changeBuild
		}
	}
	return changeOther
}

// buildFile reports whether a file of this name is an input of go build
// (tests are not).
func buildFile(name string) bool {
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	if strings.HasSuffix(name, "_test.go") {
		return false
	}
	switch filepath.Ext(name) {
	case ".go", ".s", ".S", ".sx", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx":
		return true
	}
	return false
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// matchesEmbed reports whether the file at p is embedded by e: the
// pattern names it, or a directory it is in.
func matchesEmbed(e embedded, p string) bool {
	if !under(p, e.dir) {
		return false
	}
	rel, _ := filepath.Rel(e.dir, p)
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i := 1; i <= len(parts); i++ {
		if ok, _ := path.Match(e.pattern, strings.Join(parts[:i], "/")); ok {
			return true
		}
	}
	return false
}

// rel names changed files for the terminal, relative to the module.
func (r *reloader) rel(paths []string) string {
	const most = 3
	var names []string
	for i, p := range paths {
		if i == most {
			names = append(names, fmt.Sprintf("and %d more", len(paths)-most))
			break
		}
		if rel, err := filepath.Rel(r.pkg.moduleDir, p); err == nil {
			p = rel
		}
		names = append(names, p)
	}
	return strings.Join(names, ", ")
}

func hashFile(name string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// Colours for the parent's own lines, on a terminal only.
const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	dim    = "\x1b[2m"
)

// say prints one line, coloured when w is a terminal (and NO_COLOR is
// not set).
func (r *reloader) say(w io.Writer, colour, format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if isTerminal(w) {
		line = colour + line + "\x1b[0m"
	}
	fmt.Fprintln(w, line)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
