package examplesite

import (
	"html/template"
	"net/http"
	"time"

	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// kindURLs shows each kind of view hoop has, and HTTP errors raised from
// views. It is included at the root by URLs.
func kindURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("kinds/time/", "kinds.time", urlconf.Name("time")),
		urlconf.Path("kinds/contact/", "kinds.contact", urlconf.Name("contact")),
		urlconf.Path("kinds/thanks/", "kinds.thanks", urlconf.Name("thanks")),
		urlconf.Path("kinds/members/", "kinds.members", urlconf.Name("members")),
		urlconf.Path("kinds/old-home/", "kinds.old_home", urlconf.Name("old-home")),
		urlconf.Path("kinds/about/<str:who>/", "kinds.about", urlconf.Name("about")),
		urlconf.Path("kinds/only-get/", "kinds.only_get", urlconf.Methods(http.MethodGet)),
		urlconf.Path("ajax/", "kinds.ajax", urlconf.Name("ajax")),
		urlconf.Path("api/fail/", "kinds.fail", urlconf.Name("fail")),
		urlconf.Path("assets/<path:path>", "kinds.assets", urlconf.Name("assets")),
	}
}

func registerKinds(reg *views.Registry) {
	// A function view that returns its response.
	reg.Handle("kinds.time", views.Func(func(r *http.Request) (any, error) {
		return views.JSON(map[string]string{"now": time.Now().UTC().Format(time.RFC3339)}), nil
	}))
	// A method view: one handler per HTTP method.
	reg.Handle("kinds.contact", views.MethodView(contactView{}))
	reg.Handle("kinds.thanks", views.Func(func(*http.Request) (any, error) {
		return "<h1>Thanks, we got your message.</h1>", nil
	}))
	// An HTTP error raised from a view.
	reg.Handle("kinds.members", views.Func(func(*http.Request) (any, error) {
		return nil, views.Forbidden("This page is for members only.")
	}))
	// Generic views.
	reg.Handle("kinds.old_home", views.Func(func(r *http.Request) (any, error) {
		return views.PermanentRedirect(urls.Of(r).Index()), nil
	}))
	reg.Handle("kinds.about", views.TemplateView{Template: aboutPage})
	reg.Handle("kinds.only_get", views.Func(func(*http.Request) (any, error) { return views.Text("GET or HEAD only"), nil }))
	// Static files, embedded.
	reg.Handle("kinds.assets", assetsView())
	// The AJAX page and the endpoint it calls, which fails.
	reg.Handle("kinds.ajax", views.TemplateView{Template: ajaxPage, Data: func(r *http.Request) (map[string]any, error) {
		return map[string]any{"URLs": urls.Of(r)}, nil
	}})
	reg.Handle("kinds.fail", views.Func(func(*http.Request) (any, error) {
		return nil, views.Error(http.StatusConflict, "The order was already shipped; it cannot be changed.")
	}))
}

// contactView is a method view: GET shows the form, POST redirects with
// views.Redirect (303 after a POST, so the browser follows with a GET) to
// the URL of "thanks", from the site's typed URL functions.
type contactView struct{}

func (contactView) Get(r *http.Request) (any, error) {
	return `<form method="post"><textarea name="message"></textarea><button>Send</button></form>`, nil
}

func (contactView) Post(r *http.Request) (any, error) {
	if r.PostFormValue("message") == "" {
		return nil, views.BadRequest("The message is empty.")
	}
	return nil, views.Redirect(urls.Of(r).Thanks())
}

var aboutPage = template.Must(template.New("about").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>About {{.who}}</title></head>
<body><h1>About {{.who}}</h1><p>A template view: the kwargs are the template's data.</p></body></html>
`))

// ajaxPage calls an endpoint that fails and shows the error from its
// JSON body: hoop answers problem details to scripts, HTML to browsers.
var ajaxPage = template.Must(template.New("ajax").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AJAX error handling</title>
<link rel="stylesheet" href="{{.URLs.Assets "css/site.css"}}"></head>
<body>
<h1>Change my order</h1>
<button id="change">Change the order</button>
<p id="error" role="alert" hidden></p>
<script>
document.getElementById("change").addEventListener("click", async () => {
  const out = document.getElementById("error");
  const res = await fetch({{.URLs.Fail}}, {method: "POST", headers: {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}});
  if (!res.ok) {
    const problem = await res.json();
    out.textContent = problem.title + ": " + problem.detail;
    out.hidden = false;
  }
});
</script>
</body></html>
`))
