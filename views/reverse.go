package views

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/hoop-go/hoop/urlconf"
)

// errNoConf is returned by the reverse helpers for a request that no
// dispatcher served and no test gave a conf (WithConf).
var errNoConf = errors.New("views: the request carries no URL conf (served outside a dispatcher? use views.WithConf in tests)")

// Reverse returns the URL of the entry named name with args, against the
// conf serving r (see urlconf.Conf.Reverse). As Django's {% url %} does,
// it prefers the instances of the namespaces r was resolved in: inside
// the "eu-shop" instance of the "shop" app, "shop:cart" is eu-shop's.
// A single map[string]any argument is taken as kwargs.
func Reverse(r *http.Request, name string, args ...any) (string, error) {
	conf := ConfOf(r)
	if conf == nil {
		return "", errNoConf
	}
	o := urlconf.ReverseOptions{Args: args}
	if kw, ok := kwargsArg(args); ok {
		o = urlconf.ReverseOptions{Kwargs: kw}
	}
	if m := MatchOf(r); m != nil {
		o.CurrentApp = m.Namespace
	}
	return conf.ReverseWith(name, o)
}

func kwargsArg(args []any) (map[string]any, bool) {
	if len(args) != 1 {
		return nil, false
	}
	kw, ok := args[0].(map[string]any)
	return kw, ok
}

// TemplateFuncs returns the functions html/template needs to build links
// from a conf:
//
//	{{ url "blog:detail" .Year .Slug }}
//	{{ url "blog:detail" (kwargs "year" .Year "slug" .Slug) }}
//
// url is conf.Reverse (a single map argument is kwargs); kwargs builds
// that map from name, value pairs. A name that cannot be reversed stops
// the template with the NoReverseMatch error.
func TemplateFuncs(conf *urlconf.Conf) template.FuncMap {
	return template.FuncMap{
		"url": func(name string, args ...any) (string, error) {
			if kw, ok := kwargsArg(args); ok {
				return conf.ReverseKwargs(name, kw)
			}
			return conf.Reverse(name, args...)
		},
		"kwargs": func(pairs ...any) (map[string]any, error) {
			if len(pairs)%2 != 0 {
				return nil, errors.New("kwargs: want name, value pairs")
			}
			kw := make(map[string]any, len(pairs)/2)
			for i := 0; i < len(pairs); i += 2 {
				name, ok := pairs[i].(string)
				if !ok {
					return nil, errors.New("kwargs: a name is not a string")
				}
				kw[name] = pairs[i+1]
			}
			return kw, nil
		},
	}
}
