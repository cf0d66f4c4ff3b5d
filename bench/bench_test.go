package bench

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/julienschmidt/httprouter"
)

// A request is served from a fresh copy of tmpl each time, as net/http
// hands every request over in a new *http.Request: a router that sets
// path values on it pays for that on every request, as in production.
// Its URL is copied too (into url, without allocating), since some
// routers change r.URL.Path when they redirect.
type request struct {
	tmpl, work http.Request
	url        url.URL
}

// fresh returns a fresh copy of the template request.
func (r *request) fresh() *http.Request {
	r.work = r.tmpl
	r.url = *r.tmpl.URL
	r.work.URL = &r.url
	return &r.work
}

func newRequests(tb testing.TB, routes []Route) []request {
	reqs := make([]request, len(routes))
	for i, rt := range routes {
		r, err := http.NewRequest(rt.Method, RequestPath(rt.Path), nil)
		if err != nil {
			tb.Fatal(err)
		}
		r.RequestURI = r.URL.RequestURI()
		r.Host = BenchHost
		reqs[i].tmpl = *r
	}
	return reqs
}

// recorder is the response writer: it only remembers the status.
type recorder struct {
	h      http.Header
	status int
}

func (w *recorder) Header() http.Header         { return w.h }
func (w *recorder) Write(p []byte) (int, error) { return len(p), nil }
func (w *recorder) WriteHeader(code int)        { w.status = code }

func loadSet(tb testing.TB, name string) []Route {
	routes, err := LoadRoutes("testdata/" + name + ".txt")
	if err != nil {
		tb.Fatal(err)
	}
	return routes
}

var sets = []string{"github", "static", "gplus", "parse"}

// A built router: a Router's handler for one set of routes.
type built struct {
	name string
	h    http.Handler
}

// buildAll builds every router for routes, once, not at every b.N the
// benchmark tries.
func buildAll(tb testing.TB, routes []Route) []built {
	var all []built
	for _, rt := range Routers {
		h, err := rt.Build(routes)
		if err != nil {
			tb.Fatalf("%s: %v", rt.Name, err)
		}
		all = append(all, built{rt.Name, h})
	}
	return all
}

// benchAll serves one request to every route per op.
func benchAll(b *testing.B, routes, requests []Route) {
	serveAll(b, buildAll(b, routes), requests)
}

// serveAll measures each router in turn serving requests, one of each
// per op.
func serveAll(b *testing.B, routers []built, requests []Route) {
	for _, rt := range routers {
		b.Run("router="+rt.name, func(b *testing.B) { serve(b, rt.h, requests) })
	}
}

// serve measures h serving requests, one of each per op, each from a
// fresh copy of its template; ns/req is the time per request.
func serve(b *testing.B, h http.Handler, requests []Route) {
	reqs := newRequests(b, requests)
	w := &recorder{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range reqs {
			clear(w.h)
			h.ServeHTTP(w, reqs[j].fresh())
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reqs)), "ns/req")
}

// BenchmarkAll: one request to each route of a set, per op.
func BenchmarkAll(b *testing.B) {
	for _, set := range sets {
		routes := loadSet(b, set)
		b.Run("set="+set, func(b *testing.B) { benchAll(b, routes, routes) })
	}
}

// singleRoutes is a list of 100 routes, route i with 1+i%5 parameters:
// "/r0/:p1", "/r1/:p1/:p2", ... The early routes are the first five, the
// late ones the last five, with 1 to 5 parameters each.
func singleRoutes() []Route {
	var routes []Route
	for i := 0; i < 100; i++ {
		p := fmt.Sprintf("/r%d", i)
		for k := 1; k <= 1+i%5; k++ {
			p += fmt.Sprintf("/:p%d", k)
		}
		routes = append(routes, Route{"GET", p})
	}
	return routes
}

// BenchmarkSingle: one route, early or late in a list of 100, with 1 to
// 5 parameters.
func BenchmarkSingle(b *testing.B) {
	routes := singleRoutes()
	for _, where := range []string{"early", "late"} {
		for k := 1; k <= 5; k++ {
			i := k - 1
			if where == "late" {
				i = 95 + k - 1
			}
			b.Run(fmt.Sprintf("route=%s-p%d", where, k), func(b *testing.B) {
				benchAll(b, routes, routes[i:i+1])
			})
		}
	}
}

// growthRoutes is a conf of n routes of five shapes, so that literal and
// parameter segments mix at every depth:
// "/s{i}/page", "/p{i}/:id", "/q{i}/:id/sub/:sub", "/users/:u/r{i}",
// "/static/f{i}/file.html".
func growthRoutes(n int) []Route {
	routes := make([]Route, n)
	for i := range routes {
		var p string
		switch i % 5 {
		case 0:
			p = fmt.Sprintf("/s%d/page", i)
		case 1:
			p = fmt.Sprintf("/p%d/:id", i)
		case 2:
			p = fmt.Sprintf("/q%d/:id/sub/:sub", i)
		case 3:
			p = fmt.Sprintf("/users/:u/r%d", i)
		case 4:
			p = fmt.Sprintf("/static/f%d/file.html", i)
		}
		routes[i] = Route{"GET", p}
	}
	return routes
}

// growthRequests picks 200 routes spread evenly over the conf, of every
// shape in turn.
func growthRequests(routes []Route) []Route {
	var reqs []Route
	for k := 0; k < 200; k++ {
		reqs = append(reqs, routes[k*(len(routes)/200)+k%5])
	}
	return reqs
}

// BenchmarkGrowth: 200 requests spread over a conf of 10,000 routes.
func BenchmarkGrowth(b *testing.B) {
	routes := growthRoutes(10000)
	benchAll(b, routes, growthRequests(routes))
}

// BenchmarkBuild10k is the start-up of a 10,000-endpoint site:
// compiling its conf (what=urlconf: urlconf.New), and the conf plus the
// dispatcher, checks included (what=urlconf+dispatcher: urlconf.New and
// dispatcher.New, as a site starts). conf=flat is the Growth conf, one
// level of RePath entries; conf=netbox is the NetBox conf with 5 copies
// of every app and plugin, 10,550 endpoints under includes. cpu-ns/op
// is the process's CPU time per op, the garbage collector's on the
// other cores included: on a shared machine it moves less than the
// wall time.
func BenchmarkBuild10k(b *testing.B) {
	routes := growthRoutes(10000)
	var entries []urlconf.Entry
	for i, rt := range routes {
		entries = append(entries, urlconf.RePath(DjangoPattern(rt.Path), fmt.Sprint(i)))
	}
	site := NetBox(5)
	confs := []struct {
		name    string
		entries []urlconf.Entry
		site    func() (http.Handler, error)
	}{
		{"flat", entries, func() (http.Handler, error) { return Hoop(routes) }},
		{"netbox", site.Entries, func() (http.Handler, error) { return site.Dispatcher(hoopBare) }},
	}
	for _, c := range confs {
		b.Run("conf="+c.name+"/what=urlconf", func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := urlconf.New(func() []urlconf.Entry { return c.entries }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
		b.Run("conf="+c.name+"/what=urlconf+dispatcher", func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := c.site(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// Every router answers every request of every set with its handler
// (status 200), and the handler reads every parameter.
func TestRoutersServeEveryRoute(t *testing.T) {
	cases := map[string][]Route{"single": singleRoutes(), "growth": growthRoutes(10000)[:500]}
	for _, set := range sets {
		cases[set] = loadSet(t, set)
	}
	for name, routes := range cases {
		for _, rt := range Routers {
			h, err := rt.Build(routes)
			if err != nil {
				t.Fatalf("%s on %s: %v", rt.Name, name, err)
			}
			for i, req := range newRequests(t, routes) {
				w := &recorder{h: http.Header{}, status: http.StatusOK}
				before := Sink
				h.ServeHTTP(w, req.fresh())
				if w.status != http.StatusOK {
					t.Errorf("%s on %s: %s %s = %d", rt.Name, name, req.tmpl.Method, req.tmpl.URL.Path, w.status)
				}
				if len(Params(routes[i].Path)) > 0 && Sink == before {
					t.Errorf("%s on %s: %s read no parameter", rt.Name, name, req.tmpl.URL.Path)
				}
			}
		}
	}
}

// BenchmarkLookup is the routing core alone, without HTTP: hoop's
// resolution, the one the dispatcher pools (internal/resolution, which
// the bench module may import: its path is under hoop's), and
// httprouter's Router.Lookup, one lookup per route of a set, reading
// every parameter. set=netbox is hoop alone on
// the NetBox-sized conf (netbox.go), one lookup per endpoint, and
// set=netbox-<kind> the endpoints of each kind (NetBoxEndpoint.Kind).
func BenchmarkLookup(b *testing.B) {
	defer func() {
		site := NetBox(1)
		conf, err := site.Conf()
		if err != nil {
			b.Fatal(err)
		}
		var paths []string
		kinds := map[string][]string{}
		for _, ep := range site.Endpoints {
			paths = append(paths, ep.Request)
			kinds[ep.Kind()] = append(kinds[ep.Kind()], ep.Request)
		}
		b.Run("set=netbox/router=hoop", func(b *testing.B) { lookupHoop(b, conf, paths) })
		for _, k := range NetBoxKinds {
			b.Run("set=netbox-"+k+"/router=hoop", func(b *testing.B) { lookupHoop(b, conf, kinds[k]) })
		}
	}()
	for _, set := range sets {
		routes := loadSet(b, set)
		var paths []string
		for _, rt := range routes {
			paths = append(paths, RequestPath(rt.Path))
		}
		b.Run("set="+set+"/router=hoop", func(b *testing.B) {
			distinctPaths, _ := distinct(routes)
			var entries []urlconf.Entry
			for i, p := range distinctPaths {
				entries = append(entries, urlconf.RePath(DjangoPattern(p), fmt.Sprint(i)))
			}
			conf, err := urlconf.New(func() []urlconf.Entry { return entries })
			if err != nil {
				b.Fatal(err)
			}
			lookupHoop(b, conf, paths)
		})
		b.Run("set="+set+"/router=httprouter", func(b *testing.B) {
			r := httprouter.New()
			h := func(http.ResponseWriter, *http.Request, httprouter.Params) {}
			for _, rt := range routes {
				r.Handle(rt.Method, rt.Path, h)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for j, p := range paths {
					_, ps, _ := r.Lookup(routes[j].Method, p)
					for _, prm := range ps {
						Sink += len(ps.ByName(prm.Key))
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/req")
		})
	}
}

// lookupHoop measures hoop's resolution of every path, per op, reading
// every kwarg. A pattern that only regexp2 runs can time out on a
// loaded machine (regexp2's clock is wall time, and a starved clock
// jumps): such lookups are counted, as timeouts/op, not fatal.
func lookupHoop(b *testing.B, conf *urlconf.Conf, paths []string) {
	res := resolution.New()
	pv := make([]string, 0, 16)
	timeouts := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range paths {
			ok, err := res.Resolve(conf, p)
			if err != nil && isTimeout(err) {
				timeouts++
				continue
			}
			if !ok || err != nil {
				b.Fatal(p, ok, err)
			}
			pv = res.AppendPathValues(pv[:0])
			for k := 1; k < len(pv); k += 2 {
				Sink += len(pv[k])
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/req")
	if timeouts > 0 {
		b.ReportMetric(float64(timeouts)/float64(b.N), "timeouts/op")
	}
}

// isTimeout reports whether err is a regex that ran out of time.
func isTimeout(err error) bool {
	var timeout *urlconf.TimeoutError
	return errors.As(err, &timeout)
}

// The allocation target: hoop allocates no more than chi per request,
// on every route of every set (both set r.PathValue).
func TestAllocsNoMoreThanChi(t *testing.T) {
	for _, set := range sets {
		routes := loadSet(t, set)
		count := func(build func([]Route) (http.Handler, error)) float64 {
			h, err := build(routes)
			if err != nil {
				t.Fatal(err)
			}
			reqs := newRequests(t, routes)
			w := &recorder{h: http.Header{}}
			return testing.AllocsPerRun(20, func() {
				for j := range reqs {
					h.ServeHTTP(w, reqs[j].fresh())
				}
			})
		}
		hoop, chi := count(Hoop), count(Chi)
		t.Logf("%s: %v allocations for %d requests (chi: %v)", set, hoop, len(routes), chi)
		if hoop > chi {
			t.Errorf("%s: hoop makes %v allocations for %d requests, chi %v", set, hoop, len(routes), chi)
		}
	}
}

// BenchmarkSetPathValue is the floor under every router that makes
// kwargs visible through r.PathValue: net/http's Request.SetPathValue on
// a fresh request, which allocates a map on the first call.
func BenchmarkSetPathValue(b *testing.B) {
	tmpl, err := http.NewRequest("GET", "/a/b/c/d/e", nil)
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"p1", "p2", "p3", "p4", "p5"}
	for k := 1; k <= 5; k++ {
		b.Run(fmt.Sprintf("kwargs=%d", k), func(b *testing.B) {
			var req http.Request
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req = *tmpl
				for _, name := range names[:k] {
					req.SetPathValue(name, "v")
				}
			}
		})
	}
}
