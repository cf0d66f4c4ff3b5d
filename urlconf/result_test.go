package urlconf

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// describeMatch is everything a Match says, Tried included, as text.
func describeMatch(m *Match, err error) string {
	var nf *NotFound
	switch {
	case errors.As(err, &nf):
		return fmt.Sprintf("NotFound %q %v", nf.Path, nf.Tried)
	case err != nil:
		return "error " + err.Error()
	}
	return fmt.Sprintf("%s args=%q kwargs=%s captured=%s extra=%s name=%q route=%q apps=%q ns=%q viewname=%q tried=%v",
		m.View, m.Args, pyMap(m.Kwargs), pyMap(m.CapturedKwargs), pyMap(m.ExtraKwargs), m.URLName, m.Route,
		m.AppNames, m.Namespaces, m.ViewName, m.Tried)
}

// reference is the walk Resolve made before the index and the fast
// matchers: every pattern in order, on regexp2, building the Match as
// Django's resolvers do. It is the test oracle of the one walk.
func reference(c *Conf, path string) (*Match, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, &NotFound{Path: path}
	}
	rest := []rune(repercentBroken(path)[1:])
	m, tried, err := referenceIn(c.root, rest, nil)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, &NotFound{Path: string(rest), Tried: toTried(tried)}
	}
	m.Tried = toTried(tried)
	return m, nil
}

// checkAgainstReference resolves path with resolveTo, and with Resolve,
// and compares both with the reference walk, path values included.
func checkAgainstReference(t *testing.T, conf *Conf, path string) {
	t.Helper()
	want := describeMatch(reference(conf, path))
	if got := describeMatch(conf.Resolve(path)); got != want {
		t.Errorf("Resolve(%q):\n got %s\nwant %s", path, got, want)
		return
	}
	var res result
	if ok, err := conf.resolveTo(&res, path); !ok || err != nil {
		return
	}
	m := res.Match()
	if res.View() != m.View || res.Route() != m.Route || conf.views[res.ViewID()] != m.View || !reflect.DeepEqual(res.Methods(), m.Methods) {
		t.Errorf("resolveTo(%q): View %q Route %q, Match says %q %q", path, res.View(), res.Route(), m.View, m.Route)
	}
	got := map[string]string{}
	res.PathValues(func(name, value string) bool { got[name] = value; return true })
	wantPV := map[string]string{}
	for name := range m.Kwargs {
		wantPV[name] = m.PathValue(name)
	}
	if !reflect.DeepEqual(got, wantPV) {
		t.Errorf("resolveTo(%q): path values %q, Match says %q", path, got, wantPV)
	}
}

// pathVariants are paths near p that exercise the edges the index must
// not get wrong: trailing slash or newline, a segment more or less.
func pathVariants(p string) []string {
	out := []string{p, p + "/", p + "\n", p + "x", p + "/x/", "/x" + p}
	if len(p) > 1 {
		out = append(out, p[:len(p)-1], strings.TrimSuffix(p, "/")+"\n")
	}
	if i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/'); i > 0 {
		out = append(out, p[:i+1], p[:i]+"/é/"+p[i+1:])
	}
	return out
}

// Every conf and path of Django's recorded cases, and paths near them,
// resolve to the same thing with the index and fast matchers as with the
// plain ordered walk on regexp2.
func TestResolveAgreesWithReference(t *testing.T) {
	o := loadOracle(t, "resolve_cases.json")
	cb := confBuilder{o}
	confs := map[string]*Conf{}
	for _, raw := range o.Cases {
		var c resolveCase
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		if skipReason(c.Tags) != "" {
			continue
		}
		conf := confs[c.Conf]
		if conf == nil {
			var err error
			if conf, err = cb.tryBuild(c.Conf); err != nil {
				continue
			}
			confs[c.Conf] = conf
		}
		for _, p := range pathVariants(c.FullPath) {
			checkAgainstReference(t, conf, p)
		}
	}
}

// A conf where shapes overlap in every way the index distinguishes:
// literal and wildcard segments at the same place, in both orders,
// optional slashes, includes with and without ^, catch-alls, and
// patterns the index cannot describe.
func overlapConf(t testing.TB) *Conf {
	conf, err := New(Entries(
		RePath(`^$`, "root"),
		RePath(`^a/(?P<x>[^/]+)/$`, "a.x"),
		RePath(`^a/b/$`, "a.b"),
		RePath(`^a/(?P<n>\d+)/?$`, "a.n"),
		RePath(`^(?P<any>\w+)/c$`, "any.c"),
		Path("p/<int:n>/<slug:s>/", "p"),
		Path("p/<path:rest>", "p.rest"),
		RePath(`^v(?P<v>\d+)/x$`, "vx"),
		RePath(`(?P<lead>.+)/security/$`, "security"),
		RePath(`^(?P<f>json|xml)/$`, "format"),
		ReInclude(`^inc/(?P<i>[^/]+)/`, Entries(
			RePath(`^$`, "inc.root"),
			RePath(`^d/(?P<d>[0-9]{4})$`, "inc.d"),
			Path("<str:s>/", "inc.s"),
		), Kwargs(map[string]any{"k": 1})),
		ReInclude(`mid/`, Entries(RePath(`^e/$`, "mid.e"))),
		Include("deep/", Entries(Include("er/", Entries(Path("<str:z>", "deep.z", Kwargs(map[string]any{"z": "default"})))))),
		RePath(`^a/(?P<x>[^/]+)/(?P<y>[^/]+)$`, "a.x.y"),
		// DRF's routers and format suffixes under namespaced includes,
		// flattened into the root's index with dot edges.
		Include("api/", Entries(
			ReInclude(`^dcim/`, Entries(
				RePath(`^devices/$`, "api.devices"),
				RePath(`^devices\.(?P<format>[a-z0-9]+)/?$`, "api.devices.fmt"),
				RePath(`^devices/(?P<pk>[^/.]+)/$`, "api.device"),
				RePath(`^devices/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$`, "api.device.fmt"),
				RePath(`^d\.e\.(?P<f>\w+)$`, "api.de"),
				Include("", Entries(Path("<str:z>.json", "api.z.json"))),
			), Namespace("dcim"), AppName("dcim")),
			RePath(`^(?P<rest>.*)$`, "api.rest"),
		), Namespace("api"), AppName("api")),
		RePath(`^.*$`, "catch"),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

func TestResolveOverlapsAgree(t *testing.T) {
	conf := overlapConf(t)
	paths := []string{
		"/", "/a/b/", "/a/1/", "/a/1", "/a/x/", "/a/b/c", "/zz/c", "/é/c", "/p/3/s-1/", "/p/99999999999999999999/s/", "/p/x",
		"/v12/x", "/v/x", "/q/security/", "/json/", "/inc/i/", "/inc/i/d/2024", "/inc/i/s/", "/inc//", "/x/mid/e/",
		"/mid/e/", "/deep/er/q", "/deep/er/", "//", "/api/dcim/devices/", "/api/dcim/devices.json", "/api/dcim/devices.json/",
		"/api/dcim/devices/7/", "/api/dcim/devices/7.api", "/api/dcim/d.e.x", "/api/dcim/d.e.", "/api/dcim/q.json", "/api/x", "/api/dcim/devices/7.8.json", "/a//", "/a/b/\n", "/a/\n/", "/" + strings.Repeat("a/", 40), "/p/1/" + strings.Repeat("x/", 40),
	}
	for _, p := range paths {
		for _, v := range pathVariants(p) {
			checkAgainstReference(t, conf, v)
		}
	}
	rng := rand.New(rand.NewSource(2))
	parts := []string{"a", "b", "1", "2024", "c", "p", "inc", "mid", "e", "deep", "er", "security", "json", "v1", "x", "", "é", "\n", "s-1",
		"api", "dcim", "devices", "devices.json", "7.xml", "d.e.f", "d.", "x.json", "devices."}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for k := rng.Intn(5); k >= 0; k-- {
			b.WriteString("/" + parts[rng.Intn(len(parts))])
		}
		if rng.Intn(2) == 0 {
			b.WriteString("/")
		}
		checkAgainstReference(t, conf, b.String())
	}
}

// Includes nested deeper than a result holds without allocating, and
// more groups than it holds, resolve by the same walk, to the same match.
func TestResolveBeyondLimits(t *testing.T) {
	inner := Entries(Path("<str:a>/<str:b>/<str:c>/<str:d>/<str:e>/", "leaf"))
	deep := inner
	for i := 0; i < maxDepth+1; i++ {
		deep = Entries(Include(fmt.Sprintf("d%d/", i), deep), RePath(`^x$`, "x"))
	}
	var groups strings.Builder
	groups.WriteString("^")
	for i := 0; i < maxCaps+1; i++ {
		groups.WriteString(`(\w)`)
	}
	six := Entries(Path("<str:z>/", "six.leaf", Kwargs(map[string]any{"k": 7})))
	for i := 0; i < 5; i++ {
		six = Entries(RePath(`^y$`, "y"), Include(fmt.Sprintf("s%d/", i), six, Kwargs(map[string]any{"z": i})))
	}
	conf, err := New(Entries(
		Include("six/", six),
		Include("deep/", deep),
		RePath(groups.String()+"$", "many"),
	))
	if err != nil {
		t.Fatal(err)
	}
	var path strings.Builder
	path.WriteString("/deep/")
	for i := maxDepth; i >= 0; i-- {
		fmt.Fprintf(&path, "d%d/", i)
	}
	path.WriteString("1/2/3/4/5/")
	for _, p := range []string{path.String(), "/" + strings.Repeat("a", maxCaps+1), "/deep/x", "/six/s4/s3/s2/s1/s0/q/"} {
		checkAgainstReference(t, conf, p)
		if _, err := conf.Resolve(p); err != nil && p != "/deep/x" {
			t.Errorf("Resolve(%q): %v", p, err)
		}
	}
}

// FuzzResolveAgrees: any path resolves with the index and the fast
// matchers exactly as the ordered regexp2 walk resolves it.
func FuzzResolveAgrees(f *testing.F) {
	for _, s := range []string{"/", "/a/b/", "/inc/i/d/2024", "/deep/er/q", "/x/mid/e/", "/a/1\n", "/p/3/s-1/", "/api/dcim/devices.json", "/api/dcim/devices/7.xml/"} {
		f.Add(s)
	}
	conf := overlapConf(f)
	f.Fuzz(func(t *testing.T, path string) {
		if len(path) > 64 {
			return
		}
		checkAgainstReference(t, conf, path)
	})
}

// The guards of the allocation targets: resolving a path of the fast
// subset allocates nothing, with or without kwargs, and path values are
// substrings of the path.
func TestResolveToAllocs(t *testing.T) {
	conf := overlapConf(t)
	var res result
	for _, path := range []string{"/", "/a/b/", "/a/x/y", "/p/3/s-1/", "/inc/i/d/2024", "/deep/er/q"} {
		allocs := testing.AllocsPerRun(100, func() {
			if ok, err := conf.resolveTo(&res, path); !ok || err != nil {
				t.Fatal(path, ok, err)
			}
			_ = res.View()
			_ = res.Route()
			res.PathValues(func(name, value string) bool { return true })
		})
		if allocs != 0 {
			t.Errorf("resolveTo(%q): %v allocations, want 0", path, allocs)
		}
	}
}

// referenceIn tries the nodes of l in order against path. When none
// matches, it returns a nil match with the rows tried. active lists the
// levels being resolved above, with the length of the path each saw, so
// that a conf including itself under an empty prefix is a non-match.
func referenceIn(l *level, path []rune, active []activeLevel) (*Match, [][]*node, error) {
	for _, a := range active {
		if a.level == l && a.remaining == len(path) {
			return nil, nil, nil
		}
	}
	active = append(active, activeLevel{l, len(path)})
	var tried [][]*node
	for _, n := range l.nodes {
		rest, caps, ok, err := n.pat.match(path)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			tried = append(tried, []*node{n})
			continue
		}
		if n.sub == nil {
			tried = append(tried, []*node{n})
			return endpointMatch(n, caps), tried, nil
		}
		sub, subTried, err := referenceIn(n.sub, rest, active)
		if err != nil {
			return nil, nil, err
		}
		for _, row := range subTried {
			tried = append(tried, append([]*node{n}, row...))
		}
		if sub != nil {
			return includeMatch(n, caps, sub), tried, nil
		}
	}
	return nil, tried, nil
}

// activeLevel is a level being resolved, and how much path it saw.
type activeLevel struct {
	level     *level
	remaining int
}

// A miss is decided on the index without allocating, and so is the
// APPEND_SLASH probe; the tried list is built only when read, and then
// lists what Resolve lists.
func TestResolveToMissAllocs(t *testing.T) {
	conf, err := New(Entries(
		RePath(`^a/(?P<x>[^/]+)/$`, "a.x"),
		Path("p/<int:n>/<slug:s>/", "p"),
		Include("deep/", Entries(Include("er/", Entries(Path("<str:z>/", "deep.z"))))),
	))
	if err != nil {
		t.Fatal(err)
	}
	var res result
	for _, tc := range []struct {
		path  string
		slash bool // the path with a "/" appended resolves
	}{
		{"/wp-admin/setup-config.php", false},
		{"/a/x", true},
		{"/p/3/s-1", true},
		{"/deep/er/q", true},
		{"/deep/er", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			allocs := testing.AllocsPerRun(100, func() {
				if ok, err := conf.resolveTo(&res, tc.path); ok || err != nil {
					t.Fatal(ok, err)
				}
				if ok, err := res.ResolveSlash(); ok != tc.slash || err != nil {
					t.Fatalf("ResolveSlash: %v, %v; want %v", ok, err, tc.slash)
				}
			})
			if allocs != 0 {
				t.Errorf("%v allocations, want 0", allocs)
			}
			conf.resolveTo(&res, tc.path)
			nf := res.NotFound()
			if nf.Tried != nil {
				t.Fatalf("Tried built before it was asked for: %v", nf.Tried)
			}
			_, err := conf.Resolve(tc.path)
			var want *NotFound
			if !errors.As(err, &want) {
				t.Fatalf("Resolve: %v", err)
			}
			if got := nf.TriedPatterns(); !reflect.DeepEqual(got, want.Tried) || len(got) == 0 {
				t.Errorf("TriedPatterns() = %v, Resolve's Tried = %v", got, want.Tried)
			}
		})
	}
}

// Includes whose prefixes are whole segments are flattened into the
// index of the level above, so one lookup finds the entries below them;
// DRF's format suffixes are found by their literal part. A path gets as
// candidates only the chains that can match it, in conf order.
func TestIncludesFlatten(t *testing.T) {
	conf, err := New(Entries(
		Path("", "home"),
		Include("api/", Entries(
			Include("dcim/", Entries(
				RePath(`^devices/$`, "devices"),
				RePath(`^devices\.(?P<format>[a-z0-9]+)/?$`, "devices.fmt"),
				RePath(`^cables\.(?P<format>[a-z0-9]+)/?$`, "cables.fmt"),
				RePath(`^devices/(?P<pk>[^/.]+)/$`, "device"),
				RePath(`^cables/(?P<pk>[^/.]+)/$`, "cable"),
			), AppName("dcim")),
			Include("ipam/", Entries(RePath(`^prefixes/$`, "prefixes")), AppName("ipam")),
		), AppName("api")),
	))
	if err != nil {
		t.Fatal(err)
	}
	x := conf.root.index
	if len(x.flat) != 7 {
		t.Fatalf("the root's index hands out %d entries, want 7 (home and six chains)", len(x.flat))
	}
	for _, tc := range []struct{ path, want string }{
		{"api/dcim/devices/", "devices"},
		{"api/dcim/devices.json", "devices.fmt"},
		{"api/dcim/cables.json/", "cables.fmt"},
		{"api/dcim/devices/7/", "device"},
		{"api/ipam/prefixes/", "prefixes"},
		{"api/dcim/racks/", ""},
	} {
		var c candidates
		x.lookup(&c, tc.path, len(x.flat))
		var got []string
		for i := c.next(); i >= 0; i = c.next() {
			chain := x.flat[i]
			got = append(got, chain[len(chain)-1].entry.view)
		}
		if want := strings.Fields(tc.want); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("candidates of %q: %q, want %q", tc.path, got, want)
		}
		checkAgainstReference(t, conf, "/"+tc.path)
	}
}
