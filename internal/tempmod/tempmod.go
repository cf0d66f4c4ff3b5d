// Package tempmod makes throwaway Go modules that require this checkout
// of hoop, for tests that build and test generated code as a user's
// module would.
package tempmod

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Root is the directory of the hoop checkout this package is in.
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("tempmod: cannot tell where the hoop checkout is")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// New writes go.mod and go.sum into dir for a module named module that
// requires hoop from this checkout (a replace directive) and every module
// hoop requires, at hoop's versions, so it builds offline from the module
// cache that built hoop.
func New(t testing.TB, dir, module string) {
	t.Helper()
	root := Root(t)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\ngo %s\n\nrequire github.com/hoop-go/hoop v0.0.0-00010101000000-000000000000\n\nrequire (\n", module, goVersion(gomod))
	for _, req := range requirements(gomod) {
		fmt.Fprintf(&b, "\t%s // indirect\n", req)
	}
	fmt.Fprintf(&b, ")\n\nreplace github.com/hoop-go/hoop => %s\n", root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Go runs the go command in dir and returns its combined output. It
// fails the test when the command fails.
func Go(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goCommand(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// goCommand is the go command of the toolchain running the test.
func goCommand() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func goVersion(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "go" {
			return f[1]
		}
	}
	return "1.25"
}

// requirements lists the require directives of a go.mod as "path version".
func requirements(gomod []byte) []string {
	var reqs []string
	block := false
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
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
