package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/views"
)

// Behind nginx at 10.0.0.5, which sets X-Forwarded-For and
// X-Forwarded-Proto: the view sees the browser's address and that it
// used HTTPS. The same headers from anyone else change nothing.
func ExampleTrustedProxies() {
	s := settings.Default()
	s.TrustedProxies = []string{"10.0.0.5"}
	trusted, err := s.TrustedProxyPrefixes()
	if err != nil {
		panic(err)
	}
	h := middleware.TrustedProxies(trusted)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(views.ClientIP(r), views.IsSecure(r), views.AbsoluteURL(r, "/cart/"))
	}))
	for _, peer := range []string{"10.0.0.5:41000", "203.0.113.9:41000"} {
		r := httptest.NewRequest("GET", "http://shop.example/", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", "198.51.100.2")
		r.Header.Set("X-Forwarded-Proto", "https")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	// Output:
	// 198.51.100.2 true https://shop.example/cart/
	// 203.0.113.9 false http://shop.example/cart/
}
