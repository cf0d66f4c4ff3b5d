package urlconf_test

import (
	"fmt"

	"github.com/hoop-go/hoop/urlconf"
)

// Reverse takes URL names; ReverseView takes the names views are
// registered under, and reaches entries that have no URL name.
func ExampleConf_ReverseView() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("", "pages.home", urlconf.Name("index")),
		urlconf.Path("legacy/<int:id>/", "index"),
	))
	if err != nil {
		panic(err)
	}
	u, _ := conf.Reverse("index")
	fmt.Println(u)
	u, _ = conf.ReverseView("index", urlconf.ReverseOptions{Args: []any{7}})
	fmt.Println(u)
	_, err = conf.ReverseWith("index", urlconf.ReverseOptions{Args: []any{7}, Kwargs: map[string]any{"id": 7}})
	fmt.Println(err == urlconf.ErrMixedArgs)
	// Output:
	// /
	// /legacy/7/
	// true
}
