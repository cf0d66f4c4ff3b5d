package flash_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/flash"
	"github.com/hoop-go/hoop/settings"
)

// The message after a redirect: the POST adds it, the page the browser
// is sent to shows it, once.
func ExampleAdd() {
	s := settings.Default()
	s.SecretKey = "an-example-key-from-a-secret-store-0123456789abcdef"
	store, err := flash.CookieStore(s, nil)
	if err != nil {
		panic(err)
	}
	site := flash.Middleware(store, nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			flash.Add(r, flash.Success, "Your profile was saved.")
			http.Redirect(w, r, "/profile/", http.StatusSeeOther)
			return
		}
		for _, m := range flash.Messages(r) {
			fmt.Fprintf(w, "[%s] %s\n", m.Level, m.Text)
		}
	}))

	post := httptest.NewRecorder()
	site.ServeHTTP(post, httptest.NewRequest("POST", "/profile/", nil))
	for range 2 {
		get := httptest.NewRequest("GET", "/profile/", nil)
		for _, c := range post.Result().Cookies() {
			get.AddCookie(c)
		}
		page := httptest.NewRecorder()
		site.ServeHTTP(page, get)
		fmt.Printf("%q\n", page.Body.String())
		post = page // the cookies of this response, for the next request
	}
	// Output:
	// "[success] Your profile was saved.\n"
	// ""
}
