package handler404

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/hoop-go/hoop/internal/redact"
	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/urlconf"
)

// technical is what the technical 404 page shows.
type technical struct {
	Method      string
	URL         string
	ConfName    string
	Tried       []string // one row per chain: patterns joined, [name='...'] of the last
	RequestPath string   // the unmatched path; "" shows as "The empty path"
	Resolved    bool     // a view raised "not found": the last row matched
	Reason      string   // the view's detail
	RaisedBy    string   // the view that raised it
}

// serveDebug is Django's technical 404 page, and its JSON twin.
func (h *Handler) serveDebug(w http.ResponseWriter, r *http.Request) {
	t := technical{
		Method:      r.Method,
		URL:         redact.String(r.URL.RequestURI()), // a token in the query stays off the page
		ConfName:    h.ConfName,
		RequestPath: strings.TrimPrefix(r.URL.Path, "/"),
	}
	if t.ConfName == "" {
		t.ConfName = "the root URL conf"
		if c, _ := route.Conf(r); c != nil {
			if conf, ok := c.(*urlconf.Conf); ok && conf.Source() != "" {
				t.ConfName = conf.Source()
			}
		}
	}
	if nf := NotFoundOf(r); nf != nil {
		t.RequestPath = nf.Path
		t.Tried = urlconf.FormatTried(nf.TriedPatterns())
	} else if e := ErrorOf(r); e != nil {
		t.Resolved, t.RaisedBy, t.Tried = true, e.View, urlconf.FormatTried(e.Tried)
		var d detailer
		if errors.As(e.Err, &d) {
			t.Reason = d.ClientDetail()
		}
	}
	if WantsJSON(r) {
		Write(w, r, Problem{
			Status:   http.StatusNotFound,
			Detail:   t.detail(),
			Instance: r.URL.Path,
			Extensions: map[string]any{
				"tried":     append([]string{}, t.Tried...),
				"path":      t.RequestPath,
				"raised_by": t.RaisedBy,
			},
		})
		return
	}
	writePage(w, http.StatusNotFound, technicalPage, t)
}

func (t technical) detail() string {
	if t.Resolved {
		return "The current path, " + t.RequestPath + ", matched the last one. " + t.Reason
	}
	if t.RequestPath == "" {
		return "The empty path didn't match any of these."
	}
	return "The current path, " + t.RequestPath + ", didn't match any of these."
}

var technicalPage = template.Must(template.New("technical404").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="NONE,NOARCHIVE">
<title>Page not found at {{.URL}}</title>
<style>
body { font: small sans-serif; margin: 0; }
header { background: #ffc; padding: 10px 20px; border-bottom: 1px solid #ddd; }
main { padding: 10px 20px; }
th { text-align: right; padding-right: 1em; color: #666; }
code { background: #f6f6f6; }
footer { background: #eee; padding: 10px 20px; }
</style>
</head>
<body>
<header>
<h1>Page not found <small>(404)</small></h1>
<table>
<tr><th>Request Method:</th><td>{{.Method}}</td></tr>
<tr><th>Request URL:</th><td>{{.URL}}</td></tr>
{{if .RaisedBy}}<tr><th>Raised by:</th><td>{{.RaisedBy}}</td></tr>{{end}}
</table>
</header>
<main>
{{if .Tried}}
<p>Using the URLconf defined in <code>{{.ConfName}}</code>, hoop tried these URL patterns, in this order:</p>
<ol>
{{range .Tried}}<li><code>{{.}}</code></li>
{{end}}</ol>
{{end}}
{{if .Resolved}}<p>The current path, <code>{{.RequestPath}}</code>, matched the last one.</p>
{{with .Reason}}<p>{{.}}</p>{{end}}
{{else}}<p>{{if .RequestPath}}The current path, <code>{{.RequestPath}}</code>,{{else}}The empty path{{end}} didn't match any of these.</p>{{end}}
</main>
<footer>
<p>You're seeing this error because you have <code>debug = true</code> in your hoop settings. Change that to false, and hoop will display a standard 404 page.</p>
</footer>
</body>
</html>
`))
