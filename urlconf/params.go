package urlconf

import (
	"reflect"
	"strings"

	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// A Param is one value Reverse takes to write an endpoint's URL.
type Param struct {
	// Name is the kwarg's name, or "" for a positional arg: a group of a
	// pattern chain without named groups, given to Reverse in order.
	Name string
	// Converter is the path() converter that writes the value (Reverse
	// calls its ToURL), or nil for a regex group, whose value is text.
	Converter Converter
	// Type is the Go type of the value, as Resolve gives it and Reverse
	// takes it: string for a regex group and for str, slug and path; int
	// for int; UUID for uuid; for another converter, the type of what its
	// ToGo returns for sample texts of its regex, or nil if it refuses
	// them all.
	Type reflect.Type
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
				params = append(params, Param{Type: stringType})
				continue
			}
			named = true
			c := converters[name]
			params = append(params, Param{Name: name, Converter: c.Converter, Type: c.goType()})
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
func chainConverters(chain []*node) map[string]paramConverter {
	conv := map[string]paramConverter{}
	for _, n := range chain {
		for _, p := range n.pat.params {
			conv[p.name] = paramConverter{p.converter, n.pat.ascii}
		}
	}
	return conv
}

// paramConverter is a parameter's converter, with the class meaning of
// the pattern that declares it.
type paramConverter struct {
	Converter
	ascii bool
}

var stringType = reflect.TypeOf("")

// goType is the Go type of the values c gives (see Param.Type).
func (c paramConverter) goType() reflect.Type {
	switch c.Converter.(type) {
	case nil, StringConverter, *StringConverter, SlugConverter, *SlugConverter, PathConverter, *PathConverter:
		return stringType
	case IntConverter, *IntConverter:
		return reflect.TypeOf(0)
	case UUIDConverter, *UUIDConverter:
		return reflect.TypeOf(UUID{})
	}
	syntax, err := pyre.Parse(c.Regex())
	if err != nil {
		return nil
	}
	p := &pattern{syntax: syntax, ascii: c.ascii}
	for v := 0; v < shadowVariants; v++ {
		text, ok := newSampler(p, v).gen(syntax.Root)
		if !ok {
			continue
		}
		if val, err := c.ToGo(text); err == nil && val != nil {
			return reflect.TypeOf(val)
		}
	}
	return nil
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
