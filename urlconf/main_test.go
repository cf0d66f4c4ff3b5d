package urlconf

import (
	"os"
	"testing"
)

// TestMain runs the package's tests, examples and fuzz targets with no
// time limit on backtracking matches, unless a test sets one on its
// Builder: a test's regex matches must not depend on how busy the machine
// is. Every pattern without a Go form then runs to its end, so the
// patterns the tests give regexp2 must be small, or their inputs short.
func TestMain(m *testing.M) {
	untimedDefaults = true
	os.Exit(m.Run())
}
