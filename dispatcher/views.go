package dispatcher

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// declaredView is a view declared where its pattern is (views.Path).
type declaredView struct {
	h     http.Handler
	where string
}

// viewsOf finds the view of every view name in conf: declared in the
// conf, or registered. It lists what is missing or ambiguous, and, unless
// risksOK, the production risks of the views found (hoop.E201), each
// line naming the entry's location.
func viewsOf(conf *urlconf.Conf, registry *views.Registry, risksOK bool) (found map[string]http.Handler, problems, risky []string) {
	endpoints := conf.Endpoints()
	declared := map[string]declaredView{}
	for _, ep := range endpoints {
		if ep.Handler == nil {
			continue
		}
		h, ok := ep.Handler.(http.Handler)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: view %q is a %T, not an http.Handler", ep.Where, ep.View, ep.Handler))
			continue
		}
		prev, twice := declared[ep.View]
		switch {
		case twice && prev.where != ep.Where:
			// The same line reached again (a conf included twice) is one
			// declaration; two lines are two views under one name.
			problems = append(problems, fmt.Sprintf("%s: view %q is declared again (first at %s)", ep.Where, ep.View, prev.where))
		case twice:
		default:
			if _, ok := registry.Lookup(ep.View); ok {
				problems = append(problems, fmt.Sprintf("%s: view %q is declared here and registered too", ep.Where, ep.View))
			}
			declared[ep.View] = declaredView{h, ep.Where}
		}
	}
	found = map[string]http.Handler{}
	for _, ep := range endpoints {
		if _, seen := found[ep.View]; seen {
			continue
		}
		h, ok := registry.Lookup(ep.View)
		if d, isDeclared := declared[ep.View]; isDeclared {
			h, ok = d.h, true
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: %q (pattern %s) is not registered", ep.Where, ep.View, strings.Join(ep.Chain, " ")))
			continue
		}
		found[ep.View] = h
		if p, ok := h.(interface{ ProductionRisks() []string }); ok && !risksOK {
			for _, risk := range p.ProductionRisks() {
				risky = append(risky, fmt.Sprintf("%s: hoop.E201: view %q has %s with debug off (silence hoop.E201 if you mean it)", ep.Where, ep.View, risk))
			}
		}
	}
	return found, problems, risky
}
