package views

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// StaticOptions configures Static. The zero value is the safe default:
// kwarg "path", no listings, no dotfiles, index.html for directories.
type StaticOptions struct {
	// Param is the kwarg holding the file's path below the root, as the
	// URL conf captured it (already decoded). Default "path".
	Param string
	// ListDirs answers a directory that has no index file with an HTML
	// listing of its entries. Off by default, as in the classic
	// frameworks: a listing shows files nobody linked to.
	ListDirs bool
	// AllowDotfiles serves (and lists) names starting with ".". Denied by
	// default: .env, .git/ and .htaccess are 404s.
	AllowDotfiles bool
	// Index is the file served for a directory, "index.html" by default;
	// NoIndex disables index files.
	Index string
	// CacheControl, if set, is the Cache-Control header of every file
	// response (200, 206, 304). Error pages keep their own "no-store".
	CacheControl string
}

// NoIndex, as StaticOptions.Index, turns index files off: a directory is
// then a listing (with ListDirs) or a 404.
const NoIndex = "-"

// maxRanges is the most byte ranges a request may ask for: a request
// with more gets the whole file (200), as Apache's MaxRanges does, so
// that "bytes=0-0,1-1,..." cannot turn a file into a multipart response
// many times its size.
const maxRanges = 32

// maxUnseekable is the largest file of an fs.FS whose files cannot seek
// that Static buffers in memory to serve; larger ones are a 500.
const maxUnseekable = 8 << 20

// Static returns a view that serves the files below root: a directory
// (Dir) or any fs.FS, such as an embed.FS. Mount it with a URL conf entry
// that captures the path below the root, and one for the root itself:
//
//	urlconf.Path("static/<path:path>", "static"),
//	urlconf.Path("static/", "static"),
//
// and register it: reg.Handle("static", views.Static(views.Dir("static"), views.StaticOptions{})).
//
// Responses are http.ServeContent's: Content-Type from the extension,
// else sniffed; Last-Modified; Range (a range past the end is a 416, a
// request whose ranges add up to more than the file, or that asks for
// more than 32 ranges, gets the whole file); If-None-Match, If-Modified-Since and If-Range (304, 412); HEAD.
// Every response carries "X-Content-Type-Options: nosniff". Only GET and
// HEAD are allowed; other methods get a 405 page naming them.
//
// The ETag is strong, "<mtime>-<size>" (Unix nanoseconds and bytes, in
// base 36), as nginx does; for a file without a modification time (an
// embed.FS) it is a SHA-256 of the content, computed once per name and
// size and cached, which assumes such a file system does not change.
//
// Nothing outside root is ever served. Static answers 404 for a path
// that is absolute, has an empty, "." or ".." segment, a backslash, a NUL
// or any control character, or invalid UTF-8, and for a request whose
// escaped path has an encoded slash or backslash (%2F, %5C) after the
// mount point. A Dir is opened with os.OpenRoot for each request, so a
// symbolic link that resolves outside it is refused (links that stay
// inside are followed) and a directory swapped by a deploy is picked up.
// Another fs.FS is trusted to confine itself: os.DirFS follows links out
// of its directory, so use Dir for a directory. Only regular files and
// directories are served; devices and FIFOs are 404s.
//
// A segment starting with "." is a 404 unless AllowDotfiles is set. A
// link inside the root may name a dotfile: the operator made it.
//
// Directories: a directory path without a trailing slash is redirected
// (301) to the same name with one, with a relative Location ("sub/", as
// net/http does), so the redirect never leaves the site whatever the
// Host header says. With one, Index is served if the directory has it,
// else a listing with ListDirs, else a 404. A request for the index file
// by name ("sub/index.html") is redirected to "./", as net/http does, so
// each page has one URL. A file path with a trailing slash is a 404.
//
// Errors are rendered with RenderError, so the site's error pages apply
// (JSON for scripts); the detail never echoes the path.
//
// Static panics, when the site is built, if root is nil or Dir(""):
// Dir(".") is the current directory.
func Static(root fs.FS, opts StaticOptions) http.Handler {
	if opts.Param == "" {
		opts.Param = "path"
	}
	switch opts.Index {
	case "":
		opts.Index = "index.html"
	case NoIndex:
		opts.Index = ""
	}
	h := &staticHandler{opts: opts}
	switch root := root.(type) {
	case nil:
		panic("views.Static: nil root")
	case Dir:
		if root == "" {
			panic(`views.Static: root is Dir(""); use Dir(".") for the current directory`)
		}
		h.dir = string(root)
	default:
		h.fsys = root
	}
	return h
}

// A Dir is a directory of the operating system's file system, named as
// os.OpenRoot takes it, as an fs.FS confined to it: every Open and Stat
// opens the directory again with os.OpenRoot, so nothing outside it is
// reached, even through a symbolic link. It is http.Dir for Static.
type Dir string

// Open opens name, a path below d in fs.ValidPath's form.
func (d Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close() // files opened through it stay open
	return root.Open(name)
}

// Stat describes name, a path below d, following links that stay in d.
func (d Dir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Stat(name)
}

type staticHandler struct {
	dir    string // the root directory, or "" when serving fsys
	fsys   fs.FS
	opts   StaticOptions
	hashes sync.Map // etagKey → string: ETags of files without a modification time
}

type etagKey struct {
	name string
	size int64
}

// tree is the root for one request: an os.Root or the fs.FS.
type tree interface {
	Stat(name string) (fs.FileInfo, error)
	Open(name string) (fs.File, error)
}

type rootTree struct{ *os.Root }

func (t rootTree) Open(name string) (fs.File, error) { return t.Root.Open(name) }

type fsTree struct{ fs.FS }

func (t fsTree) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, fs.ErrNotExist
	}
	return fs.Stat(t.FS, name)
}

func (t fsTree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, fs.ErrNotExist
	}
	return t.FS.Open(name)
}

// ProductionRisks names the options that should not be on in
// production: the dispatcher refuses to start with them when debug is off
// (check hoop.E201, which a site that means it can silence).
func (h *staticHandler) ProductionRisks() []string {
	var risks []string
	if h.opts.ListDirs {
		risks = append(risks, "directory listing (StaticOptions.ListDirs)")
	}
	if h.opts.AllowDotfiles {
		risks = append(risks, "dotfiles served (StaticOptions.AllowDotfiles)")
	}
	return risks
}

func (h *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		RenderError(w, r, MethodNotAllowed(http.MethodGet, http.MethodHead))
		return
	}
	name := r.PathValue(h.opts.Param)
	if !h.validName(name) || encodedSeparatorAfterMount(r, name) {
		notFoundStatic(w, r)
		return
	}
	trailingSlash := name == "" || strings.HasSuffix(name, "/")
	name = strings.TrimSuffix(name, "/")
	if name == "" {
		name = "."
	}

	var t tree
	if h.fsys != nil {
		t = fsTree{h.fsys}
	} else {
		root, err := os.OpenRoot(h.dir)
		if err != nil {
			notFoundStatic(w, r)
			return
		}
		defer root.Close()
		t = rootTree{root}
	}

	fi, err := t.Stat(name)
	if err != nil {
		notFoundStatic(w, r)
		return
	}
	switch {
	case fi.IsDir():
		if !trailingSlash {
			// The root mounted without a trailing slash has no name of its
			// own below the mount: use the last segment of the URL.
			base := path.Base(name)
			if name == "." {
				base = path.Base(r.URL.Path)
			}
			redirectStatic(w, r, base+"/")
			return
		}
		h.serveDir(w, r, t, name)
	case !fi.Mode().IsRegular():
		notFoundStatic(w, r)
	case trailingSlash:
		notFoundStatic(w, r) // "app.css/": a file is not a directory
	case h.opts.Index != "" && path.Base(name) == h.opts.Index:
		redirectStatic(w, r, "./")
	default:
		h.serveFile(w, r, t, name)
	}
}

// validName reports whether name, the decoded path below the root, may
// name a file: relative, no empty, "." or ".." segment, no backslash or
// control character, valid UTF-8, and no dotfile unless allowed.
func (h *staticHandler) validName(name string) bool {
	if name == "" {
		return true
	}
	if name[0] == '/' || !utf8.ValidString(name) {
		return false
	}
	for _, c := range []byte(name) {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	for _, seg := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if !h.validSegment(seg) {
			return false
		}
	}
	return true
}

func (h *staticHandler) validSegment(seg string) bool {
	switch {
	case seg == "" || seg == "." || seg == "..":
		return false
	case seg[0] == '.' && !h.opts.AllowDotfiles:
		return false
	case runtime.GOOS == "windows" && strings.ContainsAny(seg, `:\`):
		return false // drive letters and alternate data streams
	}
	return true
}

// encodedSeparatorAfterMount reports whether the request's escaped path
// has %2F or %5C in the part that the kwarg name was decoded from: the
// URL conf sees "sub%2f" as "sub/", a different path from the one the
// client sent. When name is not the end of the path (middleware changed
// it, or an unusual pattern) the whole path is checked.
func encodedSeparatorAfterMount(r *http.Request, name string) bool {
	raw := r.URL.EscapedPath()
	if !strings.Contains(raw, "%") {
		return false
	}
	mount := 0
	if strings.HasSuffix(r.URL.Path, name) {
		mount = len(r.URL.Path) - len(name)
	}
	i := 0
	for decoded := 0; i < len(raw) && decoded < mount; decoded++ {
		if raw[i] == '%' {
			i += 3
		} else {
			i++
		}
	}
	if i > len(raw) {
		i = 0
	}
	rest := strings.ToLower(raw[i:])
	return strings.Contains(rest, "%2f") || strings.Contains(rest, "%5c")
}

func notFoundStatic(w http.ResponseWriter, r *http.Request) {
	RenderError(w, r, NotFound("The requested file was not found."))
}

// redirectStatic answers a 301 to target, a path relative to the
// request's, with the query kept. target is one escaped segment, so the
// Location has no host and cannot start with "//"; "./" guards a colon
// that would read as a scheme.
func redirectStatic(w http.ResponseWriter, r *http.Request, target string) {
	if target != "./" {
		target = url.PathEscape(strings.TrimSuffix(target, "/")) + "/"
		if strings.Contains(target, ":") {
			target = "./" + target
		}
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	RenderError(w, r, PermanentRedirect(target)) // Static answers GET and HEAD only: a 301
}

func (h *staticHandler) serveDir(w http.ResponseWriter, r *http.Request, t tree, dir string) {
	if h.opts.Index != "" {
		index := path.Join(dir, h.opts.Index)
		if fi, err := t.Stat(index); err == nil && fi.Mode().IsRegular() {
			h.serveFile(w, r, t, index)
			return
		}
	}
	if !h.opts.ListDirs {
		notFoundStatic(w, r)
		return
	}
	h.listDir(w, r, t, dir)
}

func (h *staticHandler) serveFile(w http.ResponseWriter, r *http.Request, t tree, name string) {
	f, err := t.Open(name)
	if err != nil {
		notFoundStatic(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		notFoundStatic(w, r)
		return
	}
	content, err := seekable(f, fi.Size())
	if err != nil {
		RenderError(w, r, fmt.Errorf("views.Static: %s: %w", name, err))
		return
	}
	etag, err := h.etag(name, fi, content)
	if err != nil {
		RenderError(w, r, fmt.Errorf("views.Static: %s: %w", name, err))
		return
	}
	hdr := w.Header()
	hdr.Set("ETag", etag)
	if h.opts.CacheControl != "" {
		hdr.Set("Cache-Control", h.opts.CacheControl)
	}
	if rng := r.Header.Get("Range"); rng != "" && strings.Count(rng, ",") >= maxRanges {
		r = r.WithContext(r.Context())
		r.Header = r.Header.Clone()
		r.Header.Del("Range")
	}
	http.ServeContent(w, r, path.Base(name), fi.ModTime(), content)
}

// seekable returns f as an io.ReadSeeker, which ServeContent needs for
// ranges and sniffing: an *os.File or an embed file is one; a file that
// can only ReadAt gets a SectionReader; a small file that can do neither
// is read into memory.
func seekable(f fs.File, size int64) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	if ra, ok := f.(io.ReaderAt); ok {
		return io.NewSectionReader(ra, 0, size), nil
	}
	if size > maxUnseekable {
		return nil, errors.New("the file cannot seek and is too large to buffer")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxUnseekable+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxUnseekable {
		return nil, errors.New("the file cannot seek and is too large to buffer")
	}
	return bytes.NewReader(data), nil
}

// etag returns the file's strong ETag: mtime and size, or a content
// hash when the file has no modification time.
func (h *staticHandler) etag(name string, fi fs.FileInfo, content io.ReadSeeker) (string, error) {
	if mt := fi.ModTime(); !mt.IsZero() {
		return `"` + strconv.FormatInt(mt.UnixNano(), 36) + "-" + strconv.FormatInt(fi.Size(), 36) + `"`, nil
	}
	key := etagKey{name, fi.Size()}
	if v, ok := h.hashes.Load(key); ok {
		return v.(string), nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, content); err != nil {
		return "", err
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum.Sum(nil)[:18]) + `"`
	h.hashes.Store(key, etag)
	return etag, nil
}

// listDir writes an HTML listing of dir: names escaped, links relative
// and prefixed with "./" (so "a:b" is not a scheme), directories with a
// trailing slash, dotfiles hidden unless allowed, names Static would
// refuse left out.
func (h *staticHandler) listDir(w http.ResponseWriter, r *http.Request, t tree, dir string) {
	f, err := t.Open(dir)
	if err != nil {
		notFoundStatic(w, r)
		return
	}
	defer f.Close()
	rd, ok := f.(fs.ReadDirFile)
	if !ok {
		notFoundStatic(w, r)
		return
	}
	entries, err := rd.ReadDir(-1)
	if err != nil {
		RenderError(w, r, fmt.Errorf("views.Static: listing %s: %w", dir, err))
		return
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	var b strings.Builder
	title := html.EscapeString(r.URL.Path)
	fmt.Fprintf(&b, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>Index of %s</title>\n<h1>Index of %s</h1>\n<ul>\n", title, title)
	for _, e := range entries {
		n := e.Name()
		if !h.validName(n) || strings.Contains(n, "/") {
			continue
		}
		if e.IsDir() {
			n += "/"
		}
		href := "./" + url.PathEscape(strings.TrimSuffix(n, "/"))
		if e.IsDir() {
			href += "/"
		}
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(href), html.EscapeString(n))
	}
	b.WriteString("</ul>\n")
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, b.String())
	}
}
