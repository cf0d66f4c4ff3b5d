// Command devserver runs a hoop site for development: by default the
// example site, on 127.0.0.1:8000.
//
//	go run ./cmd/devserver                  # serve the example site, reloading on change
//	go run ./cmd/devserver -addr :9000      # on another address
//	go run ./cmd/devserver -settings my.toml
//	go run ./cmd/devserver -noreload        # a plain server
//	go run ./cmd/devserver urls             # also: resolve, reverse, check (each with -json)
//	go run ./cmd/devserver startsite mysite # write a new site
//	go run ./cmd/devserver gen-urls         # the example site's typed URLs
//
// In debug mode it rebuilds and restarts the site when its Go files
// change, keeping the listening socket, and shows build errors in the
// browser. It logs one line per request and stops gracefully on SIGINT or
// SIGTERM.
// A site of your own gets the same command by calling manage.Main from its
// main function.
package main

import (
	"os"
	"strings"

	examplesite "github.com/hoop-go/hoop/example_site"
	"github.com/hoop-go/hoop/manage"
)

func main() {
	// A development command: with no subcommand it is runserver, where a
	// site's own binary would serve for production.
	if len(os.Args) == 1 || strings.HasPrefix(os.Args[1], "-") {
		os.Args = append([]string{os.Args[0], "runserver"}, os.Args[1:]...)
	}
	manage.Main(manage.Site{
		Name:     "the hoop example site",
		Settings: examplesite.SettingsTOML,
		New:      examplesite.New,
		URLsFile: "example_site/urls/urls.go", // gen-urls, go generate ./...
	})
}
