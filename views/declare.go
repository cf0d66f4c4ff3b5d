package views

import (
	"fmt"
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
)

// Path declares a view where its pattern is: urlconf.Path(route, name),
// with view attached (urlconf.Handler) and name as its URL name too, so
// that it can be reversed and gets a typed URL function. A Name option
// among opts gives it another URL name.
//
//	urlconf.Entries(
//		views.Path("hello/<name>/", "hello", views.Func(hello)),
//	)
//
// The view is not in any Registry: the dispatcher serves it under name,
// and refuses to start if another entry declares another view under the
// same name, or a registry has one; other entries may name it as they
// name a registered view. The entry's location is the caller's line.
func Path(route, name string, view http.Handler, opts ...urlconf.Option) urlconf.Entry {
	return urlconf.Path(route, name, declared(name, view, opts)...)
}

// RePath declares a view where its regex is, as Path does for a route.
func RePath(regex, name string, view http.Handler, opts ...urlconf.Option) urlconf.Entry {
	return urlconf.RePath(regex, name, declared(name, view, opts)...)
}

func declared(name string, view http.Handler, opts []urlconf.Option) []urlconf.Option {
	if name == "" {
		panic("views: empty view name at " + caller(3))
	}
	if view == nil {
		panic(fmt.Sprintf("views: nil view for %q at %s", name, caller(3)))
	}
	return append([]urlconf.Option{urlconf.Name(name), urlconf.Handler(view)}, opts...)
}
