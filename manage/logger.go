package manage

import (
	"io"
	"log/slog"
	"strings"

	"github.com/hoop-go/hoop/settings"
)

// NewLogger returns the site's logger: slog writing to w in the format
// of the log_format setting (text or JSON) and keeping the records at
// log_level and above. runserver and Serve's callers give it to the
// site, whose request log (middleware.Logger) writes one record per
// request through it.
func NewLogger(s settings.Settings, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: settings.LogLevels[strings.ToLower(s.LogLevel)]}
	if s.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
