package handler404

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
)

// A Problem is an error response: RFC 9457 problem details. Write renders
// it as JSON or HTML, whichever the client wants.
type Problem struct {
	Type     string `json:"type"`               // a URI; "about:blank" when empty
	Title    string `json:"title"`              // http.StatusText(Status) when empty
	Status   int    `json:"status"`             // the HTTP status code
	Detail   string `json:"detail,omitempty"`   // what happened, for a person
	Instance string `json:"instance,omitempty"` // the request path, when useful

	// Extensions are extra members of the JSON object, such as the
	// patterns tried on the technical 404. HTML pages do not show them.
	Extensions map[string]any `json:"-"`
}

// Write sends p with its status: as application/problem+json when the
// client wants JSON (WantsJSON), otherwise as a small HTML page. Every
// text is escaped.
func Write(w http.ResponseWriter, r *http.Request, p Problem) {
	writeProblem(w, p, WantsJSON(r))
}

// writeProblem sends p as problem details JSON, or as an HTML page.
func writeProblem(w http.ResponseWriter, p Problem, asJSON bool) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if !asJSON {
		writePage(w, p.Status, problemPage, p)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // served as JSON with nosniff, never as HTML
	_ = enc.Encode(p.object())
}

// writePage sends an error page: never cached, never sniffed.
func writePage(w http.ResponseWriter, status int, page *template.Template, data any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, data)
}

// object is p as a JSON object, extensions included.
func (p Problem) object() map[string]any {
	obj := make(map[string]any, 5+len(p.Extensions))
	for k, v := range p.Extensions {
		obj[k] = v
	}
	obj["type"], obj["title"], obj["status"] = p.Type, p.Title, p.Status
	if p.Detail != "" {
		obj["detail"] = p.Detail
	}
	if p.Instance != "" {
		obj["instance"] = p.Instance
	}
	return obj
}

var problemPage = template.Must(template.New("problem").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body>
<h1>{{.Title}}</h1>
{{with .Detail}}<p>{{.}}</p>{{end}}
</body>
</html>
`))

// A staticProblem is a Problem that does not depend on the request,
// rendered once as HTML and as JSON, with its headers' values made once
// too (each has length and capacity 1, so a handler that adds to one
// gets a new slice): writing it allocates nothing.
type staticProblem struct {
	status     int
	html, json []byte
	htmlType   []string
	jsonType   []string
	nosniff    []string
	noStore    []string
}

func newStaticProblem(p Problem) *staticProblem {
	var html, js bytes.Buffer
	rec := &bufferWriter{h: http.Header{}, buf: &html}
	Write(rec, &http.Request{Header: http.Header{}}, p)
	rec.buf = &js
	Write(rec, &http.Request{Header: http.Header{"Accept": {"application/json"}}}, p)
	return &staticProblem{
		status: p.Status, html: html.Bytes(), json: js.Bytes(),
		htmlType: []string{"text/html; charset=utf-8"}, jsonType: []string{"application/problem+json"},
		nosniff: []string{"nosniff"}, noStore: []string{"no-store"},
	}
}

// write sends the page as Write would.
func (sp *staticProblem) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body, ctype := sp.html, sp.htmlType
	if WantsJSON(r) {
		body, ctype = sp.json, sp.jsonType
	}
	h["Content-Type"], h["X-Content-Type-Options"], h["Cache-Control"] = ctype, sp.nosniff, sp.noStore
	w.WriteHeader(sp.status)
	_, _ = w.Write(body)
}

// bufferWriter records a response's body, for rendering a page once.
type bufferWriter struct {
	h   http.Header
	buf *bytes.Buffer
}

func (w *bufferWriter) Header() http.Header         { return w.h }
func (w *bufferWriter) Write(b []byte) (int, error) { return w.buf.Write(b) }
func (w *bufferWriter) WriteHeader(int)             {}
