package manage

import (
	"bytes"
	"crypto/rand"
	"embed"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"text/template"

	"github.com/hoop-go/hoop/settings"
)

// startsite, Django's startproject: a new module with a working site
// (urls.go, views.go and its tests, settings.toml and dev.toml,
// templates/, static/) and its own command, cmd/NAME, which is
// manage.Main. The site is safe as generated: hoop's standard middleware
// and sessions are wired, the settings compiled in are production's, and
// debug lives in dev.toml, which only runserver reads.

// The files of a new site. A name ending in .tmpl is a text/template
// with [[ ]] delimiters (the site's own templates use {{ }}), written
// without the suffix; others are copied as they are. cmd/main.go goes to
// cmd/NAME/main.go.
//
//go:embed scaffold
var scaffoldFS embed.FS

const hoopModule = "github.com/hoop-go/hoop"

// siteName is what NAME may be: a Go package name, and a directory and
// command name, so lower case.
var siteName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

type scaffold struct {
	Name    string // the site's name, its package and its command
	Package string
	Module  string // the new module's path
	Dir     string // where it goes
	DevKey  string // dev.toml's secret_key: random, and marked insecure

	hoopDir     string   // a hoop checkout, for a replace directive; or ""
	hoopVersion string   // the hoop version to require
	hoopReqs    []string // the checkout's requirements, "path version"
	goVersion   string   // the go directive
}

func startsiteCommand(_ Site, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("startsite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: startsite [-hoop DIR] [-module PATH] [-tidy=false] NAME [DIR]")
		fmt.Fprintln(stderr, "Writes a new hoop site, a module of its own, in DIR (default ./NAME).")
		fs.PrintDefaults()
	}
	hoopDir := fs.String("hoop", "", "a hoop checkout for the new module to use, with a replace directive (default: the one this command was built from, if any)")
	module := fs.String("module", "", "the new module's path (default NAME)")
	tidy := fs.Bool("tidy", true, "run go mod tidy in the new module")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return 2
	}
	sc := scaffold{Name: fs.Arg(0), Package: fs.Arg(0), Module: *module, Dir: fs.Arg(1)}
	if err := sc.prepare(*hoopDir); err != nil {
		fmt.Fprintf(stderr, "startsite: %v\n", err)
		return 2
	}
	if err := sc.write(); err != nil {
		fmt.Fprintf(stderr, "startsite: %v\n", err)
		return 1
	}
	from := "hoop " + sc.hoopVersion
	if sc.hoopDir != "" {
		from = "hoop from " + sc.hoopDir
	}
	fmt.Fprintf(stdout, "Wrote the site %s in %s (module %s, %s).\n", sc.Name, sc.Dir, sc.Module, from)
	if *tidy {
		if err := sc.tidy(); err != nil && sc.hoopDir == "" {
			fmt.Fprintf(stderr, "startsite: %v\nThe files are written; run \"go mod tidy\" in %s once it can succeed.\n", err, sc.Dir)
			return 1
		} else if err != nil {
			// Offline, most likely: go.mod lists every module hoop
			// requires, so the site builds as it is.
			fmt.Fprintf(stdout, "go mod tidy failed (%v); go.mod keeps all of hoop's requirements, and the site builds as it is. Run \"go mod tidy\" later to trim them.\n", err)
		}
	}
	fmt.Fprintf(stdout, "Next:\n\n\tcd %s\n\tgo run ./cmd/%s runserver    # http://127.0.0.1:8000/, debug, reloads on change\n\tgo test ./...\n", sc.Dir, sc.Name)
	return 0
}

// prepare checks the names and finds the hoop to use.
func (sc *scaffold) prepare(hoopDir string) error {
	if !siteName.MatchString(sc.Name) || token.IsKeyword(sc.Name) || sc.Name == "main" {
		return fmt.Errorf("%q cannot name a site: use lower-case letters, digits and _, starting with a letter (a Go package name, not main or a keyword)", sc.Name)
	}
	if sc.Module == "" {
		sc.Module = sc.Name
	}
	if strings.ContainsAny(sc.Module, " \t\n\"'`\\") {
		return fmt.Errorf("%q is not a module path", sc.Module)
	}
	if sc.Dir == "" {
		sc.Dir = sc.Name
	}
	if entries, err := os.ReadDir(sc.Dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty", sc.Dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	sc.DevKey = settings.InsecureKeyPrefix + rand.Text() + rand.Text()
	sc.goVersion = "1.23"
	if hoopDir == "" {
		hoopDir = hoopCheckout()
	}
	if hoopDir != "" {
		abs, err := filepath.Abs(hoopDir)
		if err != nil {
			return err
		}
		gomod, err := os.ReadFile(filepath.Join(abs, "go.mod"))
		if err != nil || modulePath(gomod) != hoopModule {
			return fmt.Errorf("-hoop %s: not a checkout of %s (no go.mod declaring it)", hoopDir, hoopModule)
		}
		if v := goDirective(gomod); v != "" {
			sc.goVersion = v
		}
		sc.hoopReqs = requirements(gomod)
		// Any version will do: the replace directive points to the
		// checkout. This one is the go command's own for "no version".
		sc.hoopDir, sc.hoopVersion = abs, "v0.0.0-00010101000000-000000000000"
		return nil
	}
	sc.hoopVersion = hoopBuildVersion()
	if sc.hoopVersion == "" {
		return fmt.Errorf("cannot tell which hoop the new site should use: pass -hoop DIR, a checkout of %s", hoopModule)
	}
	return nil
}

// hoopCheckout returns the hoop checkout this program was built from: the
// directory above this file's, if it is one (not the module cache).
func hoopCheckout() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	dir := filepath.Dir(filepath.Dir(file))
	if strings.Contains(filepath.Base(dir), "@") { // the module cache: hoop@v1.2.3
		return ""
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || modulePath(gomod) != hoopModule {
		return ""
	}
	return dir
}

// hoopBuildVersion returns the version of hoop this program was built
// with, if it is a real one.
func hoopBuildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
	for _, m := range mods {
		if m.Path == hoopModule && m.Replace == nil && m.Version != "" && m.Version != "(devel)" {
			return m.Version
		}
	}
	return ""
}

var (
	moduleLine = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?\s*$`)
	goLine     = regexp.MustCompile(`(?m)^go\s+([0-9][0-9.]*)\s*$`)
)

func modulePath(gomod []byte) string {
	if m := moduleLine.FindSubmatch(gomod); m != nil {
		return string(m[1])
	}
	return ""
}

// requirements returns the require directives of a go.mod, as "path
// version".
func requirements(gomod []byte) []string {
	var reqs []string
	block := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case block && len(f) == 1 && f[0] == ")":
			block = false
		case block && len(f) == 2:
			reqs = append(reqs, f[0]+" "+f[1])
		case len(f) == 2 && f[0] == "require" && f[1] == "(":
			block = true
		case len(f) == 3 && f[0] == "require":
			reqs = append(reqs, f[1]+" "+f[2])
		}
	}
	return reqs
}

func goDirective(gomod []byte) string {
	if m := goLine.FindSubmatch(gomod); m != nil {
		return string(m[1])
	}
	return ""
}

// write writes the site's files: none of them exists yet.
func (sc *scaffold) write() error {
	files := map[string][]byte{"go.mod": sc.goMod()}
	if sc.hoopDir != "" {
		// hoop's own checksums: the new module requires the same
		// modules, so it builds with what the module cache has.
		if sum, err := os.ReadFile(filepath.Join(sc.hoopDir, "go.sum")); err == nil {
			files["go.sum"] = sum
		}
	}
	err := fs.WalkDir(scaffoldFS, "scaffold", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := scaffoldFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "scaffold/")
		if name == "cmd/main.go.tmpl" {
			name = path.Join("cmd", sc.Name, "main.go.tmpl")
		}
		if strings.HasSuffix(name, ".tmpl") {
			name = strings.TrimSuffix(name, ".tmpl")
			if data, err = sc.render(p, data); err != nil {
				return err
			}
			if strings.HasSuffix(name, ".go") {
				if data, err = format.Source(data); err != nil {
					return fmt.Errorf("%s: %v", p, err)
				}
			}
		}
		files[name] = data
		return nil
	})
	if err != nil {
		return err
	}
	for name, data := range files {
		full := filepath.Join(sc.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (sc *scaffold) render(name string, text []byte) ([]byte, error) {
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, sc)
	return b.Bytes(), err
}

func (sc *scaffold) goMod() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\nrequire %s %s\n", sc.Module, sc.goVersion, hoopModule, sc.hoopVersion)
	if len(sc.hoopReqs) > 0 {
		// What hoop requires, so that the site builds offline as
		// written; "go mod tidy" keeps what the site uses.
		b.WriteString("\nrequire (\n")
		for _, r := range sc.hoopReqs {
			fmt.Fprintf(&b, "\t%s // indirect\n", r)
		}
		b.WriteString(")\n")
	}
	if sc.hoopDir != "" {
		fmt.Fprintf(&b, "\n// hoop is not on a module proxy: use the checkout (startsite -hoop DIR).\nreplace %s => %s\n", hoopModule, sc.hoopDir)
	}
	return b.Bytes()
}

// tidy runs "go mod tidy" in the new module: it trims go.mod and
// go.sum to what the site uses, or, without a hoop checkout, completes
// them. It may need the module proxy for modules that only other
// systems' builds or hoop's own tests use.
func (sc *scaffold) tidy() error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return errors.New("no go command on PATH")
	}
	saved := map[string][]byte{}
	for _, name := range []string{"go.mod", "go.sum"} {
		if data, err := os.ReadFile(filepath.Join(sc.Dir, name)); err == nil {
			saved[name] = data
		}
	}
	cmd := exec.Command(goCmd, "mod", "tidy")
	cmd.Dir = sc.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		for name, data := range saved { // as they were: they build
			_ = os.WriteFile(filepath.Join(sc.Dir, name), data, 0o644)
		}
		// The last line says what is missing.
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(lines[len(lines)-1]))
	}
	return nil
}
