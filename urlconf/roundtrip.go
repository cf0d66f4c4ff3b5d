package urlconf

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"unicode/utf8"
)

// hoop.W104 proves that reverse and resolve agree on every named
// endpoint, werkzeug#3094's bug class: a URL built for one endpoint that
// resolves to another, to none, or to the same one with other values.
// For each sample URL of the endpoint that its own chain matches, the
// values the chain captures in it are given to Reverse under the
// endpoint's qualified name, and the URL Reverse writes is decoded and
// resolved, as the dispatcher would resolve a request for it: it must
// reach the same chain with the same values, as the view sees them.
//
// The samples are drawn from the endpoint's own patterns: the shadowing
// check's (its variants of each class and converter) and values that need
// quoting ("a b", "a?b", "a#b", "a%b"). A value that spells an earlier
// route's literal text ("current" for "user/<id>/" after "user/current/")
// is not tried: a catch-all after literal routes is the usual layout of
// a Django conf, and its slugs are not meant to be those words.
//
// A URL that resolves to another endpoint under the same qualified name
// (a second instance of a namespace, urls.W005; same-named entries, which
// reverse tries from the last declared) still answers the name asked for,
// and passes.

// trickyValues are parameter values that only survive the round trip
// if Reverse quotes them: a space, and the characters that end a path
// or start an escape.
var trickyValues = []string{"a b", "a?b", "a#b", "a%b", "a%2Fb"}

// maxRoundTrips bounds the samples tried per endpoint.
const maxRoundTrips = 64

// roundTrip is hoop.W104 for the endpoint at the end of chain, reversed
// as qualified ("ns:name").
func (ck *checker) roundTrip(chain []*node, qualified string) []Finding {
	self := chain[len(chain)-1]
	forms, err := normalize(chainRegex(chain))
	if err != nil {
		return nil // hoop.W102 says why
	}
	if len(forms) > maxShadowForms {
		forms = forms[:maxShadowForms]
	}
	var candidates []string
	for v := 0; v < shadowVariants; v++ {
		values := chainParamSamples(chain, v)
		for _, f := range forms {
			candidates = append(candidates, f.expand(values))
		}
		if s, ok := chainSample(chain, v); ok {
			candidates = append(candidates, s)
		}
	}
	base := chainParamSamples(chain, 0)
	for _, f := range forms {
		for _, p := range f.params {
			for _, t := range trickyValues {
				values := copyValues(base)
				values[p] = t
				candidates = append(candidates, f.expand(values))
			}
		}
	}
	tried := map[string]bool{}
	for _, cand := range candidates {
		if tried[cand] || len(tried) >= maxRoundTrips {
			continue
		}
		tried[cand] = true
		kwargs, args, ok := ck.conf.chainValues(chain, cand)
		if !ok {
			continue // not a URL of this endpoint
		}
		if problem := ck.conf.roundTripOf(chain, qualified, kwargs, args); problem != "" {
			return []Finding{{
				ID:      "hoop.W104",
				Level:   Warning,
				Message: fmt.Sprintf("%s: %s", describeReverse(qualified, kwargs, args), problem),
				Hint:    "A URL reverse writes for this name must lead back to it: make the pattern's groups or converters narrower, or order the patterns so that the more specific comes first.",
				Where:   self.entry.where,
			}}
		}
	}
	return nil
}

// copyValues copies a map of sample values.
func copyValues(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// roundTripOf reverses qualified with the values, resolves the URL as a
// request for it, and says what went wrong, or returns "".
func (c *Conf) roundTripOf(chain []*node, qualified string, kwargs map[string]any, args []string) string {
	o := ReverseOptions{Kwargs: kwargs}
	if len(kwargs) == 0 {
		o = ReverseOptions{Args: make([]any, len(args))}
		for i, a := range args {
			o.Args[i] = a
		}
	}
	u, err := c.ReverseWith(qualified, o)
	if err != nil {
		var nrm *NoReverseMatch
		if errors.As(err, &nrm) {
			return "fails, though the values come from a URL its pattern matches"
		}
		return "fails: " + err.Error()
	}
	path, err := url.PathUnescape(u)
	if err != nil {
		return fmt.Sprintf("gives %q, which is not a valid path", u)
	}
	var res result
	ok, err := c.resolveTo(&res, path)
	switch {
	case err != nil:
		return fmt.Sprintf("gives %q, which fails to resolve: %v", u, err)
	case !ok:
		return fmt.Sprintf("gives %q, which resolves to no entry", u)
	}
	got := res.nodes[:res.depth]
	m := res.Match()
	if !slices.Equal(got, chain) && qualifiedName(m) != qualified {
		other := got[len(got)-1]
		return fmt.Sprintf("gives %q, which resolves to %s (%s)", u, describeChain(got), other.entry.where)
	}
	if len(kwargs) == 0 {
		if !slices.Equal(m.Args, args) {
			return fmt.Sprintf("gives %q, which resolves to this entry with args %s", u, pyTuple(anys(m.Args)))
		}
		return ""
	}
	for k, v := range kwargs {
		if !reflect.DeepEqual(m.Kwargs[k], v) {
			return fmt.Sprintf("gives %q, which resolves to this entry with %s=%s", u, k, pyRepr(m.Kwargs[k]))
		}
	}
	return ""
}

// qualifiedName is the name a match's entry is reversed by:
// "blog:detail", or "" for an entry without a URL name.
func qualifiedName(m *Match) string {
	if m.URLName == "" || m.Namespace == "" {
		return m.URLName
	}
	return m.Namespace + ":" + m.URLName
}

// chainValues matches chain against path (without its leading "/") as
// the resolution walk tries a chain, and returns the values reverse
// takes to write it: the kwargs every pattern of the chain captured,
// converted (an inner pattern's over an outer one's, as the match merges
// them; default kwargs left out), or, for a chain without named groups,
// the positional args.
func (c *Conf) chainValues(chain []*node, path string) (kwargs map[string]any, args []string, ok bool) {
	var res result
	res.reset(c)
	res.path = path
	if !utf8.ValidString(path) {
		res.path = repercentBroken(path)
	}
	if _, ok, err := res.tryChain(chain, 0, nil, nil); !ok || err != nil {
		return nil, nil, false
	}
	kwargs = map[string]any{}
	for d := 0; d < res.depth; d++ {
		for _, cp := range res.captures(d) {
			switch {
			case cp.name == "":
				args = append(args, cp.raw)
			case cp.ok:
				kwargs[cp.name] = cp.value
			}
		}
	}
	if len(kwargs) > 0 {
		args = nil // Django drops positional args when there are kwargs
	}
	return kwargs, args, true
}

// describeReverse writes the call, in Python's words, as Django's
// messages do: reverse('blog:detail', kwargs={'slug': 'a', 'year': 1}).
func describeReverse(name string, kwargs map[string]any, args []string) string {
	switch {
	case len(kwargs) > 0:
		return fmt.Sprintf("reverse(%s, kwargs=%s)", pyRepr(name), pyRepr(kwargs))
	case len(args) > 0:
		return fmt.Sprintf("reverse(%s, args=%s)", pyRepr(name), pyTuple(anys(args)))
	}
	return fmt.Sprintf("reverse(%s)", pyRepr(name))
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
