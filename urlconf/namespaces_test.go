package urlconf

import (
	"strings"
	"testing"
)

// The namespaces of a match, and of the includes a miss is under, which
// the dispatcher uses to choose the part of the site that answers.
func TestNamespacesOfMatchAndMiss(t *testing.T) {
	api := Entries(
		Path("users/", "api.users"),
		Include("v2/", Entries(Path("users/", "api.v2.users")), AppName("v2")),
		Include("", Entries(Path("health/", "api.health"))), // no namespace: adds nothing
	)
	var self func() []Entry
	self = func() []Entry { return []Entry{Path("x/", "x"), Include("", self, AppName("loop"))} }
	conf, err := New(Entries(
		Path("", "index"),
		Include("api/", api, AppName("api")),
		Include("api/", Entries(Path("old/", "old")), AppName("legacy"), Namespace("old-api")),
		Include("shop/", Entries(Include("<slug:region>/", Entries(Path("cart/", "cart")), AppName("region"))), AppName("shop")),
		Include("loop/", self),
	))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		matched bool
		want    string // namespaces joined with ":"
	}{
		{"/", true, ""},
		{"/api/users/", true, "api"},
		{"/api/v2/users/", true, "api:v2"},
		{"/api/health/", true, "api"},
		{"/api/old/", true, "old-api"},
		{"/shop/eu/cart/", true, "shop:region"},
		{"/api/nope/", false, "api"},       // the first include whose prefix matches
		{"/api/v2/nope/", false, "api:v2"}, // and down into the deepest
		{"/shop/eu/nope/", false, "shop:region"},
		{"/shop/", false, "shop"},
		{"/nowhere/", false, ""},
		{"/loop/nope/", false, "loop"}, // a conf under an empty prefix of itself stops
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var res result
			ok, err := conf.resolveTo(&res, tt.path)
			if err != nil || ok != tt.matched {
				t.Fatalf("resolveTo: %v %v", ok, err)
			}
			var got []string
			if ok {
				got = res.appendNamespaces(nil)
			} else if got, err = res.missNamespaces(nil); err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ":") != tt.want {
				t.Errorf("namespaces %q, want %q", got, tt.want)
			}
			if ok {
				if m := res.Match(); m.Namespace != tt.want {
					t.Errorf("Match.Namespace %q", m.Namespace)
				}
				return
			}
			// The miss is still what the 404 and APPEND_SLASH read.
			if nf := res.NotFound(); nf.Path != tt.path[1:] {
				t.Errorf("NotFound.Path %q after missNamespaces", nf.Path)
			}
		})
	}
}
