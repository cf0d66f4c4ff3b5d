package manage_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
)

// The log_format and log_level settings choose the handler and the
// level of the site's logger.
func TestNewLogger(t *testing.T) {
	tests := []struct {
		format, level string
		json          bool
		info, warn    bool // kept
	}{
		{"text", "info", false, true, true},
		{"json", "info", true, true, true},
		{"json", "WARN", true, false, true},
		{"text", "error", false, false, false},
		{"text", "debug", false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.format+" "+tt.level, func(t *testing.T) {
			s := settings.Default()
			s.LogFormat, s.LogLevel = tt.format, tt.level
			var out strings.Builder
			log := manage.NewLogger(s, &out)
			log.Info("request", "path", "/a\n")
			log.Warn("disallowed host")
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if out.Len() == 0 {
				lines = nil
			}
			want := 0
			for _, kept := range []bool{tt.info, tt.warn} {
				if kept {
					want++
				}
			}
			if len(lines) != want {
				t.Fatalf("%d records, want %d:\n%s", len(lines), want, out.String())
			}
			for _, line := range lines {
				var v map[string]any
				if isJSON := json.Unmarshal([]byte(line), &v) == nil; isJSON != tt.json {
					t.Errorf("record %q: JSON %v, want %v", line, isJSON, tt.json)
				}
			}
		})
	}
}
