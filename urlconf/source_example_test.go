package urlconf_test

import (
	"fmt"

	"github.com/hoop-go/hoop/urlconf"
)

func shopURLs() []urlconf.Entry {
	return []urlconf.Entry{urlconf.Path("cart/", "shop.cart")}
}

// A conf names the function it was built from, and where that is, from
// the module root: the technical 404 page shows it, as Django's shows
// ROOT_URLCONF.
func ExampleConf_Source() {
	conf, err := urlconf.New(shopURLs)
	if err != nil {
		panic(err)
	}
	fmt.Println(conf.Source())
	// Output: urlconf_test.shopURLs (urlconf/source_example_test.go:9)
}
