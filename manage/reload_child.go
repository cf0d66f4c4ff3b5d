package manage

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
)

// The child's side of the reloading devserver (reload.go is the
// parent's). The parent starts each build of the site as
//
//	<binary> runserver ARGS...
//
// with three inherited descriptors, named by environment variables that
// do not start with HOOP_ (the settings reject unknown HOOP_* names):
//
//	DEVSERVER_LISTEN_FD  the listening socket, which the parent keeps
//	DEVSERVER_READY_FD   messages to the parent, one a line: "ready" once
//	                     the site serves, "error <quoted text>" when it
//	                     cannot start, "live <quoted dir>" for LiveDir
//	DEVSERVER_PARENT_FD  the parent's lifeline: end of file means "stop",
//	                     sent when a newer build is ready, or when the
//	                     parent exits, however it exits
const (
	envListenFD = "DEVSERVER_LISTEN_FD"
	envReadyFD  = "DEVSERVER_READY_FD"
	envParentFD = "DEVSERVER_PARENT_FD"
)

// reloadChild is this process as a child of the reloading devserver.
type reloadChild struct {
	mu     sync.Mutex
	ln     net.Listener // the inherited listener, until Listen takes it
	msgs   io.WriteCloser
	parent io.Reader
}

var (
	childOnce sync.Once
	theChild  *reloadChild
	childErr  error
)

// devChild returns this process as a child of the reloading devserver,
// or nil when it is not one. The environment variables are read once,
// and removed, so that processes the site starts do not see them.
func devChild() (*reloadChild, error) {
	childOnce.Do(func() { theChild, childErr = inheritFromParent() })
	return theChild, childErr
}

func inheritFromParent() (*reloadChild, error) {
	lnFD, readyFD, parentFD := os.Getenv(envListenFD), os.Getenv(envReadyFD), os.Getenv(envParentFD)
	if lnFD == "" {
		return nil, nil
	}
	for _, name := range []string{envListenFD, envReadyFD, envParentFD} {
		os.Unsetenv(name)
	}
	fds := make([]uintptr, 3)
	for i, v := range []string{lnFD, readyFD, parentFD} {
		n, err := strconv.ParseUint(v, 10, 31)
		if err != nil || n < 3 {
			return nil, fmt.Errorf("devserver: %s, %s and %s must name inherited descriptors; got %q, %q, %q",
				envListenFD, envReadyFD, envParentFD, lnFD, readyFD, parentFD)
		}
		fds[i] = uintptr(n)
	}
	lf := os.NewFile(fds[0], "devserver listener")
	ln, err := net.FileListener(lf) // a duplicate, closed on exec
	lf.Close()
	if err != nil {
		return nil, fmt.Errorf("devserver: the inherited listener: %w", err)
	}
	closeOnExec(fds[1])
	closeOnExec(fds[2])
	return &reloadChild{
		ln:     ln,
		msgs:   os.NewFile(fds[1], "devserver messages"),
		parent: os.NewFile(fds[2], "devserver lifeline"),
	}, nil
}

// take returns the inherited listener the first time, then nil.
func (c *reloadChild) take() net.Listener {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ln := c.ln
	c.ln = nil
	return ln
}

// send writes one message to the parent; a parent that is gone is
// ignored (the lifeline stops this process).
func (c *reloadChild) send(kind, text string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	line := kind
	if text != "" {
		line += " " + strconv.Quote(text)
	}
	_, _ = io.WriteString(c.msgs, line+"\n")
}

// ready tells the parent the site serves; the parent then stops the
// previous build.
func (c *reloadChild) ready() { c.send("ready", "") }

// fail tells the parent why the site could not start; the parent shows
// it in the browser until the next change.
func (c *reloadChild) fail(err error) { c.send("error", err.Error()) }

// context returns ctx, also cancelled when the parent closes the
// lifeline: it wants this build to stop, or it is gone.
func (c *reloadChild) context(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	if c == nil {
		return ctx, cancel
	}
	go func() {
		_, _ = io.Copy(io.Discard, c.parent)
		cancel()
	}()
	return ctx, cancel
}

// Listen returns the listener a reloading devserver handed to this
// process, the first time it is called in a process the devserver
// started; otherwise a new TCP listener on addr. Serve listens with it,
// so a site's own main that calls Serve keeps the devserver's socket
// across restarts.
func Listen(addr string) (net.Listener, error) {
	c, err := devChild()
	if err != nil {
		return nil, err
	}
	if ln := c.take(); ln != nil {
		return ln, nil
	}
	return net.Listen("tcp", addr)
}

// LiveDir returns the directory dir of embedded, an embed.FS declared in
// the calling package, as an fs.FS:
//
//	//go:embed templates static
//	var files embed.FS
//
//	templates := manage.LiveDir(files, "templates")
//
// When the site runs under the reloading devserver, LiveDir returns
// that directory on disk instead, in the calling package's source
// directory, and tells the devserver, which then neither rebuilds nor
// restarts the site for changes there: a template read from it on each
// request shows an edit on the next request. Anywhere else (a
// production binary, tests, -noreload) it is the embedded directory, so
// the binary needs no files beside it.
//
// The source directory is the one the binary was built from (the path
// of the caller's file, as the compiler recorded it); a binary built
// with -trimpath, or whose source is gone, gets the embedded files.
// LiveDir panics if dir is not a valid fs.FS path.
func LiveDir(embedded fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(embedded, dir)
	if err != nil {
		panic(fmt.Sprintf("manage.LiveDir: %v", err))
	}
	c, _ := devChild()
	if c == nil {
		return sub
	}
	_, file, _, ok := runtime.Caller(1)
	if !ok || !filepath.IsAbs(file) {
		return sub
	}
	disk := filepath.Join(filepath.Dir(file), filepath.FromSlash(dir))
	if fi, err := os.Stat(disk); err != nil || !fi.IsDir() {
		return sub
	}
	c.send("live", disk)
	return os.DirFS(disk)
}
