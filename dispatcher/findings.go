package dispatcher

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// A CheckError is New's error when the site's checks found errors: views
// the conf names but the registry lacks (hoop.E202), views unsafe with
// debug off (hoop.E201), entries the health probes hide (hoop.W201), and
// the conf's own checks (urlconf.Conf.Check).
// It lists every finding, warnings too, each once, so that a site's
// check command reports them all from one run.
type CheckError struct {
	Findings []urlconf.Finding
}

func (e *CheckError) Error() string {
	var b strings.Builder
	b.WriteString("dispatcher: the site's checks found errors:")
	for _, f := range e.Findings {
		if f.Level == urlconf.Error {
			b.WriteString("\n\t" + f.String())
		}
	}
	return b.String()
}

// Findings returns what the site's checks found when New built d:
// warnings only, since errors stop New. Silenced checks are left out.
func (d *Dispatcher) Findings() []urlconf.Finding {
	return slices.Clone(d.findings)
}

// unregistered is the finding for a view the conf names that the
// registry lacks.
func unregistered(ep urlconf.Endpoint) urlconf.Finding {
	return urlconf.Finding{ID: "hoop.E202", Level: urlconf.Error, Where: ep.Where,
		Message: fmt.Sprintf("view %q (pattern %s) is not registered", ep.View, strings.Join(ep.Chain, " ")),
		Hint:    "register it in the views.Registry given to dispatcher.New"}
}

// productionRisk is the finding for a view unsafe with debug off.
func productionRisk(ep urlconf.Endpoint, risk string) urlconf.Finding {
	return urlconf.Finding{ID: "hoop.E201", Level: urlconf.Error, Where: ep.Where,
		Message: fmt.Sprintf("view %q has %s with debug off", ep.View, risk),
		Hint:    "silence hoop.E201 if you mean it"}
}

// probeShadows is hoop.W201 for each probe path (health_path,
// ready_path) that the conf matches too: middleware.Health answers the
// probe first, so the site's own entry never gets those requests.
func probeShadows(conf *urlconf.Conf, s *settings.Settings) []urlconf.Finding {
	var fs []urlconf.Finding
	for _, p := range []struct{ key, path string }{{"health_path", s.HealthPath}, {"ready_path", s.ReadyPath}} {
		if p.path == "" {
			continue
		}
		m, err := conf.Resolve(p.path)
		if err != nil {
			continue
		}
		where := "settings"
		for _, ep := range conf.Endpoints() {
			if ep.View == m.View && strings.Join(ep.Chain, "") == m.Route {
				where = ep.Where
				break
			}
		}
		fs = append(fs, urlconf.Finding{ID: "hoop.W201", Level: urlconf.Warning, Where: where,
			Message: fmt.Sprintf("%s is %s, which the URL conf matches too (%s, view %q): the health check answers it first", p.key, p.path, m.Route, m.View),
			Hint:    fmt.Sprintf("set %s to another path, or to \"\" to turn that probe off", p.key)})
	}
	return fs
}
