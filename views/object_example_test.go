package views_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// exampleShop is a controller: its exposed methods are pages below its mount
// point, and its exported Account field is a sub-controller.
type exampleShop struct {
	Account *exampleAccount
}

func (s *exampleShop) Exposed() []string { return []string{"Index", "AddItem"} }

func (s *exampleShop) Index(r *http.Request) (any, error) { return "Welcome to the shop.", nil }

// AddItem answers /shop/add_item/<sku>/<qty>/: the extra segments are its
// arguments.
func (s *exampleShop) AddItem(r *http.Request, args ...string) (any, error) {
	return "Added " + strings.Join(args, " x "), nil
}

// Restock is exported but not exposed: no URL reaches it.
func (s *exampleShop) Restock(r *http.Request) (any, error) { return "Restocked.", nil }

// exampleAccount's filter sends visitors who are not logged in to the
// login page before any of its methods run.
type exampleAccount struct{}

func (a *exampleAccount) Exposed() []string { return []string{"Index", "Orders"} }

func (a *exampleAccount) Before(r *http.Request) error {
	if _, err := r.Cookie("session"); err != nil {
		return views.Redirect("/login/")
	}
	return nil
}

func (a *exampleAccount) Index(r *http.Request) (any, error)  { return "Your account.", nil }
func (a *exampleAccount) Orders(r *http.Request) (any, error) { return "Your orders.", nil }

func ExampleObject() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^shop/(?P<rest>.*)$`, "shop"),
	))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	// Object panics here, at start-up, if Exposed names a method that is
	// missing or has the wrong signature.
	reg.Handle("shop", views.Object(&exampleShop{Account: &exampleAccount{}}, views.ObjectOptions{}))
	site, err := dispatcher.New(conf, reg, dispatcher.Options{})
	if err != nil {
		panic(err)
	}

	get := func(path string, loggedIn bool) {
		req := httptest.NewRequest("GET", path, nil)
		if loggedIn {
			req.AddCookie(&http.Cookie{Name: "session", Value: "abc"})
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, req)
		if loc := rec.Header().Get("Location"); loc != "" {
			fmt.Println(path, rec.Code, "->", loc)
			return
		}
		body := rec.Body.String()
		if rec.Code == http.StatusNotFound {
			body = "(not found)"
		}
		fmt.Println(path, rec.Code, body)
	}
	get("/shop/", false)
	get("/shop/add_item/sku-42/3/", false)
	get("/shop/restock/", false)
	get("/shop/account/orders/", false)
	get("/shop/account/orders/", true)
	// Output:
	// /shop/ 200 Welcome to the shop.
	// /shop/add_item/sku-42/3/ 200 Added sku-42 x 3
	// /shop/restock/ 404 (not found)
	// /shop/account/orders/ 302 -> /login/
	// /shop/account/orders/ 200 Your orders.
}
