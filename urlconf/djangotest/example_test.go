package djangotest_test

import (
	"fmt"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/urlconf/djangotest"
)

// Django's answers for a path and a name, checked against a hoop conf.
// A generated urls_test.go passes such cases to RunResolve and RunReverse.
func ExampleResolve_Check() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "news.views.year_archive", urlconf.Name("year")),
	))
	if err != nil {
		panic(err)
	}
	django := djangotest.Resolve{
		Path: "/articles/2003/", View: "news.views.year_archive", URLName: "year",
		Route: "articles/<int:year>/", ViewName: "year", Args: `[]`, Kwargs: `{"year": 2003}`,
	}
	_, err = django.Check(conf)
	fmt.Println(err)

	django.Kwargs = `{"year": "2003"}` // Django's int converter makes an int, not a string
	_, err = django.Check(conf)
	fmt.Println(err)
	// Output:
	// <nil>
	// Resolve("/articles/2003/").Kwargs = {"year":2003}, Django's {"year":"2003"}
}

func ExampleReverse_Check() {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "news.views.year_archive", urlconf.Name("year")),
	))
	if err != nil {
		panic(err)
	}
	fmt.Println(djangotest.Reverse{Name: "year", Kwargs: `{"year": 2003}`, Want: "/articles/2003/"}.Check(conf))
	fmt.Println(djangotest.Reverse{Name: "year", Error: "NoReverseMatch",
		Message: `Reverse for 'year' with no arguments not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']`}.Check(conf))
	// Output:
	// <nil>
	// <nil>
}

type slugListConverter struct{}

func (slugListConverter) Regex() string               { return `[-\w]+(?:,[-\w]+)*` }
func (slugListConverter) ToGo(s string) (any, error)  { return s, nil }
func (slugListConverter) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }
func (slugListConverter) Unported() string            { return "split on commas as blog.converters.SlugList does" }

func ExampleUnported() {
	fmt.Println(djangotest.Unported(map[string]urlconf.Converter{
		"slugs": slugListConverter{},
		"int":   urlconf.IntConverter{},
	}))
	// Output:
	// map[slugs:split on commas as blog.converters.SlugList does]
}
