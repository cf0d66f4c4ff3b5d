package views

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
)

// RedirectView redirects to a fixed URL or to a named route, as Django's
// RedirectView. GET and HEAD get 302 (301 if Permanent); other methods get
// 307 (308 if Permanent), which keep the method and body.
type RedirectView struct {
	URL  string // the target; used when Name is empty
	Name string // a route to reverse with the request's own args and kwargs
	// Permanent makes the redirect permanent: 301, or 308.
	Permanent bool
	// KeepQuery appends the request's query string to the target.
	KeepQuery bool
}

// ServeHTTP answers with the redirect. A Name that cannot be reversed is
// a server error (a mistake in the conf), answered 500.
func (v RedirectView) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := v.URL
	if v.Name != "" {
		var err error
		if target, err = v.reverse(r); err != nil {
			RenderError(w, r, err)
			return
		}
	}
	if v.KeepQuery && r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	safe := r.Method == http.MethodGet || r.Method == http.MethodHead
	status := map[[2]bool]int{
		{true, false}: http.StatusFound, {true, true}: http.StatusMovedPermanently,
		{false, false}: http.StatusTemporaryRedirect, {false, true}: http.StatusPermanentRedirect,
	}[[2]bool{safe, v.Permanent}]
	w.Header().Set("Location", target)
	w.WriteHeader(status)
}

func (v RedirectView) reverse(r *http.Request) (string, error) {
	m := MatchOf(r)
	if m == nil || len(m.Kwargs) > 0 {
		var kwargs map[string]any
		if m != nil {
			kwargs = m.Kwargs
		}
		return reverseWith(r, v.Name, nil, kwargs)
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = a
	}
	return reverseWith(r, v.Name, args, nil)
}

func reverseWith(r *http.Request, name string, args []any, kwargs map[string]any) (string, error) {
	if kwargs != nil {
		return Reverse(r, name, kwargs)
	}
	return Reverse(r, name, args...)
}

// TemplateView renders a template with the request's kwargs as its data,
// as Django's TemplateView: {{.username}} for a kwarg "username". The page
// is rendered to a buffer first, so that a template error is a clean 500,
// never half a page.
type TemplateView struct {
	Template *template.Template
	Name     string // the template to execute; "" means Template itself
	// Data, if set, adds to the data: its result's keys win over kwargs.
	Data func(r *http.Request) (map[string]any, error)
}

// ServeHTTP renders the template as text/html.
func (v TemplateView) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{}
	if m := MatchOf(r); m != nil {
		for k, val := range m.Kwargs {
			data[k] = val
		}
	}
	if v.Data != nil {
		extra, err := v.Data(r)
		if err != nil {
			RenderError(w, r, err)
			return
		}
		for k, val := range extra {
			data[k] = val
		}
	}
	var buf bytes.Buffer
	var err error
	if v.Name == "" {
		err = v.Template.Execute(&buf, data)
	} else {
		err = v.Template.ExecuteTemplate(&buf, v.Name, data)
	}
	if err != nil {
		RenderError(w, r, fmt.Errorf("views: rendering template %q: %w", v.Name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// JSONView is a view that answers every request with v encoded as JSON.
func JSONView(v any) http.Handler {
	return Func(func(*http.Request) (any, error) { return JSON(v), nil })
}
