package views_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/hoop-go/hoop/views"
)

func ExampleClientIP() {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "203.0.113.7:41000"
	r.Header.Set("X-Forwarded-For", "1.2.3.4") // anyone can send it: believed only from a trusted proxy
	fmt.Println(views.ClientIP(r))
	// Output: 203.0.113.7
}

func ExampleIsSecure() {
	fmt.Println(views.IsSecure(httptest.NewRequest("GET", "https://example.com/", nil)))
	fmt.Println(views.IsSecure(httptest.NewRequest("GET", "http://example.com/", nil)))
	// Output:
	// true
	// false
}

func ExampleAbsoluteURL() {
	r := httptest.NewRequest("GET", "https://shop.example/cart/?step=2", nil)
	fmt.Println(views.AbsoluteURL(r, ""))
	fmt.Println(views.AbsoluteURL(r, "/orders/7/"))
	fmt.Println(views.AbsoluteURL(r, "pay/"))
	// Output:
	// https://shop.example/cart/?step=2
	// https://shop.example/orders/7/
	// https://shop.example/cart/pay/
}
