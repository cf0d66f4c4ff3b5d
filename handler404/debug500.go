package handler404

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/hoop-go/hoop/internal/redact"
)

// Technical500 is the debug page for a server error, Django's technical
// 500: the error, the view, the stack, the request and the settings.
// What it shows goes through one secret filter (internal/redact): any
// value whose name, at any depth, looks secret (API, TOKEN, KEY, SECRET,
// PASS, SIGNATURE, DSN, PRIVATE, CREDENTIAL, AUTH, COOKIE, SESSION,
// CSRF) is masked, and so is the password of any URL or DSN. Never use
// it with debug off; the dispatcher does not.
type Technical500 struct {
	// Settings is shown field by field (a struct or a pointer to one;
	// maps are shown key by key), nested values included.
	Settings any
}

type technical500 struct {
	Error    string
	View     string
	Stack    string
	Method   string
	URL      string
	Headers  [][2]string
	Settings [][2]string
}

// ServeHTTP answers 500 with the technical page, or its JSON twin.
func (h *Technical500) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := technical500{Error: "unknown error", Method: r.Method, URL: redact.String(r.URL.RequestURI())}
	if e := ErrorOf(r); e != nil {
		if e.Err != nil {
			t.Error = redact.String(e.Err.Error())
		}
		t.View, t.Stack = e.View, string(e.Stack)
	}
	for _, name := range sortedKeys(r.Header) {
		t.Headers = append(t.Headers, [2]string{name, fmt.Sprint(redact.Named(name, strings.Join(r.Header[name], ", ")))})
	}
	t.Settings = settingRows(h.Settings)
	if WantsJSON(r) {
		settings := map[string]string{}
		for _, row := range t.Settings {
			settings[row[0]] = row[1]
		}
		Write(w, r, Problem{Status: http.StatusInternalServerError, Detail: t.Error, Instance: r.URL.Path,
			Extensions: map[string]any{"view": t.View, "stack": t.Stack, "settings": settings}})
		return
	}
	writePage(w, http.StatusInternalServerError, technical500Page, t)
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// settingRows lists the fields of a settings struct, or the entries of
// a map, with secrets masked at any depth; nested values as JSON.
func settingRows(v any) [][2]string {
	var rows [][2]string
	for _, row := range redact.Rows(v) {
		text, ok := row[1].(string)
		if !ok {
			b, _ := json.Marshal(row[1])
			text = string(b)
		}
		rows = append(rows, [2]string{row[0].(string), text})
	}
	return rows
}

var technical500Page = template.Must(template.New("technical500").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="NONE,NOARCHIVE">
<title>Server error at {{.URL}}</title>
<style>
body { font: small sans-serif; margin: 0; }
header { background: #ffc; padding: 10px 20px; border-bottom: 1px solid #ddd; }
section { padding: 10px 20px; border-bottom: 1px solid #eee; }
th { text-align: left; padding-right: 1em; color: #666; vertical-align: top; }
pre { background: #f6f6f6; padding: 8px; overflow: auto; }
</style>
</head>
<body>
<header>
<h1>Server error <small>(500)</small></h1>
<pre class="exception_value">{{.Error}}</pre>
<table>
<tr><th>Request Method:</th><td>{{.Method}}</td></tr>
<tr><th>Request URL:</th><td>{{.URL}}</td></tr>
{{if .View}}<tr><th>Raised by:</th><td>{{.View}}</td></tr>{{end}}
</table>
</header>
{{if .Stack}}<section><h2>Traceback</h2><pre>{{.Stack}}</pre></section>{{end}}
<section><h2>Request headers</h2><table>
{{range .Headers}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table></section>
<section><h2>Settings</h2><table>
{{range .Settings}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table></section>
<footer><p>You're seeing this error because you have <code>debug = true</code> in your hoop settings. Change that to false, and hoop will display a standard page with nothing internal in it.</p></footer>
</body>
</html>
`))
