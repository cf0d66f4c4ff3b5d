package examplesite

import (
	"github.com/hoop-go/hoop/example_site/blog"
	"github.com/hoop-go/hoop/urlconf"
)

// URLs is the example site's root URL conf. Order matters: the first
// pattern that matches wins.
func URLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.RePath(`^$`, "pages.index", urlconf.Name("index")),
		urlconf.RePath(`^hello/(?P<username>\w+)/$`, "pages.hello", urlconf.Name("hello")),
		urlconf.Path("articles/<int:year>/", "pages.year_archive", urlconf.Name("year-archive")),
		urlconf.Include("blog/", blog.URLs, urlconf.AppName(blog.AppName)),
		urlconf.Include("api/", apiURLs, urlconf.AppName("api")),
		urlconf.Mount("mounted/", "mounted", urlconf.Name("mounted")),
		urlconf.Include("sessions/", SessionURLs, urlconf.AppName("sessions")),
		urlconf.Include("", kindURLs),
		urlconf.Include("", shopURLs),
		urlconf.Include("", liveURLs),
		urlconf.Path("client/", "pages.client", urlconf.Name("client")),
	}
}
