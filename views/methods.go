package views

import (
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

// Methods is a view with one handler per HTTP method, as Flask's
// MethodView and Django's View.dispatch:
//
//	reg.Handle("articles.detail", views.Methods{
//		http.MethodGet:  views.Func(showArticle),
//		http.MethodPost: views.Func(updateArticle),
//	})
//
// HEAD is served by GET without a body, OPTIONS answers 204 with an Allow
// header, and any other method is 405 Method Not Allowed with a sorted
// Allow header, unless the map has a handler of its own for them.
type Methods map[string]http.Handler

// ServeHTTP calls the handler for r.Method.
func (m Methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h.ServeHTTP(w, r)
		return
	}
	if !AllowMethod(w, r, m.allowed()) {
		return
	}
	// Only HEAD of a GET view gets here.
	m[http.MethodGet].ServeHTTP(headWriter{w}, r)
}

// AllowedMethods lists the methods m answers, for an Allow header: the
// dispatcher asks views for it when it refuses a method it does not know.
func (m Methods) AllowedMethods() []string { return allowHeader(m.allowed()) }

func (m Methods) allowed() []string {
	allowed := make([]string, 0, len(m))
	for method := range m {
		allowed = append(allowed, method)
	}
	return allowed
}

// AllowMethod reports whether r's method is one of allowed (GET allows
// HEAD too). If not, it answers: 204 with an Allow header for OPTIONS,
// 405 with a sorted Allow header otherwise, rendered as the site's 405
// page. The dispatcher uses it for urlconf.Methods.
func AllowMethod(w http.ResponseWriter, r *http.Request, allowed []string) bool {
	for _, m := range allowed {
		if r.Method == m || (r.Method == http.MethodHead && m == http.MethodGet) {
			return true
		}
	}
	allow := allowHeader(allowed)
	if r.Method == http.MethodOptions {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	RenderError(w, r, MethodNotAllowed(allow...))
	return false
}

// allowHeader lists the methods for an Allow header: the allowed ones,
// HEAD with GET, and OPTIONS, sorted.
func allowHeader(allowed []string) []string {
	set := map[string]bool{http.MethodOptions: true}
	for _, m := range allowed {
		set[m] = true
		if m == http.MethodGet {
			set[http.MethodHead] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// headWriter drops the body of a GET handler answering HEAD; the status
// and headers go through.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

// Unwrap returns the writer underneath, for http.ResponseController.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// MethodView returns the Methods of a value whose methods are named for
// HTTP methods: Get, Post, Put, Patch, Delete, Options and Head. Each must
// be a handler function, func(http.ResponseWriter, *http.Request), or a
// returning view, func(*http.Request) (any, error). It panics if v has
// none, or one with another signature: a mistake found at start-up.
func MethodView(v any) Methods {
	rv := reflect.ValueOf(v)
	m := Methods{}
	for _, method := range []string{"Get", "Post", "Put", "Patch", "Delete", "Options", "Head"} {
		fn := rv.MethodByName(method)
		if !fn.IsValid() {
			continue
		}
		switch f := fn.Interface().(type) {
		case func(http.ResponseWriter, *http.Request):
			m[strings.ToUpper(method)] = http.HandlerFunc(f)
		case func(*http.Request) (any, error):
			m[strings.ToUpper(method)] = Func(f)
		default:
			panic(fmt.Sprintf("views: MethodView(%T): %s has signature %s; want func(http.ResponseWriter, *http.Request) or func(*http.Request) (any, error)", v, method, fn.Type()))
		}
	}
	if len(m) == 0 {
		panic(fmt.Sprintf("views: MethodView(%T): no method named Get, Post, Put, Patch, Delete, Options or Head", v))
	}
	return m
}
