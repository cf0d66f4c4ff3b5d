package urlconf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// yearConverter writes years its own regex refuses: "7" for [0-9]{4},
// which wants "0007", a bug reverse can only refuse.
type yearConverter struct{}

func (yearConverter) Regex() string { return "[0-9]{4}" }
func (yearConverter) ToGo(s string) (any, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoMatch, err)
	}
	return n, nil
}
func (yearConverter) ToURL(v any) (string, error) {
	n, ok := v.(int)
	if !ok {
		return "", ErrNoMatch
	}
	return strconv.Itoa(n), nil
}

// hoop.W104: what reverse writes for a name leads back to it, with the
// same values, for every sample its own patterns give.
func TestCheckRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		want    []string // findings, {i} where entries[i] was declared
	}{
		{
			name: "clean: converters, regex groups, args, optional groups, quoting",
			entries: []Entry{
				Path("blog/<int:year>/<slug:slug>/", "blog.detail", Name("detail")),
				Path("files/<path:path>", "files", Name("files")),
				Path("u/<uuid:id>/", "u", Name("u")),
				RePath(`^hello/(?P<name>\w+)/$`, "hello", Name("hello")),
				RePath(`^q/(?P<q>[^/]+)/$`, "q", Name("q")), // "a?b", "a#b", "a%b" need quoting
				RePath(`^pos/(\d+)/([a-z]+)/$`, "pos", Name("pos")),
				RePath(`^archive/(?:(?P<year>[0-9]{4})/)?$`, "archive", Name("archive")),
				Include("shop/<slug:shop>/", Entries(Path("item/<int:n>/", "item", Name("item"))), Namespace("shop"), AppName("shop")),
			},
		},
		{
			name: "some values of a group reach an earlier pattern",
			entries: []Entry{
				RePath(`^hello/(?P<id>[0-9]+)/$`, "by-id", Name("by-id")),
				RePath(`^hello/(?P<name>\w+)/$`, "hello", Name("hello")),
			},
			want: []string{`{1}: hoop.W104: reverse('hello', kwargs={'name': '0'}): gives "/hello/0/", which resolves to '^hello/(?P<id>[0-9]+)/$' [name='by-id'] ({0})`},
		},
		{
			name: "a default kwarg overrides the captured value",
			entries: []Entry{
				Path("archive/<int:year>/", "archive", Name("archive"), Kwargs(map[string]any{"year": 2003})),
			},
			want: []string{`{0}: hoop.W104: reverse('archive', kwargs={'year': 1}): gives "/archive/1/", which resolves to this entry with year=2003`},
		},
		{
			name: "same name, other entry: passes",
			entries: []Entry{
				RePath(`^item/(?P<x>[0-9]+)/$`, "dec", Name("item")),
				RePath(`^item/(?P<x>[0-9a-f]+)/$`, "hex", Name("item")), // reverse("item", x="1") writes /item/1/, dec's

			},
		},
		{
			name: "an instance of a namespace declared twice: W005 only",
			entries: []Entry{
				Include("a/", checkApp, Namespace("x"), AppName("app")),
				Include("b/", checkApp, Namespace("x"), AppName("app")),
			},
			want: []string{"{1}: urls.W005: URL namespace 'x' isn't unique. You may not be able to reverse all URLs in this namespace"},
		},
		{
			name: "unnamed entries are not reversed",
			entries: []Entry{
				RePath(`^hello/(?P<id>[0-9]+)/$`, "by-id"),
				RePath(`^hello/(?P<name>\w+)/$`, "hello"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := tt.entries
			conf, err := New(func() []Entry { return entries })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range conf.Check(CheckOptions{}) {
				got = append(got, f.String())
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, expandWhere(t, entries, w))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			if quick := conf.Check(CheckOptions{Quick: true}); hasID(quick, "hoop.W104") {
				t.Errorf("Quick ran hoop.W104: %v", quick)
			}
		})
	}
}

// A custom converter whose ToURL writes what its regex refuses: reverse
// fails for values a URL of the entry gives.
func TestCheckRoundTripConverter(t *testing.T) {
	var b Builder
	if err := b.RegisterConverter("year", yearConverter{}); err != nil {
		t.Fatal(err)
	}
	entries := []Entry{Path("archive/<year:year>/", "archive", Name("archive"))}
	conf, err := b.Build(func() []Entry { return entries })
	if err != nil {
		t.Fatal(err)
	}
	fs := conf.Check(CheckOptions{})
	want := expandWhere(t, entries, "{0}: hoop.W104: reverse('archive', kwargs={'year': 0}): fails, though the values come from a URL its pattern matches")
	if len(fs) != 1 || fs[0].String() != want {
		t.Errorf("got %v, want %s", fs, want)
	}
}

func hasID(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.ID == id {
			return true
		}
	}
	return false
}
