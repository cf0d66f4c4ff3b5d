package views

import (
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/hoop-go/hoop/internal/srcloc"
)

// A Registry maps view names to views. Names are any strings; by
// convention "app.view", such as "blog.detail". A site builds one
// explicitly and passes it to the dispatcher; there is no global registry.
//
// Registering is meant for start-up: Handle panics on a programming error
// (an empty name, a nil view, a name registered twice), naming where the
// first registration was, as http.ServeMux does. A Registry is safe for
// concurrent use.
type Registry struct {
	mu    sync.RWMutex
	views map[string]registered
}

type registered struct {
	view  http.Handler
	where string // "views.go:12", where it was registered
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{views: make(map[string]registered)}
}

// Handle registers view under name.
func (r *Registry) Handle(name string, view http.Handler) {
	r.register(name, view, caller(2))
}

// HandleFunc registers a function as the view under name.
func (r *Registry) HandleFunc(name string, view func(http.ResponseWriter, *http.Request)) {
	if view == nil {
		panic(fmt.Sprintf("views: nil view for %q at %s", name, caller(2)))
	}
	r.register(name, http.HandlerFunc(view), caller(2))
}

func (r *Registry) register(name string, view http.Handler, where string) {
	if name == "" {
		panic("views: empty view name at " + where)
	}
	if view == nil {
		panic(fmt.Sprintf("views: nil view for %q at %s", name, where))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.views == nil {
		r.views = make(map[string]registered)
	}
	if prev, ok := r.views[name]; ok {
		panic(fmt.Sprintf("views: %q registered twice: at %s and at %s", name, prev.where, where))
	}
	r.views[name] = registered{view: view, where: where}
}

// Lookup returns the view registered under name.
func (r *Registry) Lookup(name string) (http.Handler, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.views[name]
	return v.view, ok
}

// Names returns every registered name, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.views))
	for name := range r.views {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func caller(skip int) string {
	return srcloc.Caller(skip)
}
