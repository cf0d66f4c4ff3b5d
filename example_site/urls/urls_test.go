package urls_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"

	examplesite "github.com/hoop-go/hoop/example_site"
	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/internal/genurls"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

func siteConf(t *testing.T) *urlconf.Conf {
	t.Helper()
	s := settings.Default()
	s.Debug = true
	d, err := examplesite.New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d.Conf()
}

// urls.go is what gen-urls writes for the site's conf today: run
// "go generate ./..." after changing the conf.
func TestUpToDate(t *testing.T) {
	want, err := genurls.Generate(siteConf(t), "urls")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("urls.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("urls.go is stale: run go generate ./... (or go run ./cmd/devserver gen-urls)")
	}
}

// goName is the Go name gen-urls gives a URL name or a namespace: its
// words capitalized, initialisms in capitals.
func goName(name string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch up := strings.ToUpper(word); up {
		case "API", "CSS", "HTML", "HTTP", "ID", "JSON", "SQL", "URL", "UUID", "XML":
			b.WriteString(up)
		default:
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// sample is a value of type t for a route's parameter.
func sample(t *testing.T, typ reflect.Type) reflect.Value {
	switch typ {
	case reflect.TypeOf(0):
		return reflect.ValueOf(2003)
	case reflect.TypeOf(""):
		return reflect.ValueOf("intro")
	case reflect.TypeOf(urlconf.UUID{}):
		u, _ := urlconf.ParseUUID("12345678-1234-5678-1234-567812345678")
		return reflect.ValueOf(u)
	}
	t.Fatalf("no sample value of type %v", typ)
	return reflect.Value{}
}

// Every named route has its function, under its namespaces, and the
// function writes what Reverse writes; no function is left without a
// route.
func TestAgainstReverse(t *testing.T) {
	conf := siteConf(t)
	funcs := 0
	for _, ep := range conf.Endpoints() {
		if ep.Name == "" {
			continue
		}
		qualified := ep.QualifiedName()
		t.Run(qualified, func(t *testing.T) {
			group := reflect.ValueOf(urls.New(conf))
			if ep.Namespace != "" {
				for _, ns := range strings.Split(ep.Namespace, ":") {
					group = group.FieldByName(goName(ns))
					if !group.IsValid() {
						t.Fatalf("no field %s for namespace %q", goName(ns), ns)
					}
				}
			}
			for i, params := range ep.Params() {
				name := goName(ep.Name)
				if i > 0 {
					name += "With"
					for _, p := range params {
						name += goName(p.Name)
					}
				}
				fn := group.MethodByName(name)
				if !fn.IsValid() {
					t.Fatalf("no function %s for %q", name, qualified)
				}
				funcs++
				var in []reflect.Value
				kwargs := map[string]any{}
				for _, p := range params {
					v := sample(t, p.Type)
					in = append(in, v)
					kwargs[p.Name] = v.Interface()
				}
				got := fn.Call(in)[0].String()
				want, err := conf.ReverseKwargs(qualified, kwargs)
				if err != nil || got != want {
					t.Errorf("%s%v = %q; Reverse(%q, %v) = %q, %v", name, kwargs, got, qualified, kwargs, want, err)
				}
			}
		})
	}
	if n := countMethods(reflect.TypeOf(urls.URLs{})); n != funcs {
		t.Errorf("the package has %d functions, the conf %d named routes' worth", n, funcs)
	}
}

// countMethods counts the URL functions of a group and the groups below.
func countMethods(t reflect.Type) int {
	n := t.NumMethod()
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() {
			n += countMethods(f.Type)
		}
	}
	return n
}
