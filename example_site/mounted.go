package examplesite

import (
	"html/template"
	"io"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// mounted is a plain net/http ServeMux, mounted in the conf under
// /mounted/ (urls.go): everything under the prefix is its to route, and
// it sees the path without the prefix, so its own "/ping" answers
// /mounted/ping. Any http.Handler mounts the same way: a chi or
// gorilla/mux router, a file server, a gRPC gateway.
func mounted() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "pong")
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// Links inside the mount are built from the mount point, which
		// reverses like any named entry.
		base, err := views.Reverse(r, "mounted")
		if err != nil {
			views.RenderError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = mountedPage.Execute(w, map[string]string{"Ping": base + "ping", "Seen": r.URL.Path, "Sent": views.OriginalURL(r).Path})
	})
	return mux
}

var mountedPage = template.Must(template.New("mounted").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A mounted ServeMux</title></head>
<body><h1>A net/http ServeMux, mounted</h1>
<p>It saw the path <code>{{.Seen}}</code>; the client sent <code>{{.Sent}}</code>.</p>
<p><a href="{{.Ping}}">{{.Ping}}</a> is its own <code>GET /ping</code>.</p>
</body></html>
`))
