package manage_test

import (
	"log/slog"
	"net/http"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site's cmd/mysite/main.go: the site's settings (usually embedded with
// go:embed) and a function that builds its dispatcher. "go run
// ./cmd/mysite" then serves it, with -addr and -settings.
func ExampleMain() {
	newSite := func(s settings.Settings, logger *slog.Logger) (*dispatcher.Dispatcher, error) {
		conf, err := urlconf.New(urlconf.Entries(urlconf.Path("", "index")))
		if err != nil {
			return nil, err
		}
		reg := views.NewRegistry()
		reg.HandleFunc("index", func(w http.ResponseWriter, r *http.Request) {})
		return dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: logger, LogRequests: true})
	}
	if false { // Main runs until SIGINT; not in an example.
		manage.Main(manage.Site{Name: "my site", Settings: []byte("debug = true\n"), New: newSite})
	}
}
