// Package blog is the example site's reusable app: its own URL conf and
// views, included by the site under a prefix and a namespace.
package blog

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// AppName is the app's namespace; sites include it with
// urlconf.AppName(blog.AppName).
const AppName = "blog"

// URLs is the app's URL conf, relative to wherever a site includes it.
func URLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("", "blog.index", urlconf.Name("index")),
		urlconf.Path("<int:year>/", "blog.year", urlconf.Name("year")),
		urlconf.Path("<int:year>/<slug:slug>/", "blog.detail", urlconf.Name("detail")),
	}
}

// Register adds the app's views to a site's registry.
func Register(reg *views.Registry) {
	reg.HandleFunc("blog.index", index)
	reg.HandleFunc("blog.year", year)
	reg.HandleFunc("blog.detail", detail)
}

var page = template.Must(template.New("blog").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>{{.Title}}</h1><p>{{.Body}}</p><p>Namespace: {{.Namespace}}</p></body></html>
`))

func render(w http.ResponseWriter, r *http.Request, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	ns := ""
	if m := views.MatchOf(r); m != nil {
		ns = m.Namespace
	}
	_ = page.Execute(w, map[string]string{"Title": title, "Body": body, "Namespace": ns})
}

func index(w http.ResponseWriter, r *http.Request) {
	render(w, r, "Blog", "Posts by year: /blog/2003/, and one post: /blog/2003/intro/.")
}

func year(w http.ResponseWriter, r *http.Request) {
	render(w, r, "Posts of "+r.PathValue("year"), "No posts that year yet.")
}

// detail shows the typed kwargs too: the int converter gives an int.
func detail(w http.ResponseWriter, r *http.Request) {
	y, _ := views.MatchOf(r).Kwargs["year"].(int)
	render(w, r, r.PathValue("slug"), fmt.Sprintf("Written in %d, %d years after 2000.", y, y-2000))
}
