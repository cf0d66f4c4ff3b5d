package urlconf_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hoop-go/hoop/urlconf"
)

// A site's urls.go: regexes as in Django's re_path, routes as in path(),
// and an included app with a namespace.
func siteURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.RePath(`^$`, "pages.index", urlconf.Name("index")),
		urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello", urlconf.Name("hello")),
		urlconf.Path("articles/<int:year>/", "news.year_archive", urlconf.Name("year-archive")),
		urlconf.Include("blog/", blogURLs, urlconf.AppName("blog")),
	}
}

func blogURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("<int:year>/<slug:slug>/", "blog.detail", urlconf.Name("detail")),
	}
}

func ExampleNew() {
	conf, err := urlconf.New(siteURLs)
	if err != nil {
		panic(err) // a bad pattern is found here, at start-up
	}
	m, _ := conf.Resolve("/hello/José/")
	fmt.Println(m.View, m.Kwargs["username"])
	// Output: pages.hello José
}

func ExampleConf_Resolve() {
	conf, _ := urlconf.New(siteURLs)
	m, _ := conf.Resolve("/blog/2003/intro/")
	fmt.Println(m.ViewName, m.Kwargs["year"].(int)+1, m.Kwargs["slug"], m.Route)

	_, err := conf.Resolve("/nowhere/")
	var nf *urlconf.NotFound
	if errors.As(err, &nf) {
		fmt.Println(len(nf.Tried), "patterns tried for", nf.Path)
	}
	// Output:
	// blog:detail 2004 intro blog/<int:year>/<slug:slug>/
	// 4 patterns tried for nowhere/
}

func ExampleRePath() {
	conf, _ := urlconf.New(urlconf.Entries(
		// Without named groups, every group is a positional arg.
		urlconf.RePath(`^archive/([0-9]{4})/([0-9]{2})/$`, "archive"),
		// With any named group, only named groups are passed, as kwargs.
		urlconf.RePath(`^post/(?P<id>[0-9]+)/(?:(?P<part>[0-9]+)/)?$`, "post"),
	))
	m, _ := conf.Resolve("/archive/2024/05/")
	fmt.Println(m.Args)
	m, _ = conf.Resolve("/post/7/")
	fmt.Println(m.Kwargs) // the optional group did not match, so it is absent
	// Output:
	// [2024 05]
	// map[id:7]
}

func ExamplePath() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("articles/<int:year>/<slug>/", "article", urlconf.Kwargs(map[string]any{"format": "html"})),
	))
	m, _ := conf.Resolve("/articles/2003/hello-world/")
	fmt.Printf("%T %v %v\n", m.Kwargs["year"], m.Kwargs["slug"], m.Kwargs["format"])
	// Output: int hello-world html
}

func ExampleInclude() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Include("shop/", urlconf.Entries(
			urlconf.Path("cart/", "shop.cart", urlconf.Name("cart")),
		), urlconf.AppName("shop"), urlconf.Namespace("eu-shop")),
	))
	m, _ := conf.Resolve("/shop/cart/")
	fmt.Println(m.ViewName, m.AppName, m.Route)
	// Output: eu-shop:cart shop shop/cart/
}

// A mount hands every path under its prefix to one view, which routes
// the rest itself; the dispatcher strips the prefix before calling it.
func ExampleMount() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("", "index"),
		urlconf.Mount("files/<slug:bucket>/", "files", urlconf.Name("files")),
	))
	m, _ := conf.Resolve("/files/photos/2024/cat.jpg")
	fmt.Println(m.View, m.Kwargs["bucket"], m.Route)
	u, _ := conf.Reverse("files", "photos")
	fmt.Println(u)
	// Output:
	// files photos files/<slug:bucket>/
	// /files/photos/
}

func ExampleReInclude() {
	conf, _ := urlconf.New(urlconf.Entries(
		// Groups in the prefix are passed down to the views.
		urlconf.ReInclude(`^(?P<lang>[a-z]{2})/`, urlconf.Entries(
			urlconf.Path("about/", "pages.about"),
		)),
	))
	m, _ := conf.Resolve("/fr/about/")
	fmt.Println(m.View, m.Kwargs["lang"])
	// Output: pages.about fr
}

// yearConverter matches four-digit years, Django's classic custom
// converter.
type yearConverter struct{}

func (yearConverter) Regex() string { return "[0-9]{4}" }
func (yearConverter) ToGo(s string) (any, error) {
	var y int
	_, err := fmt.Sscan(s, &y)
	return y, err
}
func (yearConverter) ToURL(v any) (string, error) { return fmt.Sprintf("%04d", v), nil }

func ExampleBuilder_RegisterConverter() {
	var b urlconf.Builder
	if err := b.RegisterConverter("yyyy", yearConverter{}); err != nil {
		panic(err)
	}
	conf, _ := b.Build(urlconf.Entries(urlconf.Path("articles/<yyyy:year>/", "year")))
	m, _ := conf.Resolve("/articles/2024/")
	fmt.Println(m.Kwargs["year"])
	// Output: 2024
}

func ExampleBuildError() {
	_, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^(?P<year>[0-9]{4}/$`, "year"),
		urlconf.Path("articles/<year:y>/", "articles"),
	))
	var be *urlconf.BuildError
	if errors.As(err, &be) {
		for _, problem := range be.Problems {
			// Each problem starts with where the entry is declared,
			// "urlconf/example_test.go:123: ", left out here.
			fmt.Println(problem[strings.Index(problem, " ")+1:])
		}
	}
	// Output:
	// RePath("^(?P<year>[0-9]{4}/$"): "^(?P<year>[0-9]{4}/$" is not a valid regular expression: missing ), unterminated subpattern at position 1
	// Path("articles/<year:y>/"): URL route "articles/<year:y>/" uses invalid converter "year"
}

func ExampleEntries() {
	inline := urlconf.Entries(urlconf.Path("", "api.root"))
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Include("api/", inline)))
	m, _ := conf.Resolve("/api/")
	fmt.Println(m.View)
	// Output: api.root
}

func ExampleConf_Endpoints() {
	conf, _ := urlconf.New(siteURLs)
	for _, ep := range conf.Endpoints() {
		fmt.Println(strings.Join(ep.Chain, ""), ep.View)
	}
	// Output:
	// ^$ pages.index
	// ^hello/(?P<username>\w+)/$ pages.hello
	// articles/<int:year>/ news.year_archive
	// blog/<int:year>/<slug:slug>/ blog.detail
}

func ExampleConf_Reverse() {
	conf, _ := urlconf.New(siteURLs)
	u, _ := conf.Reverse("hello", "José")
	fmt.Println(u)
	u, _ = conf.Reverse("blog:detail", 2003, "intro")
	fmt.Println(u)
	_, err := conf.Reverse("year-archive", "not-a-year")
	fmt.Println(err)
	// Output:
	// /hello/Jos%C3%A9/
	// /blog/2003/intro/
	// Reverse for 'year-archive' with arguments '('not-a-year',)' not found. 1 pattern(s) tried: ['articles/(?P<year>[0-9]+)/\\Z']
}

func ExampleConf_ReverseKwargs() {
	conf, _ := urlconf.New(siteURLs)
	u, _ := conf.ReverseKwargs("blog:detail", map[string]any{"year": 2003, "slug": "intro"})
	fmt.Println(u)
	// Output: /blog/2003/intro/
}

func ExampleConf_ReverseWith() {
	conf, _ := urlconf.New(siteURLs)
	u, _ := conf.ReverseWith("year-archive", urlconf.ReverseOptions{
		Args:         []any{2024},
		ScriptPrefix: "/news/", // the site is mounted under /news/
		Query:        url.Values{"page": {"2"}},
		Fragment:     "top",
	})
	fmt.Println(u)
	// Output: /news/articles/2024/?page=2#top
}

func ExampleBuilder_Build() {
	b := urlconf.Builder{ASCII: true} // \w, \d, \s as Python's re.ASCII
	conf, _ := b.Build(urlconf.Entries(urlconf.RePath(`^hello/(?P<username>\w+)/$`, "hello")))
	_, err := conf.Resolve("/hello/José/")
	fmt.Println(err != nil)
	// Output: true
}

func ExampleName() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("about/", "pages.about", urlconf.Name("about"))))
	u, _ := conf.Reverse("about")
	fmt.Println(u)
	// Output: /about/
}

func ExampleKwargs() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("feed/", "feeds.feed", urlconf.Kwargs(map[string]any{"format": "rss"})),
	))
	m, _ := conf.Resolve("/feed/")
	fmt.Println(m.Kwargs["format"], m.ExtraKwargs["format"])
	// Output: rss rss
}

func ExampleNamespace() {
	shop := urlconf.Entries(urlconf.Path("cart/", "shop.cart", urlconf.Name("cart")))
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Include("eu/", shop, urlconf.AppName("shop"), urlconf.Namespace("eu")),
		urlconf.Include("us/", shop, urlconf.AppName("shop"), urlconf.Namespace("us")),
	))
	eu, _ := conf.Reverse("eu:cart")
	def, _ := conf.Reverse("shop:cart") // the last declared instance
	cur, _ := conf.ReverseWith("shop:cart", urlconf.ReverseOptions{CurrentApp: "eu"})
	fmt.Println(eu, def, cur)
	// Output: /eu/cart/ /us/cart/ /eu/cart/
}

func ExampleAppName() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Include("blog/", blogURLs, urlconf.AppName("blog")), // namespace "blog" too
	))
	m, _ := conf.Resolve("/blog/2003/intro/")
	fmt.Println(m.AppName, m.Namespace, m.ViewName)
	// Output: blog blog blog:detail
}

func ExampleMatch_PathValue() {
	conf, _ := urlconf.New(urlconf.Entries(urlconf.Path("n/<int:n>/", "num")))
	m, _ := conf.Resolve("/n/007/")
	fmt.Println(m.Kwargs["n"], m.PathValue("n"))
	// Output: 7 007
}

func ExampleFormatTried() {
	conf, _ := urlconf.New(siteURLs)
	_, err := conf.Resolve("/blog/nope/")
	for _, row := range urlconf.FormatTried(err.(*urlconf.NotFound).Tried) {
		fmt.Println(row)
	}
	// Output:
	// ^$ [name='index']
	// ^hello/(?P<username>\w+)/$ [name='hello']
	// articles/<int:year>/ [name='year-archive']
	// blog/<int:year>/<slug:slug>/ [name='detail']
}

func ExampleEscapeLeadingSlashes() {
	fmt.Println(urlconf.EscapeLeadingSlashes("//evil.com/security/"))
	fmt.Println(urlconf.EscapeLeadingSlashes("/articles/2024/"))
	// Output:
	// /%2Fevil.com/security/
	// /articles/2024/
}

// A NotFound lists the patterns tried only when something reads the
// list (Django's technical 404 shows it): a miss is decided on the index.
func ExampleNotFound_TriedPatterns() {
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "archive", urlconf.Name("archive")),
		urlconf.Include("blog/", urlconf.Entries(urlconf.Path("<slug:slug>/", "post"))),
	))
	_, err := conf.Resolve("/wp-admin/")
	var nf *urlconf.NotFound
	if errors.As(err, &nf) {
		for _, row := range urlconf.FormatTried(nf.TriedPatterns()) {
			fmt.Println(row)
		}
	}
	// Output:
	// articles/<int:year>/ [name='archive']
	// blog/
}

// I18nPatterns prefixes patterns with the language's code, as Django's
// i18n_patterns; Translated patterns are translated by Builder.Translate.
// ForLanguage gives the conf of one language.
func ExampleI18nPatterns() {
	dutch := map[string]string{"about/": "over-ons/"}
	b := urlconf.Builder{
		LanguageCode: "en",
		Languages:    []string{"en", "nl"},
		Translate: func(lang, text string) string {
			if t, ok := dutch[text]; ok && lang == "nl" {
				return t
			}
			return text
		},
	}
	conf, _ := b.Build(urlconf.Entries(
		urlconf.I18nPatterns(urlconf.Entries(
			urlconf.Path("about/", "pages.about", urlconf.Name("about"), urlconf.Translated()),
		)),
	))
	nl, _ := conf.ForLanguage("nl")
	en, _ := conf.Reverse("about")
	inDutch, _ := nl.Reverse("about")
	m, _ := nl.Resolve("/nl/over-ons/")
	fmt.Println(en, inDutch, m.View, m.Route)
	// Output: /en/about/ /nl/over-ons/ pages.about nl/over-ons/
}

// Host routing as django-hosts does it: each host pattern chooses a conf;
// a host name no pattern matches gets the default host's.
func ExampleNewHosts() {
	site, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "pages.index", urlconf.Name("index"))))
	api, _ := urlconf.New(urlconf.Entries(urlconf.Path("users/", "api.users", urlconf.Name("users"))))
	users, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "users.profile", urlconf.Name("profile"))))
	hosts, err := urlconf.NewHosts("example.com", "www",
		urlconf.Host{Name: "www", Pattern: `www`, Conf: site},
		urlconf.Host{Name: "api", Pattern: `api`, Conf: api, Scheme: "https"},
		urlconf.Host{Name: "user", Pattern: `(?P<user>[a-z0-9-]+)`, Conf: users},
	)
	if err != nil {
		panic(err) // a bad pattern, or a default that is not a host
	}
	for _, name := range []string{"api.example.com", "ann.example.com", "[::1]"} {
		h, kwargs, _ := hosts.Match(name)
		fmt.Println(name, "->", h.Name, kwargs)
	}
	// A link to another host: its name, then the path in its conf.
	host, _ := hosts.ReverseHost("user", map[string]any{"user": "bob"})
	path, _ := users.Reverse("profile")
	fmt.Println("//" + host + path)
	// Output:
	// api.example.com -> api map[]
	// ann.example.com -> user map[user:ann]
	// [::1] -> www map[]
	// //bob.example.com/
}

func exampleHosts() *urlconf.Hosts {
	site, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "pages.index")))
	users, _ := urlconf.New(urlconf.Entries(urlconf.Path("", "users.profile")))
	hosts, _ := urlconf.NewHosts("example.com", "www",
		urlconf.Host{Name: "www", Pattern: `www`, Conf: site},
		urlconf.Host{Name: "user", Pattern: `(?P<user>[a-z0-9-]+)`, Conf: users, Scheme: "https"},
	)
	return hosts
}

func ExampleHosts_Match() {
	hosts := exampleHosts()
	h, kwargs, _ := hosts.Match("ann.example.com")
	fmt.Println(h.Name, kwargs["user"])
	h, _, _ = hosts.Match("www.example.com")
	fmt.Println(h.Name)
	// Output:
	// user ann
	// www
}

func ExampleHosts_ReverseHost() {
	hosts := exampleHosts()
	fmt.Println(hosts.ReverseHost("user", map[string]any{"user": "ann"}))
	fmt.Println(hosts.ReverseHost("user", map[string]any{"user": "evil.test/"}))
	// Output:
	// ann.example.com <nil>
	//  Reverse host for 'user' with keyword arguments '{'user': 'evil.test/'}' not found.
}

func ExampleHosts_Lookup() {
	hosts := exampleHosts()
	for _, h := range hosts.List() {
		fmt.Println(h.Name, h.Pattern)
	}
	user, _ := hosts.Lookup("user")
	fmt.Println("default:", hosts.Default().Name, "; user links use", user.Scheme)
	// Output:
	// www www
	// user (?P<user>[a-z0-9-]+)
	// default: www ; user links use https
}

// Handler keeps a view with its entry, for package views to declare views
// where their patterns are (views.Path); urlconf only hands it back.
func ExampleHandler() {
	type view struct{ greeting string }
	conf, _ := urlconf.New(urlconf.Entries(
		urlconf.Path("hello/", "hello", urlconf.Handler(view{"hi"})),
		urlconf.Path("bye/", "bye"),
	))
	for _, ep := range conf.Endpoints() {
		fmt.Printf("%s %v\n", ep.View, ep.Handler)
	}
	// Output:
	// hello {hi}
	// bye <nil>
}
