package bench

import (
	"net/http"
	"testing"
)

// netboxRouters are the routers of BenchmarkNetBox: hoop in its three
// set-ups, and the naive list of the same regexes. The other routers
// have no syntax for DRF's format suffixes inside a segment.
func netboxRouters(tb testing.TB, site *NetBoxSite) []built {
	var all []built
	for _, m := range []struct {
		name string
		mode hoopMode
	}{{"hoop", hoopBare}, {"hoop+defaults", hoopDefaults}, {"hoop-skippv", hoopSkipPathValues}} {
		h, err := site.Dispatcher(m.mode)
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, built{m.name, h})
	}
	l, err := site.Regexp2List()
	if err != nil {
		tb.Fatal(err)
	}
	return append(all, built{"regexp2list", l})
}

// BenchmarkNetBox: full dispatch of 200 requests spread over the
// NetBox-sized conf. Its lookup alone is BenchmarkLookup/set=netbox.
func BenchmarkNetBox(b *testing.B) {
	site := NetBox(1)
	serveAll(b, netboxRouters(b, site), site.SpreadRequests(200))
}

// The NetBox conf has about 2,000 endpoints; every endpoint's request
// resolves to that endpoint with its kwargs, in hoop and in the naive
// list; every router answers the benchmark's requests with 200.
func TestNetBoxConf(t *testing.T) {
	site := NetBox(1)
	if n := len(site.Endpoints); n < 1900 || n > 2200 {
		t.Errorf("%d endpoints, want about 2,000", n)
	}
	conf, err := site.Conf()
	if err != nil {
		t.Fatal(err)
	}
	nl, err := site.Regexp2List()
	if err != nil {
		t.Fatal(err)
	}
	naive := nl.(*regexp2List)
	for i, ep := range site.Endpoints {
		m, err := conf.Resolve(ep.Request)
		if err != nil {
			t.Fatalf("%s: %v", ep.Request, err)
		}
		if m.View != ep.View {
			t.Errorf("%s resolves to %s, want %s", ep.Request, m.View, ep.View)
		}
		if len(m.Kwargs) != len(ep.Params) {
			t.Errorf("%s: kwargs %v, want %v", ep.Request, m.Kwargs, ep.Params)
		}
		for j, re := range naive.patterns {
			if ok, _ := re.MatchString(ep.Request[1:]); ok {
				if j != i {
					t.Errorf("%s: the naive list takes %s, want %s", ep.Request, re, ep.Regex)
				}
				break
			}
		}
	}
	for _, rt := range netboxRouters(t, site) {
		for _, req := range newRequests(t, site.SpreadRequests(200)) {
			w := &recorder{h: http.Header{}, status: http.StatusOK}
			before := Sink
			rt.h.ServeHTTP(w, req.fresh())
			if w.status != http.StatusOK {
				t.Errorf("%s: %s = %d", rt.name, req.tmpl.URL.Path, w.status)
			}
			if m, _ := conf.Resolve(req.tmpl.URL.Path); len(m.Kwargs) > 0 && Sink == before {
				t.Errorf("%s: %s read no parameter", rt.name, req.tmpl.URL.Path)
			}
		}
	}
}

// The 10,000-endpoint NetBox conf of BenchmarkBuild10k builds, and its
// last endpoint resolves.
func TestNetBox10k(t *testing.T) {
	site := NetBox(5)
	t.Logf("%d endpoints", len(site.Endpoints))
	conf, err := site.Conf()
	if err != nil {
		t.Fatal(err)
	}
	last := site.Endpoints[len(site.Endpoints)-1]
	if m, err := conf.Resolve(last.Request); err != nil || m.View != last.View {
		t.Errorf("%s: %v %v", last.Request, m, err)
	}
}
