package dispatcher_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func ExampleNew() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello"),
	))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("pages.hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s!", r.PathValue("username"))
	})
	s := settings.Default()
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s})
	if err != nil {
		panic(err) // an unregistered view is found here, at start-up
	}

	for _, path := range []string{"/hello/José/", "/hello/José", "/nowhere/"} {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		fmt.Println(rec.Code, rec.Header().Get("Location"), rec.Body.Len() > 0)
	}
	// Output:
	// 200  true
	// 301 /hello/Jos%C3%A9/ false
	// 404  true
}
