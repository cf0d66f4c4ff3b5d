package examplesite

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"mime"
	"net/http"

	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/views"
)

// register adds the site's own views to reg.
func register(reg *views.Registry, maxBody int64) {
	reg.HandleFunc("pages.index", index)
	reg.HandleFunc("pages.hello", hello)
	reg.HandleFunc("pages.year_archive", yearArchive)
	reg.Handle("api.echo", echo{maxBody: maxBody})
	reg.HandleFunc("pages.client", client) // client.go
}

var pages = template.Must(template.New("pages").Parse(`
{{define "index"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hoop example site</title>
<link rel="stylesheet" href="{{.Assets "css/site.css"}}"></head>
<body>
<h1>hoop example site</h1>
<p>Every link on this page is written by the site's typed URL functions (package urls, from gen-urls).</p>
<ul>
<li><a href="{{.Hello "José"}}">{{.Hello "José"}}</a>: a named group, \w+ in Unicode</li>
<li><a href="{{.YearArchive 2003}}">{{.YearArchive 2003}}</a>: a path() route with an int converter</li>
<li><a href="{{.Blog.Index}}">{{.Blog.Index}}</a>: an included app with a namespace</li>
<li><code>curl -d '{"a":1}' -H 'Content-Type: application/json' localhost:8000{{.API.Echo}}?q=1</code>: a JSON echo API,
a part of the site with its own middleware and JSON error pages (<a href="/api/nowhere/">/api/nowhere/</a>)</li>
<li><a href="{{.Mounted}}">{{.Mounted}}</a>: a net/http ServeMux mounted in the conf; its own <code>/ping</code> is <a href="{{.Mounted}}ping">{{.Mounted}}ping</a></li>
<li><a href="/nowhere/">/nowhere/</a>: the site's own 404 (the technical 404 in debug mode)</li>
<li><a href="{{.Time}}">{{.Time}}</a>: a view that returns JSON</li>
<li><a href="{{.Contact}}">{{.Contact}}</a>: a method view; POST redirects with views.Redirect</li>
<li><a href="{{.Members}}">{{.Members}}</a>: an HTTP error raised by a view (403)</li>
<li><a href="{{.OldHome}}">{{.OldHome}}</a>: a view that redirects for good</li>
<li><a href="{{.About "you"}}">{{.About "you"}}</a>: a template view</li>
<li><a href="{{.Assets "css/site.css"}}">{{.Assets "css/site.css"}}</a>: static files</li>
<li><a href="/shop/">/shop/</a>: object dispatch, with a filter on <a href="/shop/login/">/shop/login/</a></li>
<li><a href="{{.Ajax}}">{{.Ajax}}</a>: a page whose script shows an endpoint's JSON error</li>
<li><a href="{{.Live}}">{{.Live}}</a>: a WebSocket echo ({{.WsEcho}}) and server-sent events ({{.Events}}), through the middleware and sessions</li>
<li><a href="{{.Sessions.Counter}}">{{.Sessions.Counter}}</a>: a counter kept in the session;
<a href="{{.Sessions.Login}}">{{.Sessions.Login}}</a> renews the token, and its filter sends logged-in users on;
<a href="{{.Sessions.Welcome}}">{{.Sessions.Welcome}}</a> needs a login</li>
</ul>
</body></html>
{{end}}
{{define "hello"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hello</title></head>
<body><h1>Hello, {{.}}!</h1></body></html>
{{end}}
{{define "year"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.}} archive</title></head>
<body><h1>Articles of {{.}}</h1><p>The year is an int in the view: next year is {{.Next}}.</p></body></html>
{{end}}
{{define "404"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not here</title></head>
<body><h1>This page is not on the example site</h1><p><a href="{{.Index}}">Back to the start</a></p></body></html>
{{end}}
`))

// index links to every demo, with the typed URL functions as the
// template's data.
func index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.ExecuteTemplate(w, "index", urls.Of(r))
}

// hello greets the user named in the URL; html/template escapes it.
func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.ExecuteTemplate(w, "hello", r.PathValue("username"))
}

type archiveYear int

func (y archiveYear) Next() int { return int(y) + 1 }

// yearArchive reads the year as the int the converter made of it.
func yearArchive(w http.ResponseWriter, r *http.Request) {
	year, _ := views.MatchOf(r).Kwargs["year"].(int)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pages.ExecuteTemplate(w, "year", archiveYear(year))
}

// notFound is the site's own 404 page, JSON for scripts like every hoop
// error page.
func notFound(w http.ResponseWriter, r *http.Request) {
	if handler404.WantsJSON(r) {
		handler404.Write(w, r, handler404.Problem{Status: http.StatusNotFound, Detail: "This page is not on the example site."})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_ = pages.ExecuteTemplate(w, "404", urls.Of(r))
}

// echo answers with what it received: method, path, query, declared
// Content-Length and the body, decoded when it is JSON.
type echo struct{ maxBody int64 }

type echoReply struct {
	Method        string              `json:"method"`
	Path          string              `json:"path"`
	Query         map[string][]string `json:"query"`
	ContentLength int64               `json:"content_length"`
	ContentType   string              `json:"content_type,omitempty"`
	JSON          any                 `json:"json,omitempty"`
	Text          string              `json:"text,omitempty"`
}

func (e echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := echoReply{
		Method:        r.Method,
		Path:          r.URL.Path,
		Query:         r.URL.Query(),
		ContentLength: r.ContentLength,
		ContentType:   r.Header.Get("Content-Type"),
	}
	mediaType, _, _ := mime.ParseMediaType(reply.ContentType)
	if mediaType == "application/json" && r.ContentLength != 0 {
		// JSON is decoded whole, value by value: DecodeJSON's smaller
		// limit (1 MiB) and its depth and value bounds apply.
		var he *views.HTTPError
		if err := views.DecodeJSON(r, &reply.JSON, 0); errors.As(err, &he) {
			problem(w, r, he.Status, he.Detail)
			return
		}
	} else {
		if r.ContentLength > e.maxBody {
			problem(w, r, http.StatusRequestEntityTooLarge, "The body is larger than the limit of the echo API.")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, e.maxBody))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, r, http.StatusRequestEntityTooLarge, "The body is larger than the limit of the echo API.")
			return
		}
		if err != nil {
			problem(w, r, http.StatusBadRequest, "The body could not be read.")
			return
		}
		reply.Text = string(body)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(reply)
}

// problem answers an API error as problem details, whatever the client
// asked for: the echo API only speaks JSON.
func problem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept", "application/json")
	handler404.Write(w, r, handler404.Problem{Status: status, Detail: detail})
}
