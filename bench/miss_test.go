package bench

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/julienschmidt/httprouter"
)

// scannerPaths is the traffic every public site gets from scanners: paths
// of other software, which match nothing. None has a trailing slash but
// the last, so a Django site also probes each with "/" appended
// (APPEND_SLASH) before its 404.
var scannerPaths = []string{
	"/wp-admin/setup-config.php",
	"/wp-login.php",
	"/xmlrpc.php",
	"/.env",
	"/.git/config",
	"/.aws/credentials",
	"/phpmyadmin/index.php",
	"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
	"/cgi-bin/luci/;stok=/locale",
	"/actuator/health",
	"/owa/auth/logon.aspx",
	"/boaform/admin/formLogin",
	"/server-status",
	"/HNAP1/",
}

// re300Routes is a conf of 300 Django-style entries, each ending in "/":
// 100 models in 10 apps, each with a list, a detail and an edit page.
// For hoop they are 300 RePath entries in one level,
// "^app9/model99/(?P<pk>[^/]+)/edit/$" last.
func re300Routes() []Route {
	var routes []Route
	for m := 0; m < 100; m++ {
		base := fmt.Sprintf("/app%d/model%d/", m/10, m)
		routes = append(routes,
			Route{"GET", base},
			Route{"GET", base + ":pk/"},
			Route{"GET", base + ":pk/edit/"})
	}
	return routes
}

// missCase is one kind of request of BenchmarkMiss.
type missCase struct {
	name     string
	requests []Route
	// status is what hoop answers; other routers answer as their
	// defaults say (TestMissStatuses lists it).
	status int
}

// missCases are the requests BenchmarkMiss sends to a conf: a hit on
// the last entry of hoop's conf (the most expensive hit for a list of
// regexes), scanner traffic, a near miss (the path of a route with one
// segment more, so that the index goes deep before it fails) and,
// for a conf whose paths end in "/", the path of the last entry without
// it, which APPEND_SLASH redirects.
func missCases(routes []Route) []missCase {
	paths, methods := distinct(routes)
	last := paths[len(paths)-1]
	cases := []missCase{{"hit-last", []Route{{methods[last][0], last}}, http.StatusOK}}
	var scanner []Route
	for _, p := range scannerPaths {
		scanner = append(scanner, Route{"GET", p})
	}
	cases = append(cases, missCase{"scanner", scanner, http.StatusNotFound})
	near := RequestPath(last)
	if !strings.HasSuffix(near, "/") {
		near += "/"
	}
	cases = append(cases, missCase{"near", []Route{{"GET", near + "x"}}, http.StatusNotFound})
	if len(last) > 1 && last[len(last)-1] == '/' {
		cases = append(cases, missCase{"slash", []Route{{"GET", RequestPath(last[:len(last)-1])}}, http.StatusMovedPermanently})
	}
	return cases
}

// missConfs are the confs of BenchmarkMiss: GitHub's 203 routes, and 300
// RePath entries ending in "/".
func missConfs(tb testing.TB) []struct {
	name   string
	routes []Route
} {
	return []struct {
		name   string
		routes []Route
	}{{"github", loadSet(tb, "github")}, {"re300", re300Routes()}}
}

// missRouters are the routers of BenchmarkMiss: every router, and
// hoop-plain404.
func missRouters(tb testing.TB, routes []Route) []built {
	plain, err := hoopWith(routes, hoopPlain404)
	if err != nil {
		tb.Fatal(err)
	}
	return append(buildAll(tb, routes), built{"hoop-plain404", plain})
}

// BenchmarkMiss: full dispatch of requests that match nothing, beside a
// hit on the last entry of the same conf, every router in each round.
// hoop runs with debug off and its default 404 handler; hoop-plain404
// is bare hoop with http.NotFoundHandler, the 404 page the other
// routers send, so that the dispatcher's part of a miss shows apart
// from the page's.
func BenchmarkMiss(b *testing.B) {
	for _, conf := range missConfs(b) {
		routers := missRouters(b, conf.routes)
		for _, c := range missCases(conf.routes) {
			b.Run("conf="+conf.name+"/case="+c.name, func(b *testing.B) { serveAll(b, routers, c.requests) })
		}
	}
}

// BenchmarkMissLookup is BenchmarkMiss's requests to the routing cores
// alone: hoop's resolution (internal/resolution), followed on a miss
// without a trailing slash by the APPEND_SLASH probe, as the
// dispatcher does, and httprouter's Router.Lookup (whose tsr result is
// its trailing-slash probe).
func BenchmarkMissLookup(b *testing.B) {
	for _, conf := range missConfs(b) {
		uc := hoopConf(b, conf.routes)
		hr := httprouter.New()
		for _, rt := range conf.routes {
			hr.Handle(rt.Method, rt.Path, func(http.ResponseWriter, *http.Request, httprouter.Params) {})
		}
		for _, c := range missCases(conf.routes) {
			reqs := requestPaths(c.requests)
			b.Run("conf="+conf.name+"/case="+c.name+"/router=hoop", func(b *testing.B) {
				res := resolution.New()
				pv := make([]string, 0, 16)
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					for _, p := range reqs {
						ok, err := res.Resolve(uc, p)
						if !ok && err == nil && !strings.HasSuffix(p, "/") {
							ok, err = res.ResolveSlash() // as the dispatcher does, APPEND_SLASH on
						}
						if ok != (c.status != http.StatusNotFound) || err != nil {
							b.Fatal(p, ok, err)
						}
						if ok {
							pv = res.AppendPathValues(pv[:0])
							Sink += len(pv)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reqs)), "ns/req")
			})
			b.Run("conf="+conf.name+"/case="+c.name+"/router=httprouter", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					for j, p := range reqs {
						h, ps, tsr := hr.Lookup(c.requests[j].Method, p)
						if (h != nil || tsr) != (c.status != http.StatusNotFound) {
							b.Fatal(p, h != nil, tsr)
						}
						for _, prm := range ps {
							Sink += len(prm.Value)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(reqs)), "ns/req")
			})
		}
	}
}

// Every hoop router answers BenchmarkMiss's requests as it should (the
// view, 404, the APPEND_SLASH redirect); the others' answers are logged,
// since each router has its own defaults for a slashless path.
func TestMissStatuses(t *testing.T) {
	for _, conf := range missConfs(t) {
		for _, rt := range missRouters(t, conf.routes) {
			for _, c := range missCases(conf.routes) {
				for _, req := range newRequests(t, c.requests) {
					w := &recorder{h: http.Header{}, status: http.StatusOK}
					r := req.fresh()
					rt.h.ServeHTTP(w, r)
					switch {
					case strings.HasPrefix(rt.name, "hoop") && w.status != c.status:
						t.Errorf("%s on %s: %s = %d, want %d", rt.name, conf.name, r.URL.Path, w.status, c.status)
					case c.name == "slash" || w.status != c.status:
						t.Logf("%s on %s, %s: %s = %d %s", rt.name, conf.name, c.name, req.tmpl.URL.Path, w.status, w.h.Get("Location"))
					}
				}
			}
		}
	}
}
