package dispatcher_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// New runs every check before it returns: a conf that names views the
// registry lacks, and has patterns that shadow others, gets one
// *CheckError that lists all it found, warnings too.
func ExampleCheckError() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^(?P<slug>[-\w]+)/$`, "page"),
		urlconf.RePath(`^about/$`, "about"),
		urlconf.Path("shop/cart/", "cart"),
	))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("page", func(http.ResponseWriter, *http.Request) {})
	reg.HandleFunc("about", func(http.ResponseWriter, *http.Request) {})
	_, err = dispatcher.New(conf, reg, dispatcher.Options{Logger: slog.New(slog.DiscardHandler)})
	var failed *dispatcher.CheckError
	if errors.As(err, &failed) {
		for _, f := range failed.Findings {
			fmt.Println(f.Level, f.ID)
		}
	}
	// Output:
	// error hoop.E202
	// warning hoop.W101
}

// A site that starts keeps what its checks warned about.
func ExampleDispatcher_Findings() {
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("/cart/", "cart")))
	if err != nil {
		panic(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("cart", func(http.ResponseWriter, *http.Request) {})
	d, err := dispatcher.New(conf, reg, dispatcher.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err)
	}
	for _, f := range d.Findings() {
		fmt.Println(f.Level, f.ID)
	}
	// Output: warning urls.W002
}
