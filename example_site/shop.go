package examplesite

import (
	"fmt"
	"html"
	"net/http"
	"strconv"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// The shop is CherryPy-style object dispatch: below /shop/, path segments
// name the exposed methods of a controller and of its sub-controllers.
func shopURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("shop/", "shop"),
		urlconf.Path("shop/<path:rest>", "shop"),
	}
}

func registerShop(reg *views.Registry) {
	reg.Handle("shop", views.Object(&shop{Login: &shopLogin{}}, views.ObjectOptions{}))
}

// loggedInCookie marks a shopper as logged in. It is a demo, not
// authentication: sessions give real logins.
const loggedInCookie = "shop_user"

var products = []string{"kettle", "teapot", "cups"}

// shop is the root controller: /shop/ and /shop/item/<n>/.
type shop struct {
	Login *shopLogin // the sub-controller at /shop/login/
}

func (s *shop) Exposed() []string { return []string{"Index", "Item"} }

func (s *shop) Index(r *http.Request) (any, error) {
	page := "<h1>Shop</h1><ul>"
	for i, p := range products {
		page += fmt.Sprintf(`<li><a href="/shop/item/%d/">%s</a></li>`, i, p)
	}
	return page + `</ul><p><a href="/shop/login/">Log in</a></p>`, nil
}

// Item takes the rest of the path as arguments: /shop/item/1/.
func (s *shop) Item(r *http.Request, args ...string) (any, error) {
	if len(args) != 1 {
		return nil, views.NotFound("An item URL names one item.")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 0 || n >= len(products) {
		return nil, views.NotFound("No such item.")
	}
	return "<h1>" + html.EscapeString(products[n]) + "</h1>", nil
}

// shopLogin's filter is the classic "if logged in, redirect": a shopper
// who is already logged in never sees the login page.
type shopLogin struct{}

func (l *shopLogin) Exposed() []string { return []string{"Index"} }

func (l *shopLogin) Before(r *http.Request) error {
	if _, err := r.Cookie(loggedInCookie); err == nil {
		return views.Redirect("/shop/")
	}
	return nil
}

func (l *shopLogin) Index(w http.ResponseWriter, r *http.Request, _ []string) {
	if r.Method == http.MethodPost {
		http.SetCookie(w, &http.Cookie{Name: loggedInCookie, Value: "demo", Path: "/shop/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		views.Redirect("/shop/").ServeHTTP(w, r)
		return
	}
	fmt.Fprint(w, `<h1>Log in</h1><form method="post"><button>Log in</button></form>`)
}
