package examplesite

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// The session demos, the classics of every small framework's tutorial:
// a counter of visits, a login that renews the session token, a page
// whose filter sends logged-in users away, and logout. Sessions come
// from the settings (session_store, memory by default: nothing to
// install); site.go adds the session middleware.

// SessionURLs is the demos' URL conf, included under "sessions/" with
// the namespace "sessions".
func SessionURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("counter/", "sessions.counter", urlconf.Name("counter")),
		urlconf.Path("login/", "sessions.login", urlconf.Name("login")),
		urlconf.Path("welcome/", "sessions.welcome", urlconf.Name("welcome")),
		urlconf.Path("logout/", "sessions.logout", urlconf.Name("logout")),
	}
}

// registerSessions adds the demos' views to reg.
func registerSessions(reg *views.Registry) {
	reg.HandleFunc("sessions.counter", counter)
	reg.HandleFunc("sessions.login", anonymousOnly(login))
	reg.HandleFunc("sessions.welcome", loginRequired(welcome))
	reg.HandleFunc("sessions.logout", logout)
}

var sessionPages = template.Must(template.New("sessions").Parse(`
{{define "counter"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Visits</title></head>
<body><h1>Visits</h1>
<p>You have visited this page <strong id="visits">{{.}}</strong> time{{if ne . 1}}s{{end}} in this session.</p>
<p><small>The count is what the session store holds. A visit answered "could not confirm that this request's changes were saved" may be counted or not: the store may have saved it without saying so.</small></p>
<p><a href="">Again</a> · <a href="/">Back to the start</a></p></body></html>
{{end}}
{{define "login"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Log in</title></head>
<body><h1>Log in</h1>
{{with .Message}}<p>{{.}}</p>{{end}}
<form method="post">
<label>Name <input name="username" autofocus required></label>
<button>Log in</button>
</form>
<p>Any name will do: the demo checks no password. Logged-in users never see this page: its filter sends them to the welcome page.</p>
</body></html>
{{end}}
{{define "welcome"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Welcome</title></head>
<body><h1>Welcome, {{.Name}}!</h1>
<p>You are logged in: the session holds your name, under a token renewed at login.</p>
<form method="post" action="{{.URLs.Sessions.Logout}}"><button>Log out</button></form>
</body></html>
{{end}}
`))

// counter counts the visits of this page in the session.
func counter(w http.ResponseWriter, r *http.Request) {
	n := sessions.GetInt(r, "visits") + 1
	sessions.Put(r, "visits", n)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = sessionPages.ExecuteTemplate(w, "counter", n)
}

// login shows the form; a POST logs the user in, under a new session
// token, and goes to the welcome page.
func login(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = sessionPages.ExecuteTemplate(w, "login", map[string]string{"Message": sessions.PopString(r, "message")})
	case http.MethodPost:
		name := strings.TrimSpace(r.PostFormValue("username"))
		if name == "" || len(name) > 64 {
			sessions.Put(r, "message", "Please give a name of at most 64 characters.")
			views.Redirect(urls.Of(r).Sessions.Login()).ServeHTTP(w, r)
			return
		}
		sessions.Login(r, name)
		views.Redirect(urls.Of(r).Sessions.Welcome()).ServeHTTP(w, r)
	default:
		views.RenderError(w, r, views.MethodNotAllowed(http.MethodGet, http.MethodHead, http.MethodPost))
	}
}

// welcome greets the logged-in user.
func welcome(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = sessionPages.ExecuteTemplate(w, "welcome", map[string]any{"Name": sessions.UserID(r), "URLs": urls.Of(r)})
}

// logout destroys the session. It takes a POST only, as Django's logout
// view: a link or an image elsewhere must not log the user out.
func logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		views.RenderError(w, r, views.MethodNotAllowed(http.MethodPost))
		return
	}
	sessions.Logout(r)
	views.Redirect(urls.Of(r).Sessions.Login()).ServeHTTP(w, r)
}

// anonymousOnly is a filter for pages that make no sense once logged in,
// such as the login page: a logged-in user is redirected to the welcome
// page instead.
func anonymousOnly(view http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessions.LoggedIn(r) {
			views.Redirect(urls.Of(r).Sessions.Welcome()).ServeHTTP(w, r)
			return
		}
		view(w, r)
	}
}

// loginRequired is the opposite filter: an anonymous user is sent to the
// login page.
func loginRequired(view http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !sessions.LoggedIn(r) {
			sessions.Put(r, "message", "Please log in first.")
			views.Redirect(urls.Of(r).Sessions.Login()).ServeHTTP(w, r)
			return
		}
		view(w, r)
	}
}
