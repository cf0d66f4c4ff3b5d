package sessions_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A site gets sessions from its settings (here the defaults: the memory
// store) and adds the middleware to its dispatcher.
func ExampleNew() {
	s := settings.Default()
	s.Debug = true // the cookie is not Secure: plain HTTP works

	sm, err := sessions.New(s, sessions.Options{})
	if err != nil {
		log.Fatal(err) // an unreachable store, a missing table...
	}
	defer sm.Close()

	reg := views.NewRegistry()
	reg.HandleFunc("counter", func(w http.ResponseWriter, r *http.Request) {
		n := sessions.GetInt(r, "visits") + 1
		sessions.Put(r, "visits", n)
		fmt.Fprintf(w, "visit %d", n)
	})
	conf, err := urlconf.New(func() []urlconf.Entry {
		return []urlconf.Entry{urlconf.Path("", "counter")}
	})
	if err != nil {
		log.Fatal(err)
	}
	site, err := dispatcher.New(conf, reg, dispatcher.Options{
		Settings:   &s,
		Middleware: []func(http.Handler) http.Handler{sm.Middleware},
	})
	if err != nil {
		log.Fatal(err)
	}

	var cookie *http.Cookie
	for range 3 {
		req := httptest.NewRequest("GET", "/", nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, req)
		if c := rec.Result().Cookies(); len(c) > 0 {
			cookie = c[0]
		}
		fmt.Println(rec.Body.String())
	}
	// Output:
	// visit 1
	// visit 2
	// visit 3
}

// Login records the user under a new token; Logout destroys the session.
func ExampleLogin() {
	sm, err := sessions.New(testSettings(), sessions.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer sm.Close()
	login := sm.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sessions.Login(r, "ada")
		fmt.Println("logged in as", sessions.UserID(r))
	}))
	rec := httptest.NewRecorder()
	login.ServeHTTP(rec, httptest.NewRequest("POST", "/login/", nil))
	fmt.Println(rec.Result().Cookies()[0].Name)
	// Output:
	// logged in as ada
	// hoop_session
}
