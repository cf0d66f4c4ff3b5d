package examplesite

import (
	"fmt"
	"net/http"

	"github.com/hoop-go/hoop/views"
)

// client shows what the site knows of the client: its address and
// whether it used HTTPS, as the proxies in front tell them when the
// trusted_proxies setting lists them (HOOP_TRUSTED_PROXIES), and the
// absolute URL of this page.
func client(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "ip=%s secure=%v url=%s\n", views.ClientIP(r), views.IsSecure(r), views.AbsoluteURL(r, ""))
}
