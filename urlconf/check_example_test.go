package urlconf_test

import (
	"fmt"

	"github.com/hoop-go/hoop/urlconf"
)

func checkedURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.RePath(`^(?P<slug>[-\w]+)/$`, "pages.page", urlconf.Name("page")),
		urlconf.RePath(`^about/$`, "pages.about", urlconf.Name("about")),
		urlconf.Path("/contact", "pages.contact", urlconf.Name("contact")),
		urlconf.RePath(`^mirror/(?P<a>\w+)/(?P=a)/$`, "pages.mirror"),
	}
}

func ExampleConf_Check() {
	conf, err := urlconf.New(checkedURLs)
	if err != nil {
		panic(err)
	}
	for _, f := range conf.Check(urlconf.CheckOptions{AppendSlash: true}) {
		fmt.Println(f)
	}
	// Output:
	// urlconf/check_example_test.go:12: hoop.W101: pattern '^about/$' [name='about'] is shadowed by '^(?P<slug>[-\w]+)/$' (urlconf/check_example_test.go:11): /about/ resolves to the earlier pattern
	// urlconf/check_example_test.go:13: urls.W002: Your URL pattern '/contact' [name='contact'] has a route beginning with a '/'. Remove this slash as it is unnecessary. If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.
	// urlconf/check_example_test.go:14: hoop.W103: pattern '^mirror/(?P<a>\w+)/(?P=a)/$' runs on the backtracking regex engine: back-reference at position 19
}
