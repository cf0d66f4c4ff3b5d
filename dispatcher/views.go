package dispatcher

import (
	"fmt"
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// declaredView is a view declared where its pattern is (views.Path).
type declaredView struct {
	h     http.Handler
	where string
}

// viewsOf finds the view of every view name in conf: declared in the
// conf, or registered. It reports, as findings naming the entry's
// location, what is missing (hoop.E202) or ambiguous (hoop.E203), and,
// unless risksOK, the production risks of the views found (hoop.E201).
func viewsOf(conf *urlconf.Conf, registry *views.Registry, risksOK bool) (found map[string]http.Handler, findings []urlconf.Finding) {
	problem := func(ep urlconf.Endpoint, format string, args ...any) {
		findings = append(findings, urlconf.Finding{ID: "hoop.E203", Level: urlconf.Error, Where: ep.Where, Message: fmt.Sprintf(format, args...)})
	}
	endpoints := conf.Endpoints()
	declared := map[string]declaredView{}
	for _, ep := range endpoints {
		if ep.Handler == nil {
			continue
		}
		h, ok := ep.Handler.(http.Handler)
		if !ok {
			problem(ep, "view %q is a %T, not an http.Handler", ep.View, ep.Handler)
			continue
		}
		prev, twice := declared[ep.View]
		switch {
		case twice && prev.where != ep.Where:
			// The same line reached again (a conf included twice) is one
			// declaration; two lines are two views under one name.
			problem(ep, "view %q is declared again (first at %s)", ep.View, prev.where)
		case twice:
		default:
			if _, ok := registry.Lookup(ep.View); ok {
				problem(ep, "view %q is declared here and registered too", ep.View)
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
			found[ep.View] = nil // reported once
			findings = append(findings, unregistered(ep))
			continue
		}
		found[ep.View] = h
		if p, ok := h.(interface{ ProductionRisks() []string }); ok && !risksOK {
			for _, risk := range p.ProductionRisks() {
				findings = append(findings, productionRisk(ep, risk))
			}
		}
	}
	return found, findings
}
