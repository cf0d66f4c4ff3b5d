package manage

import (
	"strings"
	"testing"

	"github.com/hoop-go/hoop/settings"
)

func TestWarnPublicDebug(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		debug bool
		warn  bool
	}{
		{"127.0.0.1:8000", true, false},
		{"[::1]:8000", true, false},
		{"localhost:8000", true, false},
		{"127.0.0.2:8000", true, false},
		{"0.0.0.0:8000", true, true},
		{":8000", true, true},
		{"[::]:8000", true, true},
		{"192.0.2.10:8000", true, true},
		{"0.0.0.0:8000", false, false},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			s := settings.Default()
			s.Debug, s.Addr = tc.debug, tc.addr
			var out strings.Builder
			warnPublicDebug(s, &out)
			if got := strings.Contains(out.String(), "WARNING: debug is on and the site listens on "+tc.addr); got != tc.warn {
				t.Errorf("debug %v on %s: warned %v (%q), want %v", tc.debug, tc.addr, got, out.String(), tc.warn)
			}
		})
	}
}
