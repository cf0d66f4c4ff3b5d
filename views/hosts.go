package views

import (
	"errors"
	"net/http"
	"slices"

	"github.com/hoop-go/hoop/internal/origin"
	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
)

// errNoHosts is returned by ReverseHost for a request no dispatcher with
// host routing serves.
var errNoHosts = errors.New("views: the request was not routed by host (dispatcher.Options.Hosts)")

// ReverseHost returns the absolute URL of the entry named name in the
// conf of the host called host, for a link from r's host to another, as
// django-hosts' reverse(host=...) does: the host's Scheme and Port if
// it names them, else r's own (r's port only with r's scheme), the
// host's name written from its pattern with hostKwargs and the parent
// domain (urlconf.Hosts.ReverseHost), and the path as Reverse writes it,
// in r's language if the host's conf has it. A single map[string]any
// argument is taken as kwargs.
//
// r must be served by a dispatcher with Options.Hosts. r's scheme is its
// connection's: https over TLS, else http.
func ReverseHost(r *http.Request, host string, hostKwargs map[string]any, name string, args ...any) (string, error) {
	hv, _ := route.Hosts(r)
	hosts, _ := hv.(*urlconf.Hosts)
	if hosts == nil {
		return "", errNoHosts
	}
	hostname, err := hosts.ReverseHost(host, hostKwargs)
	if err != nil {
		return "", err
	}
	h, _ := hosts.Lookup(host)
	conf := h.Conf
	if lang := Language(r); lang != "" && slices.Contains(conf.Languages(), lang) {
		if c, err := conf.ForLanguage(lang); err == nil {
			conf = c
		}
	}
	o := urlconf.ReverseOptions{Args: args}
	if kw, ok := kwargsArg(args); ok {
		o = urlconf.ReverseOptions{Kwargs: kw}
	}
	path, err := conf.ReverseWith(name, o)
	if err != nil {
		return "", err
	}
	scheme, port := origin.Of(r)
	if h.Scheme != "" && h.Scheme != scheme {
		scheme, port = h.Scheme, ""
	}
	if h.Port != "" {
		port = h.Port
	}
	if port == defaultPort[scheme] {
		port = ""
	}
	u := scheme + "://" + hostname
	if port != "" {
		u += ":" + port
	}
	return u + path, nil
}

var defaultPort = map[string]string{"http": "80", "https": "443"}
