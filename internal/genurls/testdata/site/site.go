// Package site is a URL conf with every kind of parameter gen-urls
// types, for the generator's tests: they generate its functions, then
// build them and call them against Reverse.
package site

import (
	"fmt"
	"time"

	"github.com/hoop-go/hoop/urlconf"
)

// Conf builds the conf with the converters it uses.
func Conf() (*urlconf.Conf, error) {
	var b urlconf.Builder
	if err := b.RegisterConverter("date", date{}); err != nil {
		return nil, err
	}
	if err := b.RegisterConverter("opaque", opaque{}); err != nil {
		return nil, err
	}
	return b.Build(urls)
}

func urls() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("", "index", urlconf.Name("index")),
		urlconf.Path("item/<int:id>/<uuid:key>/<slug:slug>/", "item", urlconf.Name("item")),
		urlconf.RePath(`^hello/(?P<name>\w+)/$`, "hello", urlconf.Name("hello")),
		urlconf.RePath(`^pos/(\d+)/([a-z]+)/$`, "pos", urlconf.Name("pos")),
		urlconf.RePath(`^archive/(?:(?P<year>[0-9]{4})/)?$`, "archive", urlconf.Name("archive")),
		urlconf.Path("day/<date:day>/", "day", urlconf.Name("day")),
		urlconf.Path("opaque/<opaque:o>/", "opaque", urlconf.Name("opaque")),
		urlconf.Path("kw/<str:type>/<str:len>/<str:u>/", "kw", urlconf.Name("keywords")),
		urlconf.Path("twice/<int:n>/", "twice-a", urlconf.Name("twice")),
		urlconf.Path("again/<int:n>/", "twice-b", urlconf.Name("twice")),
		urlconf.Include("shop/<slug:shop>/", urlconf.Entries(
			urlconf.Path("", "shop.index", urlconf.Name("index")),
			urlconf.Include("admin/", urlconf.Entries(
				urlconf.Path("orders/<int:page>/", "shop.orders", urlconf.Name("orders")),
			), urlconf.Namespace("admin"), urlconf.AppName("admin")),
		), urlconf.Namespace("shop"), urlconf.AppName("shop")),
		urlconf.Path("unnamed/", "unnamed"),
	}
}

// date is a converter whose values are time.Time: gen-urls types its
// parameters with the type ToGo returns.
type date struct{}

func (date) Regex() string { return `[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])` }
func (date) ToGo(s string) (any, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", urlconf.ErrNoMatch, err)
	}
	return t, nil
}
func (date) ToURL(v any) (string, error) {
	t, ok := v.(time.Time)
	if !ok {
		return "", urlconf.ErrNoMatch
	}
	return t.Format(time.DateOnly), nil
}

// opaque refuses every sample of its regex: its parameter takes any.
type opaque struct{}

func (opaque) Regex() string               { return "[a-z]+" }
func (opaque) ToGo(s string) (any, error)  { return nil, urlconf.ErrNoMatch }
func (opaque) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }
