package manage

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hoop-go/hoop/internal/genurls"
)

// gen-urls: the site's typed URL functions (internal/genurls), written
// where the Site says, for go generate:
//
//	//go:generate go run ../cmd/mysite gen-urls

// defaultURLsFile is where gen-urls writes when the Site names no file.
const defaultURLsFile = "urls/urls.go"

func genURLsCommand(site Site, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen-urls", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen-urls [-o FILE] [-package NAME] [-settings FILE]")
		fmt.Fprintln(stderr, "Writes a typed Go function for each named URL of the site, grouped by namespace.")
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "the `file` to write (default: the Site's URLsFile, "+defaultURLsFile+" if none, in the main module's root)")
	pkg := fs.String("package", "", "the package `name` (default: the file's directory's name)")
	file := fs.String("settings", "", "a TOML settings `file` over the site's own settings")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		if err == nil {
			fs.Usage()
		}
		return 2
	}
	target := *out
	if target == "" {
		root, err := moduleRoot()
		if err != nil {
			fmt.Fprintf(stderr, "gen-urls: %v; name the file with -o\n", err)
			return 1
		}
		target = site.URLsFile
		if target == "" {
			target = defaultURLsFile
		}
		target = filepath.Join(root, filepath.FromSlash(target))
	}
	if *pkg == "" {
		*pkg = filepath.Base(filepath.Dir(target))
	}
	s, err := loadSettings(site, *file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	d, err := site.build(s, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	src, err := genurls.Generate(d.Conf(), *pkg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// An unchanged file keeps its modification time: the reloading
	// devserver rebuilds nothing.
	if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, src) {
		fmt.Fprintf(stdout, "%s is up to date.\n", target)
		return 0
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(stderr, "gen-urls: %v\n", err)
		return 1
	}
	if err := os.WriteFile(target, src, 0o644); err != nil {
		fmt.Fprintf(stderr, "gen-urls: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Wrote %s.\n", target)
	return 0
}

// moduleRoot is the directory of the go.mod above the current directory:
// the main module's root under go run and go generate.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in this directory or above")
		}
		dir = parent
	}
}
