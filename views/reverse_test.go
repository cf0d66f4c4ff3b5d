package views_test

import (
	"bytes"
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func shopConf(t *testing.T) *urlconf.Conf {
	t.Helper()
	shop := urlconf.Entries(
		urlconf.Path("cart/", "shop.cart", urlconf.Name("cart")),
		urlconf.Path("item/<int:id>/", "shop.item", urlconf.Name("item")),
	)
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.Include("eu/", shop, urlconf.AppName("shop"), urlconf.Namespace("eu")),
		urlconf.Include("us/", shop, urlconf.AppName("shop"), urlconf.Namespace("us")),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

// Inside one instance of an app, its links stay in that instance, as
// with Django's {% url %}.
func TestReverseUsesCurrentApp(t *testing.T) {
	conf := shopConf(t)
	for path, want := range map[string]string{"/eu/cart/": "/eu/item/7/", "/us/cart/": "/us/item/7/"} {
		m, err := conf.Resolve(path)
		if err != nil {
			t.Fatal(err)
		}
		r := views.WithConf(views.WithMatch(httptest.NewRequest("GET", path, nil), m), conf)
		got, err := views.Reverse(r, "shop:item", 7)
		if err != nil || got != want {
			t.Errorf("from %s: Reverse = %q, %v; want %q", path, got, err, want)
		}
		got, err = views.Reverse(r, "shop:item", map[string]any{"id": 7})
		if err != nil || got != want {
			t.Errorf("from %s: Reverse with kwargs = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := views.Reverse(httptest.NewRequest("GET", "/", nil), "shop:cart"); err == nil {
		t.Error("Reverse without a conf did not fail")
	}
}

func TestTemplateURL(t *testing.T) {
	conf := shopConf(t)
	tmpl := template.Must(template.New("t").Funcs(views.TemplateFuncs(conf)).Parse(
		`<a href="{{url "eu:item" .ID}}">a</a> <a href="{{url "us:item" (kwargs "id" .ID)}}">b</a>`))
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, map[string]int{"ID": 5}); err != nil {
		t.Fatal(err)
	}
	if want := `<a href="/eu/item/5/">a</a> <a href="/us/item/5/">b</a>`; buf.String() != want {
		t.Errorf("template = %s, want %s", buf.String(), want)
	}
	err := template.Must(template.New("t").Funcs(views.TemplateFuncs(conf)).Parse(`{{url "eu:nothing"}}`)).Execute(&buf, nil)
	if err == nil || !strings.Contains(err.Error(), "Reverse for 'nothing' not found") {
		t.Errorf("a bad name in a template: %v", err)
	}
}
