package views_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A handler mounted with urlconf.Mount sees the path without the mount's
// prefix, as under http.StripPrefix; OriginalURL has the path as sent.
func ExampleOriginalURL() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "pong: %s, sent as %s", r.URL.Path, views.OriginalURL(r).Path)
	})
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Mount("mounted/", "mux", urlconf.Name("mounted"))))
	reg := views.NewRegistry()
	reg.Handle("mux", mux)
	d, _ := dispatcher.New(conf, reg, dispatcher.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})

	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/mounted/ping", nil))
	fmt.Println(rec.Body.String())
	// Output: pong: /ping, sent as /mounted/ping
}
