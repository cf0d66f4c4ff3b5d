package urlconf

// An Endpoint describes one endpoint of a built conf, reached through a
// chain of includes.
type Endpoint struct {
	View      string   // the view name
	Name      string   // the URL name, or ""
	Namespace string   // the namespaces of the enclosing includes, joined with ":"
	Chain     []string // the patterns of the enclosing includes and of the entry, outermost first
	Where     string   // where the entry was declared, from the module root: "blog/urls.go:14"
	Mount     bool     // a Mount: it takes every path under its prefix
	// Handler is the view declared with the entry (see Handler), or nil
	// for an entry that names a registered view.
	Handler any

	chain []*node // the nodes of Chain, for Params
}

// QualifiedName is the name to reverse the endpoint by: its namespaces
// and URL name, "blog:detail"; "" for an endpoint without a name.
func (e Endpoint) QualifiedName() string {
	if e.Name == "" || e.Namespace == "" {
		return e.Name
	}
	return e.Namespace + ":" + e.Name
}

// Endpoints lists every endpoint of the conf in resolution order: conf
// order, depth first into includes. A conf that includes itself is listed
// once, not followed around the cycle.
func (c *Conf) Endpoints() []Endpoint {
	var out []Endpoint
	var walk func(l *level, chain []string, nodes []*node, ns string, onStack map[*level]bool)
	walk = func(l *level, chain []string, nodes []*node, ns string, onStack map[*level]bool) {
		onStack[l] = true
		defer delete(onStack, l)
		for _, n := range l.nodes {
			here := append(chain[:len(chain):len(chain)], n.pat.source)
			hereNodes := append(nodes[:len(nodes):len(nodes)], n)
			if n.sub == nil {
				out = append(out, Endpoint{View: n.entry.view, Name: n.entry.opts.name, Namespace: ns, Chain: here, Where: n.entry.where,
					Mount: n.entry.kind == kindMount, Handler: n.entry.opts.handler, chain: hereNodes})
				continue
			}
			if !onStack[n.sub] {
				walk(n.sub, here, hereNodes, joinNamespace(ns, n.namespace), onStack)
			}
		}
	}
	walk(c.root, nil, nil, "", map[*level]bool{})
	return out
}

func joinNamespace(outer, inner string) string {
	switch {
	case inner == "":
		return outer
	case outer == "":
		return inner
	}
	return outer + ":" + inner
}
