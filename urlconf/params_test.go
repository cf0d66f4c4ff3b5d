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

// hexColor is a custom converter whose values are a type of its own.
type hexColor struct{}

type color [3]byte

func (hexColor) Regex() string { return "[0-9a-f]{6}" }
func (hexColor) ToGo(s string) (any, error) {
	var c color
	_, err := fmt.Sscanf(s, "%02x%02x%02x", &c[0], &c[1], &c[2])
	if err != nil {
		return nil, urlconf.ErrNoMatch
	}
	return c, nil
}
func (hexColor) ToURL(v any) (string, error) {
	c, ok := v.(color)
	if !ok {
		return "", urlconf.ErrNoMatch
	}
	return fmt.Sprintf("%02x%02x%02x", c[0], c[1], c[2]), nil
}

// never refuses every text: its type cannot be known.
type never struct{}

func (never) Regex() string               { return "[a-z]+" }
func (never) ToGo(string) (any, error)    { return nil, urlconf.ErrNoMatch }
func (never) ToURL(v any) (string, error) { return fmt.Sprint(v), nil }

func TestParamTypes(t *testing.T) {
	var b urlconf.Builder
	if err := b.RegisterConverter("color", hexColor{}); err != nil {
		t.Fatal(err)
	}
	if err := b.RegisterConverter("never", never{}); err != nil {
		t.Fatal(err)
	}
	conf, err := b.Build(urlconf.Entries(
		urlconf.Path("<int:a>/<str:b>/<slug:c>/<uuid:d>/<color:e>/<never:f>/<path:g>", "typed"),
		urlconf.RePath(`^re/(?P<h>[0-9]+)$`, "re"),
		urlconf.RePath(`^pos/(\d+)$`, "pos"),
	))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ep := range conf.Endpoints() {
		for _, p := range ep.Params()[0] {
			got = append(got, fmt.Sprintf("%s=%v", p.Name, p.Type))
		}
	}
	want := "a=int b=string c=string d=urlconf.UUID e=urlconf_test.color f=<nil> g=string h=string =string"
	if strings.Join(got, " ") != want {
		t.Errorf("types:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}
