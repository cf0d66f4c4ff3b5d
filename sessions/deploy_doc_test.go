package sessions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// docs/DEPLOYMENT.md shows deploy/nginx.conf as it is: the file the
// scale-out test runs.
func TestDeploymentDocShowsNginxConf(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "DEPLOYMENT.md"))
	if err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(filepath.Join("..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(conf), "\n") {
		if !strings.HasPrefix(line, "#") {
			want = append(want, line)
		}
	}
	_, block, ok := strings.Cut(string(doc), "```nginx\n")
	block, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatal("docs/DEPLOYMENT.md has no nginx block")
	}
	if got, w := strings.TrimSpace(block), strings.TrimSpace(strings.Join(want, "\n")); got != w {
		t.Errorf("docs/DEPLOYMENT.md's nginx block differs from deploy/nginx.conf:\n%s\n---\n%s", got, w)
	}
}

// deploy/site@.service is a unit systemd accepts, when systemd-analyze
// is there to say so.
func TestDeployUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze on PATH")
	}
	dir := t.TempDir()
	unit, err := os.ReadFile(filepath.Join("..", "deploy", "site@.service"))
	if err != nil {
		t.Fatal(err)
	}
	// An instance of the template, with a binary that exists, so that
	// verify checks the unit rather than this machine.
	text := strings.ReplaceAll(string(unit), "/srv/site/bin/site", "/bin/true")
	text = strings.ReplaceAll(text, "EnvironmentFile=/etc/site/site.env", "EnvironmentFile=-/etc/site/site.env")
	path := filepath.Join(dir, "site@8001.service")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "System has not been booted with systemd") || strings.Contains(string(out), "Failed to connect") {
			t.Skipf("systemd-analyze cannot run here: %s", out)
		}
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	// verify exits 0 on a key it ignores; it names the unit's line.
	if strings.Contains(string(out), path+":") {
		t.Errorf("systemd-analyze verify finds fault with the unit:\n%s", out)
	}
}
