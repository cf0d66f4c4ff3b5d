package views

import (
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Exposer is a controller for Object: Exposed names, as Go method names
// ("Index", "Cart", "AddItem"), the only methods of the controller that a
// URL can reach. Every other method, exported or not, is never reachable.
// Object calls Exposed once, when it is built.
type Exposer interface {
	Exposed() []string
}

// A Filter is an optional hook on a controller: Object calls Before before
// every exposed method of that controller and of the controllers below it,
// outermost controller first. An error stops the request and is rendered
// with RenderError: return Redirect(loginURL) to redirect a visitor who is not
// logged in, or Forbidden(...) to refuse.
//
// A filter guards its whole subtree, including the paths under it that
// lead nowhere: a request for a missing page below a filtered controller
// gets the filter's answer, not a 404 that would reveal what exists there.
type Filter interface {
	Before(r *http.Request) error
}

// ObjectOptions configures Object.
type ObjectOptions struct {
	// Param is the kwarg of the mount pattern that holds the rest of the
	// path below the mount point, read with r.PathValue. Empty means
	// "rest".
	Param string
}

// Object returns a view that maps the path segments below its mount point
// to methods of ctrl, as CherryPy's object dispatch does. It is mounted by
// a URL conf entry that captures the rest of the path:
//
//	urlconf.RePath(`^shop/(?P<rest>.*)$`, "shop")
//	reg.Handle("shop", views.Object(&Shop{}, views.ObjectOptions{}))
//
// or, with path() routes, by two entries naming the same view:
//
//	urlconf.Path("shop/", "shop")             // no rest: the index
//	urlconf.Path("shop/<path:rest>", "shop")
//
// A request whose match has no such kwarg is served as an empty rest.
// The rest is split on "/" (a trailing slash is ignored) and walked from
// ctrl down:
//
//   - A segment that is the snake_case name of an exported field of the
//     current controller whose value is itself an Exposer descends into
//     that sub-controller (a nil or embedded field is not mounted).
//   - A segment that is the snake_case name of an exposed method calls it
//     ("add_item" calls AddItem, "cart" calls Cart; no other spelling
//     matches), with the segments after it as arguments.
//   - When the path ends at a controller, its exposed Index is called.
//   - Otherwise the controller's exposed Default, if any, is called with
//     the segments that did not match, as CherryPy's default; only the
//     Default of the controller where the walk stopped is tried.
//   - Anything else is a 404 (NotFound).
//
// Index and Default are exposed methods like the others, so "index" and
// "default" also reach them by name.
//
// An exposed method has one of these signatures:
//
//	func(r *http.Request, args ...string) (any, error) // any number of arguments
//	func(r *http.Request) (any, error)                 // none: extra segments are a 404
//	func(w http.ResponseWriter, r *http.Request, args []string) // any number; writes its response
//
// Results are written with Respond, errors with RenderError. Object does not
// look at the HTTP method: a method that cares checks r.Method (or returns
// MethodNotAllowed).
//
// Before the method runs, the Before hook of every controller on the way
// that is a Filter runs, outermost first (see Filter).
//
// Paths with an empty segment in the middle ("a//b"), a segment "." or
// containing "..", a backslash, a control character or invalid UTF-8 are
// a 404 before any controller is consulted.
//
// Object inspects ctrl once, with reflection, and builds a dispatch table;
// a request does no reflection. It panics, as a programming error found at
// start-up, if ctrl is not an Exposer, if Exposed names a method that does
// not exist, is not exported, or has another signature (naming every such
// entry), or if two exposed methods or sub-controllers of a controller
// have the same snake_case name, or if the tree of controllers has a cycle.
// Pass a pointer (&Shop{}) so that methods
// with pointer receivers can be exposed and the controller's state is
// shared by every request; its methods must be safe for concurrent use.
func Object(ctrl any, opts ObjectOptions) http.Handler {
	param := opts.Param
	if param == "" {
		param = "rest"
	}
	root := buildNode(reflect.ValueOf(ctrl), fmt.Sprintf("%T", ctrl), nil)
	return &objectView{root: root, param: param}
}

// objectView is the handler Object returns.
type objectView struct {
	root  *objectNode
	param string
}

// objectNode is one controller of the tree, with its dispatch table.
type objectNode struct {
	filter   Filter                 // nil when the controller has none
	methods  map[string]objectCall  // by snake_case name
	children map[string]*objectNode // sub-controllers, by snake_case field name
	index    *objectCall
	fallback *objectCall // Default
}

// objectCall is an exposed method, as a plain func value.
type objectCall struct {
	variadic func(*http.Request, ...string) (any, error)
	noArgs   func(*http.Request) (any, error)
	writer   func(http.ResponseWriter, *http.Request, []string)
}

// accepts reports whether the method takes n arguments.
func (c objectCall) accepts(n int) bool { return c.noArgs == nil || n == 0 }

func (c objectCall) serve(w http.ResponseWriter, r *http.Request, args []string) {
	switch {
	case c.variadic != nil:
		v, err := c.variadic(r, args...)
		Respond(w, r, v, err)
	case c.noArgs != nil:
		v, err := c.noArgs(r)
		Respond(w, r, v, err)
	default:
		c.writer(w, r, args)
	}
}

const objectSignatures = "func(*http.Request, ...string) (any, error), " +
	"func(*http.Request) (any, error) or func(http.ResponseWriter, *http.Request, []string)"

var exposerType = reflect.TypeFor[Exposer]()

// buildNode builds the dispatch table of the controller v, named name in
// messages; path holds the pointers of the controllers above it, to
// refuse a cycle.
func buildNode(v reflect.Value, name string, path []ctrlID) *objectNode {
	if !v.IsValid() || !v.Type().Implements(exposerType) {
		hint := ""
		if v.IsValid() && v.Kind() != reflect.Pointer && reflect.PointerTo(v.Type()).Implements(exposerType) {
			hint = " (its Exposed method has a pointer receiver: pass a pointer)"
		}
		panic(fmt.Sprintf("views: Object: %s does not implement views.Exposer%s", name, hint))
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			panic(fmt.Sprintf("views: Object: %s is a nil pointer", name))
		}
		// A struct and its first field share an address: the type tells
		// them apart.
		p := ctrlID{v.Pointer(), v.Type()}
		for _, q := range path {
			if q == p {
				panic(fmt.Sprintf("views: Object: %s is a controller that contains itself", name))
			}
		}
		path = append(path[:len(path):len(path)], p)
	}
	ctrl := v.Interface()
	n := &objectNode{methods: map[string]objectCall{}, children: map[string]*objectNode{}}
	n.filter, _ = ctrl.(Filter)
	routes := map[string]string{} // snake_case name -> Go name, to refuse clashes

	var problems []string
	seen := map[string]bool{}
	for _, goName := range ctrl.(Exposer).Exposed() {
		if seen[goName] {
			continue
		}
		seen[goName] = true
		m := v.MethodByName(goName)
		if !m.IsValid() {
			why := "no such exported method"
			if _, ok := reflect.PointerTo(v.Type()).MethodByName(goName); ok && v.Kind() != reflect.Pointer {
				why = "it has a pointer receiver: pass a pointer"
			}
			problems = append(problems, fmt.Sprintf("%q (%s)", goName, why))
			continue
		}
		var call objectCall
		switch f := m.Interface().(type) {
		case func(*http.Request, ...string) (any, error):
			call.variadic = f
		case func(*http.Request) (any, error):
			call.noArgs = f
		case func(http.ResponseWriter, *http.Request, []string):
			call.writer = f
		default:
			problems = append(problems, fmt.Sprintf("%q (signature %s; want %s)", goName, m.Type(), objectSignatures))
			continue
		}
		route := snakeCase(goName)
		if other, clash := routes[route]; clash {
			problems = append(problems, fmt.Sprintf("%q (its URL name %q is also %s's)", goName, route, other))
			continue
		}
		routes[route] = goName
		n.methods[route] = call
		switch goName {
		case "Index":
			n.index = &call
		case "Default":
			n.fallback = &call
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		panic(fmt.Sprintf("views: Object: %s exposes methods it cannot: %s", name, strings.Join(problems, ", ")))
	}

	s := v
	if s.Kind() == reflect.Pointer {
		s = s.Elem()
	}
	if s.Kind() != reflect.Struct {
		return n
	}
	for i := 0; i < s.NumField(); i++ {
		field := s.Type().Field(i)
		if !field.IsExported() || field.Anonymous {
			continue
		}
		child, ok := subController(s.Field(i))
		if !ok {
			if ft := field.Type; ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface &&
				reflect.PointerTo(ft).Implements(exposerType) {
				panic(fmt.Sprintf("views: Object: %s.%s is a controller only through a pointer: pass %s as a pointer",
					name, field.Name, name))
			}
			continue
		}
		route := snakeCase(field.Name)
		if other, clash := routes[route]; clash {
			panic(fmt.Sprintf("views: Object: %s: field %s and %s have the same URL name %q", name, field.Name, other, route))
		}
		routes[route] = field.Name
		n.children[route] = buildNode(child, name+"."+field.Name, path)
	}
	return n
}

// ctrlID identifies a controller reached through a pointer.
type ctrlID struct {
	addr uintptr
	typ  reflect.Type
}

// subController returns the controller a field holds, if it holds one: the
// field's address when that is an Exposer (so that a value field is shared
// and pointer methods work), else the field's value.
func subController(f reflect.Value) (reflect.Value, bool) {
	if f.CanAddr() && f.Kind() != reflect.Pointer && f.Kind() != reflect.Interface &&
		f.Addr().Type().Implements(exposerType) {
		return f.Addr(), true
	}
	if f.Kind() == reflect.Interface {
		if f.IsNil() {
			return reflect.Value{}, false
		}
		f = f.Elem()
	}
	if !f.Type().Implements(exposerType) {
		return reflect.Value{}, false
	}
	if f.Kind() == reflect.Pointer && f.IsNil() {
		return reflect.Value{}, false
	}
	return f, true
}

// snakeCase returns a Go name in snake_case: "AddItem" is "add_item",
// "HTTPStatus" "http_status", "Page2" "page2".
func snakeCase(name string) string {
	runes := []rune(name)
	var b strings.Builder
	for i, r := range runes {
		if unicode.IsUpper(r) && i > 0 {
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func (o *objectView) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, ok := splitObjectPath(r.PathValue(o.param))
	if !ok {
		RenderError(w, r, objectNotFound())
		return
	}
	n := o.root
	filters := make([]Filter, 0, 4)
	var call *objectCall
	var args []string
	for i := 0; ; i++ {
		if n.filter != nil {
			filters = append(filters, n.filter)
		}
		if i == len(segs) {
			call = n.index
			if call == nil {
				call = n.fallback
			}
			break
		}
		if child, ok := n.children[segs[i]]; ok {
			n = child
			continue
		}
		if c, ok := n.methods[segs[i]]; ok {
			call, args = &c, segs[i+1:]
			break
		}
		call, args = n.fallback, segs[i:]
		break
	}
	for _, f := range filters {
		if err := f.Before(r); err != nil {
			RenderError(w, r, err)
			return
		}
	}
	if call == nil || !call.accepts(len(args)) {
		RenderError(w, r, objectNotFound())
		return
	}
	call.serve(w, r, args)
}

func objectNotFound() *HTTPError {
	return NotFound("The requested resource was not found on this server.")
}

// splitObjectPath splits the rest of a path into segments, refusing the
// ones no controller should see.
func splitObjectPath(rest string) ([]string, bool) {
	if rest == "" {
		return nil, true
	}
	if !utf8.ValidString(rest) {
		return nil, false
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for _, s := range segs {
		if s == "" || s == "." || strings.Contains(s, "..") || strings.ContainsRune(s, '\\') ||
			strings.ContainsFunc(s, unicode.IsControl) {
			return nil, false
		}
	}
	return segs, true
}
