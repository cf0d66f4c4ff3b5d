package handler404

import (
	"fmt"
	"html/template"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Technical500 is the debug page for a server error, Django's technical
// 500: the error, the view, the stack, the request and the settings.
// Settings whose names look secret (KEY, SECRET, TOKEN, PASS, AUTH,
// COOKIE, SIGNATURE) are masked, and cookies and session values are
// never shown. Never use it with debug off; the dispatcher does not.
type Technical500 struct {
	// Settings is shown field by field (a struct or a pointer to one;
	// maps are shown key by key).
	Settings any
}

// secretName matches setting and header names whose values are masked,
// as Django's SafeExceptionReporterFilter does.
var secretName = regexp.MustCompile(`(?i)API|KEY|SECRET|TOKEN|PASS|AUTH|COOKIE|SIGNATURE|SESSION`)

const masked = "********************"

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
	t := technical500{Error: "unknown error", Method: r.Method, URL: r.URL.RequestURI()}
	if e := ErrorOf(r); e != nil {
		if e.Err != nil {
			t.Error = e.Err.Error()
		}
		t.View, t.Stack = e.View, string(e.Stack)
	}
	for _, name := range sortedKeys(r.Header) {
		value := strings.Join(r.Header[name], ", ")
		if secretName.MatchString(name) {
			value = masked
		}
		t.Headers = append(t.Headers, [2]string{name, value})
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

// settingRows lists the fields of a settings struct, masking secrets.
func settingRows(v any) [][2]string {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	var rows [][2]string
	add := func(name string, value reflect.Value) {
		text := masked
		if !secretName.MatchString(name) {
			text = fmt.Sprintf("%v", value.Interface())
		}
		rows = append(rows, [2]string{name, text})
	}
	switch rv.Kind() {
	case reflect.Struct:
		for i := 0; i < rv.NumField(); i++ {
			if f := rv.Type().Field(i); f.IsExported() {
				add(f.Name, rv.Field(i))
			}
		}
	case reflect.Map:
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			add(fmt.Sprint(k.Interface()), rv.MapIndex(k))
		}
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
