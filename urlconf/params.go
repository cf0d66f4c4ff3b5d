package urlconf

import "strings"

// A Param is one value Reverse takes to write an endpoint's URL.
type Param struct {
	// Name is the kwarg's name, or "" for a positional arg: a group of a
	// pattern chain without named groups, given to Reverse in order.
	Name string
	// Converter is the path() converter that writes the value (Reverse
	// calls its ToURL), or nil for a regex group, whose value is text.
	Converter Converter
}

// Params lists the ways Reverse can write the endpoint's URL, each as the
// values it takes, in the order of the pattern chain's groups: one list
// for most endpoints, one per combination of optional groups (Django's
// normalize: "^archive/(?:(?P<year>[0-9]+)/)?$" takes no value, or a
// year). A list is empty for an endpoint without groups; Params is nil for
// one Reverse cannot write (hoop.W102), and for a list that mixes named
// and unnamed groups, which only Django's "_0" kwargs could fill.
//
// Params is what a generator of typed URL functions needs (gen-urls): a
// parameter with a converter takes the converter's Go type.
func (e Endpoint) Params() [][]Param {
	forms, err := normalize(chainRegex(e.chain))
	if err != nil {
		return nil
	}
	converters := chainConverters(e.chain)
	groups := map[string]bool{}
	for _, n := range e.chain {
		for _, g := range n.pat.groups {
			groups[g] = g != ""
		}
	}
	var out [][]Param
	for _, f := range forms {
		params := make([]Param, 0, len(f.params))
		named, unnamed := false, false
		seen := map[string]bool{}
		for _, name := range f.params {
			if seen[name] {
				continue // a name in an include and below it: one value fills both
			}
			seen[name] = true
			if !groups[name] && isUnnamedParam(name) {
				unnamed = true
				params = append(params, Param{})
				continue
			}
			named = true
			params = append(params, Param{Name: name, Converter: converters[name]})
		}
		if named && unnamed {
			continue
		}
		out = append(out, params)
	}
	return out
}

// chainConverters are the path() converters of a chain's parameters, by
// name: an inner pattern's win, as reverse merges them.
func chainConverters(chain []*node) map[string]Converter {
	conv := map[string]Converter{}
	for _, n := range chain {
		for _, p := range n.pat.params {
			conv[p.name] = p.converter
		}
	}
	return conv
}

// isUnnamedParam reports whether a form's parameter that is not a group's
// name stands for an unnamed group: normalize names them "_0", "_1"...
func isUnnamedParam(name string) bool {
	digits := strings.TrimPrefix(name, "_")
	if digits == name || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
