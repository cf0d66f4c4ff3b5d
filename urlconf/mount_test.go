package urlconf

import (
	"slices"
	"strings"
	"testing"
)

// A mount is an endpoint whose route matches a prefix: the walk stops
// there, and the rest of the path is what the mounted view sees.
func TestMountResolves(t *testing.T) {
	conf, err := New(Entries(
		Path("files/readme/", "readme"), // above the mount: it wins
		Mount("files/", "files", Name("files")),
		Include("api/", Entries(
			Mount("<slug:version>/", "api", Kwargs(map[string]any{"kind": "rest"})),
		), AppName("api")),
		Mount("", "fallback"),
	))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, view, rest, route string
		kwargs                  string
		mount                   bool
	}{
		{"/files/", "files", "", "files/", "", true},
		{"/files/a/b.txt", "files", "a/b.txt", "files/", "", true},
		{"/files//x", "files", "/x", "files/", "", true},
		{"/files/readme/", "readme", "", "files/readme/", "", false},
		{"/api/v2/users/7", "api", "users/7", "api/<slug:version>/", "kind=rest version=v2", true},
		{"/api/", "fallback", "api/", "", "", true},
		{"/filesystem/", "fallback", "filesystem/", "", "", true},
		{"/", "fallback", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var res result
			ok, err := conf.resolveTo(&res, tt.path)
			if !ok || err != nil {
				t.Fatalf("resolveTo: %v %v", ok, err)
			}
			rest, mount := res.Mount()
			if res.View() != tt.view || rest != tt.rest || mount != tt.mount || res.Route() != tt.route {
				t.Errorf("view %q rest %q mount %v route %q, want %q %q %v %q",
					res.View(), rest, mount, res.Route(), tt.view, tt.rest, tt.mount, tt.route)
			}
			var kw []string
			res.PathValues(func(name, value string) bool { kw = append(kw, name+"="+value); return true })
			slices.Sort(kw)
			if got := strings.Join(kw, " "); got != tt.kwargs {
				t.Errorf("kwargs %q, want %q", got, tt.kwargs)
			}
			checkAgainstReference(t, conf, tt.path)
		})
	}
}

// A mount's prefix takes whole segments; anything else is an error at
// build time that names the entry and the fix.
func TestMountBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		entry Entry
		want  string
	}{
		{"no trailing slash", Mount("files", "files"), `Mount("files"): a mount's prefix must be empty or end with "/", so that it takes whole path segments: write "files/"`},
		{"no view", Mount("files/", ""), `Mount("files/"): has no view name`},
		{"namespace", Mount("files/", "files", AppName("files")), `Mount("files/"): Namespace and AppName apply to includes, not to endpoints`},
		{"bad converter", Mount("<nope:x>/", "files"), `Mount("<nope:x>/"): URL route "<nope:x>/" uses invalid converter "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.entry
			_, err := New(Entries(e))
			if err == nil || !strings.Contains(err.Error(), e.where+": "+tt.want) {
				t.Errorf("got %v\nwant it to contain %s: %s", err, e.where, tt.want)
			}
		})
	}
}

// The technical 404 lists a mount, marked; Endpoints says which entries
// are mounts; a Name reverses to the mount point.
func TestMountListedAndReversed(t *testing.T) {
	conf, err := New(Entries(
		Path("", "index"),
		Mount("t/<slug:tenant>/files/", "files", Name("files")),
	))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conf.Resolve("/nowhere/")
	nf, ok := err.(*NotFound)
	if !ok {
		t.Fatalf("Resolve: %v", err)
	}
	got := strings.Join(FormatTried(nf.Tried), "\n")
	if want := "\nt/<slug:tenant>/files/ [mount] [name='files']"; got != want {
		t.Errorf("tried:\n%s\nwant:\n%s", got, want)
	}
	var mounts []bool
	for _, ep := range conf.Endpoints() {
		mounts = append(mounts, ep.Mount)
	}
	if len(mounts) != 2 || mounts[0] || !mounts[1] {
		t.Errorf("Endpoint.Mount = %v, want [false true]", mounts)
	}
	u, err := conf.Reverse("files", "acme")
	if err != nil || u != "/t/acme/files/" {
		t.Errorf("Reverse = %q, %v; want /t/acme/files/", u, err)
	}
}
