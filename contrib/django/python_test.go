package django

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// debianPython is the interpreter with Debian's python3-django. Other
// Pythons on PATH (virtualenvs, pyenv) may have another Django or none.
const debianPython = "/usr/bin/python3"

// djangoPython returns the Python with Django and Django's version. The
// test is skipped without it, and fails under CI=true, where .ci/run
// installs python3-django.
func djangoPython(t *testing.T) (python, version string) {
	t.Helper()
	out, err := exec.Command(debianPython, "-c", "import django; print(django.get_version())").CombinedOutput()
	if err == nil {
		return debianPython, strings.TrimSpace(string(out))
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s cannot import django (%v: %s); CI must install Debian's python3-django (.ci/run does)", debianPython, err, strings.TrimSpace(string(out)))
	}
	t.Skipf("%s cannot import django: skipping the tests that need a real Django (apt-get install python3-django)", debianPython)
	return "", ""
}

// pythonCmd runs python in dir with the exporter importable and without
// writing bytecode into the source tree.
func pythonCmd(t *testing.T, python, dir string, args ...string) *exec.Cmd {
	t.Helper()
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+here, "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1")
	return cmd
}

// TestExporter runs the exporter's own tests (Python unittest) under
// Debian's Django.
func TestExporter(t *testing.T) {
	python, version := djangoPython(t)
	cmd := pythonCmd(t, python, ".", "-m", "unittest", "discover", "-s", "hoop_export/tests", "-t", ".", "-v")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the exporter's tests failed under Django %s: %v\n%s", version, err, out)
	}
	t.Logf("Django %s:\n%s", version, out)
}
