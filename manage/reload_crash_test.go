package manage

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRestartDelay(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{
		{1, 0}, {2, 250 * time.Millisecond}, {3, 500 * time.Millisecond}, {4, time.Second},
		{6, 4 * time.Second}, {7, 8 * time.Second}, {8, 8 * time.Second}, {100, 8 * time.Second},
	} {
		if got := restartDelay(tc.n); got != tc.want {
			t.Errorf("restartDelay(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestTailKeepsTheLastLines(t *testing.T) {
	for _, tc := range []struct {
		name    string
		written []string
		first   string // the first line shown
		last    string
	}{
		{"nothing", nil, "", "The site wrote nothing."},
		{"a few lines", []string{"a\nb\n", "c"}, "a", "c"},
		{"many lines", func() (w []string) {
			for i := range 100 {
				w = append(w, fmt.Sprintf("line %d\n", i))
			}
			return w
		}(), "line 60", "line 99"},
		{"many bytes", []string{strings.Repeat("x", 3*tailBytes) + "\nend\n"}, strings.Repeat("x", tailBytes-len("\nend\n")), "end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := &tail{}
			for _, w := range tc.written {
				out.Write([]byte(w))
			}
			got := out.String()
			lines := strings.Split(strings.TrimPrefix(got, "The last lines it wrote:\n\n"), "\n")
			if tc.first != "" && lines[0] != tc.first || lines[len(lines)-1] != tc.last {
				t.Errorf("tail = %.80q ... %q", lines[0], lines[len(lines)-1])
			}
			if len(got) > tailBytes+100 {
				t.Errorf("tail holds %d bytes", len(got))
			}
		})
	}
}
