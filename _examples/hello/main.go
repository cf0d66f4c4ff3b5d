package main

import (
	"net/http"

	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func hello(r *http.Request) (any, error) {
	return views.Text("Hello, " + r.PathValue("name") + "!\n"), nil
}

func main() {
	manage.Main(manage.Site{
		DevSettings: []byte(`debug = true`), // runserver only: production sets its own
		URLs: urlconf.Entries(
			views.Path("", "index", views.Redirect("/hello/world/")),
			views.Path("hello/<name>/", "hello", views.Func(hello)),
		),
	})
}
