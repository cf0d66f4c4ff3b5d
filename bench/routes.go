package bench

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/dlclark/regexp2"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
	"github.com/julienschmidt/httprouter"
	"github.com/labstack/echo/v4"
)

// A Route is one line of a route set: a method and a path in
// httprouter's syntax, where ":name" is one non-empty segment.
type Route struct {
	Method, Path string
}

// LoadRoutes reads a route set, one "METHOD /path" a line.
func LoadRoutes(file string) ([]Route, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var routes []Route
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		method, path, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			continue
		}
		routes = append(routes, Route{method, path})
	}
	return routes, sc.Err()
}

// Params returns the names of a path's parameters, in order.
func Params(path string) []string {
	var names []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, ":") {
			names = append(names, seg[1:])
		}
	}
	return names
}

// RequestPath is the path a client sends for a route: every parameter
// is replaced by a value of its own name plus "1" ("/repos/owner1/repo1").
func RequestPath(path string) string {
	return rewrite(path, func(name string) string { return name + "1" })
}

// DjangoPattern writes a route as the regex a Django site would:
// "^repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/pulls$".
func DjangoPattern(path string) string {
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		if i > 0 {
			b.WriteString("/")
		}
		if strings.HasPrefix(seg, ":") {
			b.WriteString("(?P<" + seg[1:] + ">[^/]+)")
		} else {
			b.WriteString(regexp.QuoteMeta(seg))
		}
	}
	b.WriteString("$")
	return b.String()
}

// bracePath writes ":name" as "{name}", for chi, gorilla/mux and
// http.ServeMux.
func bracePath(path string) string {
	return rewrite(path, func(name string) string { return "{" + name + "}" })
}

func rewrite(path string, param func(string) string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, ":") {
			segs[i] = param(seg[1:])
		}
	}
	return strings.Join(segs, "/")
}

// Sink is where handlers put what they read, so that the reading is
// never optimised away.
var Sink int

func read(values ...string) {
	for _, v := range values {
		Sink += len(v)
	}
}

// A Router is a router under test: its name and how to build it.
type Router struct {
	Name  string
	Build func(routes []Route) (http.Handler, error)
}

// Routers lists every router the benchmarks compare, hoop first: bare,
// with middleware.Defaults, and with dispatcher.Options.SkipPathValues.
var Routers = []Router{
	{"hoop", Hoop},
	{"hoop+defaults", HoopDefaults},
	{"hoop-skippv", HoopSkipPathValues},
	{"httprouter", HTTPRouter},
	{"chi", Chi},
	{"gorillamux", GorillaMux},
	{"echo", Echo},
	{"gin", Gin},
	{"servemux", ServeMux},
	{"regexp2list", Regexp2List},
}

// distinct groups routes by path, in first-registration order, with the
// methods of each: what a Django URL conf declares.
func distinct(routes []Route) (paths []string, methods map[string][]string) {
	methods = map[string][]string{}
	for _, r := range routes {
		if _, seen := methods[r.Path]; !seen {
			paths = append(paths, r.Path)
		}
		methods[r.Path] = append(methods[r.Path], r.Method)
	}
	return paths, methods
}

// Hoop is hoop's dispatcher over the Django patterns of routes, one
// RePath per distinct path, each view checking the method and reading
// every kwarg with r.PathValue.
func Hoop(routes []Route) (http.Handler, error) { return hoopWith(routes, hoopBare) }

// HoopDefaults is Hoop with middleware.Defaults as the dispatcher's
// middleware, set up to let the benchmarks' requests through (their
// Host is allowed) and without a request logger (bare hoop logs
// nothing either).
func HoopDefaults(routes []Route) (http.Handler, error) { return hoopWith(routes, hoopDefaults) }

// HoopSkipPathValues is Hoop with dispatcher.Options.SkipPathValues:
// views read kwargs with views.Kwarg instead of r.PathValue.
func HoopSkipPathValues(routes []Route) (http.Handler, error) {
	return hoopWith(routes, hoopSkipPathValues)
}

// A hoopMode is how a hoop router of the benchmarks is set up.
type hoopMode uint8

const (
	hoopBare hoopMode = iota
	hoopDefaults
	hoopSkipPathValues
	hoopPlain404 // bare, with http.NotFoundHandler as the 404 handler
)

// BenchHost is the Host of every benchmark request, the one host the
// sites with middleware.Defaults allow.
const BenchHost = "example.com"

// kwarg is how a view of mode m reads a kwarg.
func (m hoopMode) kwarg(r *http.Request, name string) string {
	if m == hoopSkipPathValues {
		return views.Kwarg(r, name)
	}
	return r.PathValue(name)
}

func hoopWith(routes []Route, mode hoopMode) (http.Handler, error) {
	paths, methods := distinct(routes)
	reg := views.NewRegistry()
	var entries []urlconf.Entry
	for i, p := range paths {
		name := fmt.Sprintf("v%d", i)
		entries = append(entries, urlconf.RePath(DjangoPattern(p), name))
		allowed, params := methods[p], Params(p)
		reg.HandleFunc(name, func(w http.ResponseWriter, r *http.Request) {
			if !slices.Contains(allowed, r.Method) {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			for _, name := range params {
				read(mode.kwarg(r, name))
			}
		})
	}
	conf, err := urlconf.New(func() []urlconf.Entry { return entries })
	if err != nil {
		return nil, err
	}
	return hoopDispatcher(conf, reg, mode)
}

// hoopDispatcher is the dispatcher of a benchmark site, debug off.
func hoopDispatcher(conf *urlconf.Conf, reg *views.Registry, mode hoopMode) (*dispatcher.Dispatcher, error) {
	s := settings.Default()
	s.AllowedHosts = []string{BenchHost}
	opts := dispatcher.Options{
		Settings: &s,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	switch mode {
	case hoopDefaults:
		opts.Middleware = middleware.Defaults(s, nil)
	case hoopSkipPathValues:
		opts.SkipPathValues = true
	case hoopPlain404:
		opts.NotFound = http.NotFoundHandler()
	}
	return dispatcher.New(conf, reg, opts)
}

func HTTPRouter(routes []Route) (http.Handler, error) {
	r := httprouter.New()
	for _, rt := range routes {
		params := Params(rt.Path)
		r.Handle(rt.Method, rt.Path, func(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) {
			for _, name := range params {
				read(ps.ByName(name))
			}
		})
	}
	return r, nil
}

func Chi(routes []Route) (http.Handler, error) {
	r := chi.NewRouter()
	for _, rt := range routes {
		params := Params(rt.Path)
		r.MethodFunc(rt.Method, bracePath(rt.Path), func(w http.ResponseWriter, r *http.Request) {
			for _, name := range params {
				read(chi.URLParam(r, name))
			}
		})
	}
	return r, nil
}

func GorillaMux(routes []Route) (http.Handler, error) {
	r := mux.NewRouter()
	for _, rt := range routes {
		params := Params(rt.Path)
		r.HandleFunc(bracePath(rt.Path), func(w http.ResponseWriter, r *http.Request) {
			vars := mux.Vars(r)
			for _, name := range params {
				read(vars[name])
			}
		}).Methods(rt.Method)
	}
	return r, nil
}

func Echo(routes []Route) (http.Handler, error) {
	e := echo.New()
	for _, rt := range routes {
		params := Params(rt.Path)
		e.Add(rt.Method, rt.Path, func(c echo.Context) error {
			for _, name := range params {
				read(c.Param(name))
			}
			return nil
		})
	}
	return e, nil
}

func Gin(routes []Route) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	g := gin.New()
	for _, rt := range routes {
		params := Params(rt.Path)
		g.Handle(rt.Method, rt.Path, func(c *gin.Context) {
			for _, name := range params {
				read(c.Param(name))
			}
		})
	}
	return g, nil
}

// ServeMux is net/http's own router. A path ending in "/" gets "{$}",
// so that it matches only itself, as in every other router here.
func ServeMux(routes []Route) (http.Handler, error) {
	m := http.NewServeMux()
	for _, rt := range routes {
		params := Params(rt.Path)
		p := bracePath(rt.Path)
		if strings.HasSuffix(p, "/") {
			p += "{$}"
		}
		m.HandleFunc(rt.Method+" "+p, func(w http.ResponseWriter, r *http.Request) {
			for _, name := range params {
				read(r.PathValue(name))
			}
		})
	}
	return m, nil
}

// regexp2List is the naive Django dispatcher: every pattern in order on
// regexp2 (RE2 mode), named groups read into a map.
type regexp2List struct {
	patterns []*regexp2.Regexp
	methods  [][]string
	params   [][]string
}

func Regexp2List(routes []Route) (http.Handler, error) {
	paths, methods := distinct(routes)
	l := &regexp2List{}
	for _, p := range paths {
		re, err := regexp2.Compile(DjangoPattern(p), regexp2.RE2)
		if err != nil {
			return nil, err
		}
		l.patterns = append(l.patterns, re)
		l.methods = append(l.methods, methods[p])
		l.params = append(l.params, Params(p))
	}
	return l, nil
}

func (l *regexp2List) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path[1:]
	for i, re := range l.patterns {
		m, err := re.FindStringMatch(path)
		if err != nil || m == nil {
			continue
		}
		kwargs := map[string]string{}
		for _, g := range m.Groups()[1:] {
			kwargs[g.Name] = g.String()
		}
		if !slices.Contains(l.methods[i], r.Method) {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		for _, name := range l.params[i] {
			read(kwargs[name])
		}
		return
	}
	http.NotFound(w, r)
}
