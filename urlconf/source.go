package urlconf

import (
	"reflect"
	"strings"

	"github.com/hoop-go/hoop/internal/srcloc"
)

// Source names the conf as Django's technical 404 names ROOT_URLCONF:
// the patterns function it was built from and where that function is
// declared, from the module root: "example_site.URLs
// (example_site/urls.go:14)". A conf built from an inline list
// (Entries) is named by where its first entry is declared, and so is the
// place of a method value.
func (c *Conf) Source() string { return c.source }

func sourceOf(patterns func() []Entry, entries []Entry) string {
	name, where := srcloc.Func(reflect.ValueOf(patterns).Pointer())
	first := "an empty URL conf"
	if len(entries) > 0 {
		first = "the URL conf declared at " + entries[0].where
	}
	switch {
	case strings.HasPrefix(name, "urlconf."): // Entries: the list is the caller's
		return first
	case where == "": // a method value: the compiler's wrapper has no place
		return name + " (" + first + ")"
	}
	return name + " (" + where + ")"
}
