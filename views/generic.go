package views

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
)

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
