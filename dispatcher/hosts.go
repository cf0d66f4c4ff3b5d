package dispatcher

import (
	"errors"
	"net/http"

	"github.com/hoop-go/hoop/internal/hostname"
	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/urlconf"
)

// chooseHost routes r by its host name (Options.Hosts): the site of the
// first host whose pattern matches, else the default host's, with the
// host's kwargs first among the path values. A host the allowed hosts
// refuse routes nowhere: the allowed-hosts check comes first, as the
// AllowedHosts middleware reads the host, so a forged Host header can
// never choose a conf. It returns outView to go on resolving the path.
func (d *Dispatcher) chooseHost(st *state, r *http.Request) outcome {
	domain, _, ok := hostname.Split(r.Host)
	if !ok || !hostname.Allowed(domain, d.allowedHosts) {
		st.reject = rejection{http.StatusBadRequest, "Invalid HTTP_HOST header: this site does not serve the host the request names."}
		return outGuard
	}
	i, kv, err := resolution.MatchHost(d.hosts, domain, st.route.PathValues[:0])
	if err != nil {
		st.err = err
		var timeout *urlconf.TimeoutError
		if errors.As(err, &timeout) {
			return outTimeout
		}
		return outError
	}
	st.site, st.route.Host = d.hostSites[i], i
	st.route.Conf = st.site.conf
	st.route.PathValues, st.hostKwargs = kv, len(kv)
	if !d.skipPathValues {
		for k := 0; k+1 < len(kv); k += 2 {
			r.SetPathValue(kv[k], kv[k+1])
		}
	}
	return outView
}
