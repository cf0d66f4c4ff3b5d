package bench

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// A NetBoxSite is a URL conf of about 2,000 endpoints built the way
// NetBox, a large Django site, builds its own (names are made up, shapes
// are NetBox's):
//
//   - the root conf is one path("", include(...)) of the site's patterns
//     (NetBox's BASE_PATH prefix, empty by default);
//   - each of 10 apps is included twice: its pages under path("<app>/")
//     with the app's namespace, and its REST API under
//     path("api/<app>/") with namespace "<app>-api";
//   - an app's pages are, per model, five path() endpoints
//     ("<model>/", "<model>/add/", import, edit, delete) and an include of
//     the object's pages under path("<model>/<int:pk>/") (detail, edit,
//     delete, changelog, journal);
//   - an app's API is a Django REST framework DefaultRouter's patterns:
//     the API root ^$ and ^\.(?P<format>[a-z0-9]+)/?$, then per model the
//     list ^<model>/$, the detail ^<model>/(?P<pk>[^/.]+)/$, every fifth
//     model a detail action ^<model>/(?P<pk>[^/.]+)/trace/$, each
//     followed by its format-suffix twin ending in
//     \.(?P<format>[a-z0-9]+)/?$;
//   - plugins nest one level more: path("plugins/") (namespace "plugins")
//     and path("api/plugins/") (namespace "plugins-api") include each
//     plugin under path("<plugin>/") with its own namespace, and a
//     plugin's pages and API are built as an app's;
//   - a few root views: home, search, login, the API root and status,
//     graphql, media files (<path:path>) and the API schema
//     (^api/swagger(?P<format>\.json|\.yaml)$, an alternation, which only
//     regexp2 runs).
//
// So an object page of a plugin is four includes deep ("", "plugins/",
// "<plugin>/", "<model>/<int:pk>/"), three of them namespaced or under a
// namespace. copies > 1 repeats the apps and plugins under other names:
// 5 copies make about 10,000 endpoints.
type NetBoxSite struct {
	Entries   []urlconf.Entry
	Endpoints []NetBoxEndpoint // in conf order, depth first
}

// A NetBoxEndpoint is one endpoint of a NetBoxSite.
type NetBoxEndpoint struct {
	View    string   // the view name, unique
	Request string   // a path that resolves to it: "/api/dcim/sites/17.json"
	Regex   string   // its whole regex, includes' prefixes joined, for a flat list
	Params  []string // its kwargs
}

// NetBoxKinds are the kinds of endpoints of a NetBoxSite
// (NetBoxEndpoint.Kind).
var NetBoxKinds = []string{"pages", "objects", "api", "api-format", "plugins", "plugins-api", "root"}

// Kind says what an endpoint is: an app's list or bulk page ("pages"),
// an object's page ("objects", one include deeper), an app's API
// endpoint without or with a format suffix ("api", "api-format"), a
// plugin's page or API endpoint ("plugins", "plugins-api", two includes
// deeper), or a view of the site's own ("root").
func (ep *NetBoxEndpoint) Kind() string {
	api := strings.HasPrefix(ep.Request, "/api/")
	plugin := strings.HasPrefix(ep.Request, "/plugins/") || strings.HasPrefix(ep.Request, "/api/plugins/")
	switch {
	case !strings.Contains(ep.View, ":"):
		return "root"
	case plugin && api:
		return "plugins-api"
	case plugin:
		return "plugins"
	case api && slices.Contains(ep.Params, "format"):
		return "api-format"
	case api:
		return "api"
	case slices.Contains(ep.Params, "pk"):
		return "objects"
	}
	return "pages"
}

// netboxApps are the apps and how many models each has: 130 in all.
var netboxApps = []struct {
	name   string
	models int
}{
	{"circuits", 8}, {"core", 5}, {"dcim", 45}, {"extras", 22}, {"ipam", 18},
	{"tenancy", 6}, {"users", 6}, {"virtualization", 6}, {"vpn", 10}, {"wireless", 4},
}

var (
	netboxNouns = []string{"sites", "racks", "devices", "cables", "ports", "interfaces", "circuits",
		"providers", "prefixes", "addresses", "vlans", "tenants", "contacts", "groups", "roles",
		"platforms", "modules", "bays", "feeds", "panels", "tunnels", "links", "tags", "jobs",
		"scripts", "tokens", "clusters", "machines", "regions", "locations"}
	netboxQualifiers = []string{"", "console-", "power-", "front-", "rear-", "virtual-"}
)

// netboxModel is the URL name of model i of an app: "sites",
// "console-sites", ...
func netboxModel(i int) string {
	return netboxQualifiers[i/len(netboxNouns)] + netboxNouns[i%len(netboxNouns)]
}

// nbLevel collects the entries of one level of a NetBoxSite and its
// endpoints, relative to the level.
type nbLevel struct {
	entries []urlconf.Entry
	eps     []NetBoxEndpoint
}

// path adds a path() endpoint; request is route with its parameters
// filled in, regex route as a regex.
func (l *nbLevel) path(route, request, regex, view string, params ...string) {
	l.entries = append(l.entries, urlconf.Path(route, view))
	l.eps = append(l.eps, NetBoxEndpoint{view, request, regex + `$`, params})
}

// re adds a re_path() endpoint.
func (l *nbLevel) re(regex, request, view string, params ...string) {
	l.entries = append(l.entries, urlconf.RePath(regex, view))
	l.eps = append(l.eps, NetBoxEndpoint{view, request, strings.TrimPrefix(regex, "^"), params})
}

// include adds a path() include of child under route, whose own
// kwargs are params.
func (l *nbLevel) include(route, request, regex string, params []string, child *nbLevel, opts ...urlconf.Option) {
	l.entries = append(l.entries, urlconf.Include(route, urlconf.Entries(child.entries...), opts...))
	for _, ep := range child.eps {
		ep.Request, ep.Regex = request+ep.Request, regex+ep.Regex
		ep.Params = append(append([]string{}, params...), ep.Params...)
		l.eps = append(l.eps, ep)
	}
}

// nbPages is an app's (or plugin's) pages, view names prefixed with ns.
func nbPages(ns string, models int) *nbLevel {
	l := &nbLevel{}
	for i := 0; i < models; i++ {
		m := netboxModel(i)
		v := ns + ":" + m
		l.path(m+"/", m+"/", m+"/", v+"_list")
		for _, op := range []string{"add", "import", "edit", "delete"} {
			l.path(m+"/"+op+"/", m+"/"+op+"/", m+"/"+op+"/", v+"_bulk_"+op)
		}
		obj := &nbLevel{}
		obj.path("", "", "", v)
		for _, op := range []string{"edit", "delete", "changelog", "journal"} {
			obj.path(op+"/", op+"/", op+"/", v+"_"+op)
		}
		l.include(m+"/<int:pk>/", m+"/17/", m+`/(?P<pk>[0-9]+)/`, []string{"pk"}, obj)
	}
	return l
}

// nbAPI is an app's (or plugin's) REST API, as a DefaultRouter makes it.
func nbAPI(ns string, models int) *nbLevel {
	const format = `\.(?P<format>[a-z0-9]+)/?$`
	l := &nbLevel{}
	l.re(`^$`, "", ns+":api-root")
	l.re(`^`+format, ".json", ns+":api-root-format", "format")
	for i := 0; i < models; i++ {
		m := netboxModel(i)
		v := ns + ":" + m
		l.re(`^`+m+`/$`, m+"/", v+"-list")
		l.re(`^`+m+format, m+".json", v+"-list-format", "format")
		l.re(`^`+m+`/(?P<pk>[^/.]+)/$`, m+"/17/", v+"-detail", "pk")
		l.re(`^`+m+`/(?P<pk>[^/.]+)`+format, m+"/17.json", v+"-detail-format", "pk", "format")
		if i%5 == 4 {
			l.re(`^`+m+`/(?P<pk>[^/.]+)/trace/$`, m+"/17/trace/", v+"-trace", "pk")
			l.re(`^`+m+`/(?P<pk>[^/.]+)/trace`+format, m+"/17/trace.json", v+"-trace-format", "pk", "format")
		}
	}
	return l
}

// NetBox builds a NetBoxSite with copies of every app and plugin.
func NetBox(copies int) *NetBoxSite {
	site := &nbLevel{}
	site.path("", "", "", "home")
	site.path("search/", "search/", "search/", "search")
	site.path("login/", "login/", "login/", "login")
	site.path("logout/", "logout/", "logout/", "logout")
	name := func(base string, copy int) string {
		if copy == 0 {
			return base
		}
		return fmt.Sprintf("%s%d", base, copy+1)
	}
	for c := 0; c < copies; c++ {
		for _, app := range netboxApps {
			a := name(app.name, c)
			site.include(a+"/", a+"/", a+"/", nil, nbPages(a, app.models), urlconf.AppName(a))
		}
	}
	site.path("api/", "api/", "api/", "api-root")
	for c := 0; c < copies; c++ {
		for _, app := range netboxApps {
			a := name(app.name, c)
			site.include("api/"+a+"/", "api/"+a+"/", "api/"+a+"/", nil, nbAPI(a+"-api", app.models), urlconf.AppName(a+"-api"))
		}
	}
	site.path("api/status/", "api/status/", "api/status/", "api-status")
	site.re(`^api/swagger(?P<format>\.json|\.yaml)$`, "api/swagger.json", "schema-swagger", "format")
	site.path("graphql/", "graphql/", "graphql/", "graphql")
	site.path("media/<path:path>", "media/image-attachments/rack_17.png", `media/(?P<path>.+)`, "media", "path")
	site.path("media-failure/", "media-failure/", "media-failure/", "media-failure")
	plugins, pluginAPIs := &nbLevel{}, &nbLevel{}
	for c := 0; c < copies; c++ {
		for _, p := range []string{"netbox-bgp", "netbox-dns", "netbox-inventory"} {
			p = name(p, c)
			ns := strings.ReplaceAll(p, "-", "_")
			plugins.include(p+"/", p+"/", p+"/", nil, nbPages(ns, 5), urlconf.AppName(ns))
			pluginAPIs.include(p+"/", p+"/", p+"/", nil, nbAPI(ns+"-api", 5), urlconf.AppName(ns+"-api"))
		}
	}
	site.include("plugins/", "plugins/", "plugins/", nil, plugins, urlconf.AppName("plugins"))
	site.include("api/plugins/", "api/plugins/", "api/plugins/", nil, pluginAPIs, urlconf.AppName("plugins-api"))

	root := &nbLevel{}
	root.include("", "/", "^", nil, site)
	return &NetBoxSite{Entries: root.entries, Endpoints: root.eps}
}

// Conf compiles the site's URL conf.
func (s *NetBoxSite) Conf() (*urlconf.Conf, error) {
	return urlconf.New(func() []urlconf.Entry { return s.Entries })
}

// Dispatcher is hoop's dispatcher for the site, every view reading its
// kwargs.
func (s *NetBoxSite) Dispatcher(mode hoopMode) (http.Handler, error) {
	conf, err := s.Conf()
	if err != nil {
		return nil, err
	}
	reg := views.NewRegistry()
	for _, ep := range s.Endpoints {
		params := ep.Params
		reg.HandleFunc(ep.View, func(w http.ResponseWriter, r *http.Request) {
			for _, name := range params {
				read(mode.kwarg(r, name))
			}
		})
	}
	return hoopDispatcher(conf, reg, mode)
}

// Regexp2List is the naive Django dispatcher for the site: every
// endpoint's whole regex, in conf order, on regexp2.
func (s *NetBoxSite) Regexp2List() (http.Handler, error) {
	l := &regexp2List{}
	for _, ep := range s.Endpoints {
		re, err := regexp2.Compile(ep.Regex, regexp2.RE2)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", ep.Regex, err)
		}
		l.patterns = append(l.patterns, re)
		l.methods = append(l.methods, []string{"GET"})
		l.params = append(l.params, ep.Params)
	}
	return l, nil
}

// SpreadRequests picks n endpoints spread evenly over the conf, and
// returns a GET of each.
func (s *NetBoxSite) SpreadRequests(n int) []Route {
	var reqs []Route
	for k := 0; k < n; k++ {
		reqs = append(reqs, Route{"GET", s.Endpoints[k*len(s.Endpoints)/n].Request})
	}
	return reqs
}
