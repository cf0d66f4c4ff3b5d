package manage_test

import (
	"strings"
	"testing"
)

// help, -h and --help list every command with one line each, on stdout,
// with status 0; help COMMAND gives that command's flags.
func TestHelp(t *testing.T) {
	commands := []string{"runserver", "urls", "resolve", "reverse", "check", "startsite", "import-django", "gen-urls", "help"}
	for _, args := range [][]string{{"help"}, {"-h"}, {"-help"}, {"--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := run(t, args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for _, c := range commands {
				n := 0
				for _, line := range strings.Split(stdout, "\n") {
					if strings.HasPrefix(line, "  "+c+" ") {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%d lines for %s, want 1:\n%s", n, c, stdout)
				}
			}
		})
	}
	tests := []struct {
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{[]string{"help", "check"}, 0, []string{"check [-json] [-settings F]", "Run every check of the site; exit 1 only if one finds an error.", "Flags:", "-json", "-settings"}, nil},
		{[]string{"help", "runserver"}, 0, []string{"runserver [-addr A]", "-noreload", "-addr"}, nil},
		{[]string{"help", "startsite"}, 0, []string{"startsite [-hoop DIR]", "-module", "-tidy"}, nil},
		{[]string{"help", "import-django"}, 0, []string{"import-django [-o DIR]", "-package", "-root"}, nil},
		{[]string{"help", "frobnicate"}, 2, nil, []string{`help: unknown command "frobnicate"`, "  check "}},
		{[]string{"frobnicate"}, 2, nil, []string{`unknown command "frobnicate"`, "  resolve "}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}
