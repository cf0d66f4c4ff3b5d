package urlconf_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/urlconf"
)

// describeParams writes parameter lists as "year:int slug:slug | ...",
// with "_" for a positional arg and "re" for a regex group.
func describeParams(lists [][]urlconf.Param) string {
	var out []string
	for _, params := range lists {
		var ps []string
		for _, p := range params {
			name := p.Name
			if name == "" {
				name = "_"
			}
			kind := "re"
			if p.Converter != nil {
				kind = strings.TrimSuffix(reflect.TypeOf(p.Converter).Name(), "Converter")
			}
			ps = append(ps, name+":"+kind)
		}
		out = append(out, strings.Join(ps, " "))
	}
	return strings.Join(out, " | ")
}

func TestEndpointParams(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Path("", "index"),
		urlconf.Path("blog/<int:year>/<slug:slug>/", "detail"),
		urlconf.RePath(`^hello/(?P<name>\w+)/$`, "hello"),
		urlconf.RePath(`^pos/(\d+)/([a-z]+)/$`, "pos"),
		urlconf.RePath(`^archive/(?:(?P<year>[0-9]{4})/)?$`, "archive"),
		urlconf.RePath(`^mixed/(\d+)/(?P<x>\w+)/$`, "mixed"),
		urlconf.RePath(`^a/|^b/`, "alternation"),
		urlconf.Include("shop/<uuid:shop>/", urlconf.Entries(urlconf.Path("item/<path:rest>", "item"))),
		urlconf.ReInclude(`^(?P<lang>[a-z]{2})/`, urlconf.Entries(urlconf.Path("<int:lang>/", "shadowing"))),
	))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index":       "",
		"detail":      "year:Int slug:Slug",
		"hello":       "name:re",
		"pos":         "_:re _:re",
		"archive":     " | year:re",
		"mixed":       "<none>", // Django's "_0" kwargs only
		"alternation": "",       // the empty form, as Django's normalize gives up
		"item":        "shop:UUID rest:Path",
		"shadowing":   "lang:Int", // the inner converter wins, as in reverse
	}
	for _, ep := range conf.Endpoints() {
		t.Run(ep.View, func(t *testing.T) {
			params := ep.Params()
			got := describeParams(params)
			if params == nil {
				got = "<none>"
			}
			if got != want[ep.View] {
				t.Errorf("Params() = %q, want %q", got, want[ep.View])
			}
		})
	}
}

// A generator of typed URL functions reads each named endpoint's values.
func ExampleEndpoint_Params() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("blog/<int:year>/<slug:slug>/", "blog.detail", urlconf.Name("detail")),
		urlconf.RePath(`^archive/(?:(?P<year>[0-9]{4})/)?$`, "blog.archive", urlconf.Name("archive")),
	))
	for _, ep := range conf.Endpoints() {
		for _, params := range ep.Params() {
			fmt.Print(ep.Name, "(")
			for i, p := range params {
				if i > 0 {
					fmt.Print(", ")
				}
				fmt.Printf("%s %T", p.Name, p.Converter)
			}
			fmt.Println(")")
		}
	}
	// Output:
	// detail(year urlconf.IntConverter, slug urlconf.SlugConverter)
	// archive()
	// archive(year <nil>)
}
