package examplesite

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// staticFiles are the site's static files, embedded in the binary so
// that the assets/ entry serves them in production too. In debug mode
// the dispatcher also serves the static_dir setting under /static/, read
// from disk, so an edited stylesheet shows without a rebuild.
//
//go:embed static
var staticFiles embed.FS

// assetsView serves the embedded static files.
func assetsView() http.Handler {
	root, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // cannot happen: "static" is embedded above
	}
	return views.Static(root, views.StaticOptions{CacheControl: "public, max-age=3600"})
}
