package bench

import (
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/urlconf"
)

// A side is one half of a pair: something that serves a fixed list of
// requests once per run.
type side struct {
	run  func()
	reqs int // requests per run
}

// dispatchSide serves requests with h, each from a fresh copy.
func dispatchSide(tb testing.TB, h http.Handler, requests []Route) side {
	reqs := newRequests(tb, requests)
	w := &recorder{h: http.Header{}}
	return side{func() {
		for j := range reqs {
			clear(w.h)
			h.ServeHTTP(w, reqs[j].fresh())
		}
	}, len(reqs)}
}

// lookupSide resolves paths with hoop's resolution (the one the
// dispatcher pools), probing path+"/" after a miss without a trailing
// slash, as the dispatcher does.
func lookupSide(conf *urlconf.Conf, paths []string) side {
	res := resolution.New()
	pv := make([]string, 0, 16)
	return side{func() {
		for _, p := range paths {
			ok, _ := res.Resolve(conf, p)
			if !ok && !strings.HasSuffix(p, "/") {
				ok, _ = res.ResolveSlash()
			}
			if ok {
				pv = res.AppendPathValues(pv[:0])
				Sink += len(pv)
			}
		}
	}, len(paths)}
}

// pair measures a and b in alternation, a slice of each per op (about
// 2ms, -pairslice), so that both see the same machine even when its
// load changes from one moment to the next. Each slice is timed on its
// own, and the figures are medians over the slices: a-ns/req and
// b-ns/req the time per request of each side, a/b the ratio within each
// op (a slice of a and the slice of b right after it). Medians, not
// sums: on a shared machine the process is now and then descheduled for
// tens of milliseconds, which in a sum lands on one side and can double
// it. The allocations per request of each side are counted apart.
func pair(b *testing.B, a, c side) {
	slice := func(s side) int { // runs per slice
		start := time.Now()
		for i := 0; i < 20; i++ {
			s.run()
		}
		per := time.Since(start) / 20
		return max(1, int(*pairSlice/max(per, 1)))
	}
	ka, kc := slice(a), slice(c)
	allocsA := testing.AllocsPerRun(50, a.run) / float64(a.reqs)
	allocsC := testing.AllocsPerRun(50, c.run) / float64(c.reqs)
	perA, perC, ratio := make([]float64, b.N), make([]float64, b.N), make([]float64, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for k := 0; k < ka; k++ {
			a.run()
		}
		t1 := time.Now()
		for k := 0; k < kc; k++ {
			c.run()
		}
		t2 := time.Now()
		perA[i] = float64(t1.Sub(t0).Nanoseconds()) / float64(ka*a.reqs)
		perC[i] = float64(t2.Sub(t1).Nanoseconds()) / float64(kc*c.reqs)
		ratio[i] = perA[i] / perC[i]
	}
	b.StopTimer()
	b.ReportMetric(median(perA), "a-ns/req")
	b.ReportMetric(median(perC), "b-ns/req")
	b.ReportMetric(median(ratio), "a/b")
	b.ReportMetric(allocsA, "a-allocs/req")
	b.ReportMetric(allocsC, "b-allocs/req")
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// BenchmarkPairs measures the targets of issue 11 as ratios, each pair
// of sides interleaved within one benchmark (see pair):
//
//   - miss/conf=C/case=K/what=W: case K of BenchmarkMiss (a) against a
//     hit on the last entry of conf C (b); W is full dispatch with
//     hoop's default 404 page (dispatch), with http.NotFoundHandler
//     (plain404), or the resolution alone (lookup: resolve, then the
//     APPEND_SLASH probe after a miss). Target: at most 2x.
//   - defaults/set=S: hoop with middleware.Defaults (a) against bare
//     hoop (b), full dispatch of set S. Target: at most 1.5x and 2
//     allocations more.
//   - skippv/set=S: hoop with SkipPathValues (a) against bare hoop (b).
//   - netbox/what=lookup: the resolution of every endpoint of the NetBox conf
//     (a) against every route of GitHub's (b). Target: at most 1.5x.
//     what=dispatch: bare hoop's full dispatch, the 200 requests of
//     BenchmarkNetBox against GitHub's 203.
//   - peer/set=S/vs=P: bare hoop (a) against router P (b), full
//     dispatch of set S. Targets: at most 1.1x ServeMux on GitHub, below
//     1x chi on every set.
func BenchmarkPairs(b *testing.B) {
	for _, conf := range missConfs(b) {
		bare, err := hoopWith(conf.routes, hoopBare)
		if err != nil {
			b.Fatal(err)
		}
		plain, err := hoopWith(conf.routes, hoopPlain404)
		if err != nil {
			b.Fatal(err)
		}
		uc := hoopConf(b, conf.routes)
		cases := missCases(conf.routes)
		hit := cases[0].requests
		for _, c := range cases[1:] {
			prefix := "miss/conf=" + conf.name + "/case=" + c.name + "/what="
			b.Run(prefix+"dispatch", func(b *testing.B) {
				pair(b, dispatchSide(b, bare, c.requests), dispatchSide(b, bare, hit))
			})
			b.Run(prefix+"plain404", func(b *testing.B) {
				pair(b, dispatchSide(b, plain, c.requests), dispatchSide(b, plain, hit))
			})
			b.Run(prefix+"lookup", func(b *testing.B) {
				pair(b, lookupSide(uc, requestPaths(c.requests)), lookupSide(uc, requestPaths(hit)))
			})
		}
	}

	site := NetBox(1)
	sets := map[string][]Route{"netbox": site.SpreadRequests(200)}
	hoops := map[string]map[hoopMode]http.Handler{"netbox": {}}
	for _, mode := range []hoopMode{hoopBare, hoopDefaults, hoopSkipPathValues} {
		h, err := site.Dispatcher(mode)
		if err != nil {
			b.Fatal(err)
		}
		hoops["netbox"][mode] = h
	}
	for _, set := range []string{"github", "static", "gplus", "parse"} {
		routes := loadSet(b, set)
		sets[set], hoops[set] = routes, map[hoopMode]http.Handler{}
		for _, mode := range []hoopMode{hoopBare, hoopDefaults, hoopSkipPathValues} {
			h, err := hoopWith(routes, mode)
			if err != nil {
				b.Fatal(err)
			}
			hoops[set][mode] = h
		}
	}
	for _, set := range []string{"github", "static", "netbox"} {
		b.Run("defaults/set="+set, func(b *testing.B) {
			pair(b, dispatchSide(b, hoops[set][hoopDefaults], sets[set]), dispatchSide(b, hoops[set][hoopBare], sets[set]))
		})
	}
	for _, set := range []string{"github", "netbox"} {
		b.Run("skippv/set="+set, func(b *testing.B) {
			pair(b, dispatchSide(b, hoops[set][hoopSkipPathValues], sets[set]), dispatchSide(b, hoops[set][hoopBare], sets[set]))
		})
	}

	nbConf, err := site.Conf()
	if err != nil {
		b.Fatal(err)
	}
	var nbPaths []string
	for _, ep := range site.Endpoints {
		nbPaths = append(nbPaths, ep.Request)
	}
	ghConf := hoopConf(b, sets["github"])
	b.Run("netbox/what=lookup", func(b *testing.B) {
		pair(b, lookupSide(nbConf, nbPaths), lookupSide(ghConf, requestPaths(sets["github"])))
	})
	b.Run("netbox/what=dispatch", func(b *testing.B) {
		pair(b, dispatchSide(b, hoops["netbox"][hoopBare], sets["netbox"]), dispatchSide(b, hoops["github"][hoopBare], sets["github"]))
	})

	for _, set := range []string{"github", "static", "gplus", "parse"} {
		for _, peer := range []Router{{"servemux", ServeMux}, {"chi", Chi}} {
			h, err := peer.Build(sets[set])
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("peer/set=%s/vs=%s", set, peer.Name), func(b *testing.B) {
				pair(b, dispatchSide(b, hoops[set][hoopBare], sets[set]), dispatchSide(b, h, sets[set]))
			})
		}
	}
}

// hoopConf is the conf Hoop builds for routes.
func hoopConf(tb testing.TB, routes []Route) *urlconf.Conf {
	paths, _ := distinct(routes)
	var entries []urlconf.Entry
	for i, p := range paths {
		entries = append(entries, urlconf.RePath(DjangoPattern(p), fmt.Sprint(i)))
	}
	conf, err := urlconf.New(func() []urlconf.Entry { return entries })
	if err != nil {
		tb.Fatal(err)
	}
	return conf
}

// requestPaths are the paths of requests.
func requestPaths(requests []Route) []string {
	var paths []string
	for _, rt := range requests {
		paths = append(paths, RequestPath(rt.Path))
	}
	return paths
}

// pairSlice is how long each side of a pair runs before the other's
// turn. Long enough for each side to run mostly with its own data in
// the caches (with slices of 50µs, a NetBox lookup evicts GitHub's conf
// before each of GitHub's runs, which then looks slower than it is),
// short enough that a change in the machine's load reaches both sides.
var pairSlice = flag.Duration("pairslice", 2*time.Millisecond, "BenchmarkPairs: how long each side runs before the other's turn")
