package handler404

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/hoop-go/hoop/internal/redact"
	"github.com/hoop-go/hoop/internal/traceback"
	"github.com/hoop-go/hoop/settings"
)

// Technical500 is the debug page for a server error, Django's technical
// 500: where the panic happened, frame by frame with the source around
// each line (the site's own frames open, hoop's, the standard library's,
// other modules' and the runtime's folded but available), the error
// chain link by link (errors.Unwrap, errors.Join), the request (method,
// URL, query, the form fields the view parsed, cookies, headers) and the
// settings. Its JSON twin (WantsJSON) carries the same, for scripts.
//
// The frames come from RaisedError.PCs, else from a *PanicError in the
// error's chain, else from the text of RaisedError.Stack. Everything
// shown goes through one secret filter (internal/redact): any value
// whose name, at any depth, looks secret (API, TOKEN, KEY, SECRET, PASS,
// SIGNATURE, DSN, PRIVATE, CREDENTIAL, AUTH, COOKIE, SESSION, CSRF, and
// the session cookie's name) is masked, and so is the password of any
// URL or DSN. Never use it with debug off; the dispatcher does not.
type Technical500 struct {
	// Settings is shown field by field (a struct or a pointer to one;
	// maps are shown key by key), nested values included.
	Settings any
}

// Frame limits: source is read for the first sourceFrames frames, with
// sourceContext lines either side.
const (
	sourceFrames  = 60
	sourceContext = 5
	maxChain      = 32
)

type technical500 struct {
	Title     string // "Panic" or "Error"
	ErrorType string
	Error     string
	View      string
	Method    string
	URL       string
	RaisedAt  *frameView // the innermost frame of the site's own code
	Groups    []frameGroup
	Frames    []frameView
	Chain     []link
	Stack     string // the raw text, when that is all there is
	Query     [][2]string
	Form      [][2]string
	FormNote  string
	Cookies   [][2]string
	Headers   [][2]string
	Settings  [][2]string
	GoVersion string
}

// frameView is a frame as the page shows it.
type frameView struct {
	N        int              `json:"-"`
	Function string           `json:"function"`
	File     string           `json:"file"`
	Where    string           `json:"-"` // file:line, relative to the working directory when under it
	Line     int              `json:"line"`
	Kind     string           `json:"kind"`
	Site     bool             `json:"site"`
	Source   []traceback.Line `json:"source,omitempty"`
}

// frameGroup is a run of frames: one of the site's, or several others,
// folded.
type frameGroup struct {
	Site   bool
	Kinds  string
	Frames []frameView
}

// link is one error of the chain; an errors.Join has branches.
type link struct {
	Type     string   `json:"type"`
	Message  string   `json:"message"`
	Branches [][]link `json:"branches,omitempty"`
}

// ServeHTTP answers 500 with the technical page, or its JSON twin.
func (h *Technical500) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := h.build(r)
	if WantsJSON(r) {
		Write(w, r, Problem{Status: http.StatusInternalServerError, Detail: t.Error, Instance: r.URL.Path,
			Extensions: map[string]any{
				"view":      t.View,
				"raised_at": t.RaisedAt,
				"frames":    t.Frames,
				"chain":     t.Chain,
				"stack":     t.Stack,
				"request":   t.requestJSON(),
				"settings":  redact.Value(h.Settings),
			}})
		return
	}
	writePage(w, http.StatusInternalServerError, technical500Page, t)
}

func (h *Technical500) build(r *http.Request) technical500 {
	t := technical500{Title: "Error", Error: "unknown error", Method: r.Method, URL: redact.String(r.URL.RequestURI()), GoVersion: runtime.Version()}
	if e := ErrorOf(r); e != nil {
		t.View = e.View
		if e.Err != nil {
			t.Error, t.ErrorType = redact.String(e.Err.Error()), fmt.Sprintf("%T", e.Err)
			if pe := (*PanicError)(nil); errors.As(e.Err, &pe) {
				t.ErrorType = fmt.Sprintf("%T", pe.Value) // what was panicked with
			}
			t.Chain = chainOf(e.Err, 0)
		}
		frames, panicked := framesOf(e)
		if panicked {
			t.Title = "Panic"
		}
		if frames == nil && len(e.Stack) > 0 {
			t.Stack = redact.String(string(e.Stack))
		}
		t.Frames, t.Groups, t.RaisedAt = viewFrames(frames)
	}
	secret := h.secretCookies()
	t.Query = valueRows(r.URL.Query())
	switch {
	case r.MultipartForm != nil:
		t.Form = valueRows(r.MultipartForm.Value)
	case r.PostForm != nil:
		t.Form = valueRows(r.PostForm)
	default:
		t.FormNote = "The view did not parse a form; the body is not read here."
	}
	for _, c := range r.Cookies() {
		v := fmt.Sprint(redact.Named(c.Name, c.Value))
		if secret[c.Name] {
			v = redact.Mask
		}
		t.Cookies = append(t.Cookies, [2]string{c.Name, v})
	}
	for _, name := range sortedKeys(r.Header) {
		t.Headers = append(t.Headers, [2]string{name, fmt.Sprint(redact.Named(name, strings.Join(r.Header[name], ", ")))})
	}
	t.Settings = settingRows(h.Settings)
	return t
}

// framesOf returns the frames of the panic e answers, if it was one, and
// whether it was.
func framesOf(e *RaisedError) ([]traceback.Frame, bool) {
	var pe *PanicError
	switch {
	case len(e.PCs) > 0:
		return traceback.FromPCs(e.PCs), true
	case errors.As(e.Err, &pe) && len(pe.PCs) > 0:
		return traceback.FromPCs(pe.PCs), true
	case len(e.Stack) > 0:
		return traceback.Parse(e.Stack), true
	}
	return nil, pe != nil
}

// viewFrames adds the source lines and groups the frames: each of the
// site's on its own, runs of the others folded together.
func viewFrames(frames []traceback.Frame) ([]frameView, []frameGroup, *frameView) {
	frames = traceback.WithSource(frames, sourceContext, sourceFrames)
	wd, _ := os.Getwd()
	var (
		views    []frameView
		groups   []frameGroup
		raisedAt *frameView
	)
	for i, f := range frames {
		v := frameView{N: i, Function: f.Function, File: f.File, Where: where(wd, f.File, f.Line), Line: f.Line,
			Kind: f.Kind.String(), Site: f.Kind == traceback.Site, Source: f.Source}
		views = append(views, v)
		if v.Site && raisedAt == nil {
			raisedAt = &views[len(views)-1]
		}
		if n := len(groups); n > 0 && !v.Site && !groups[n-1].Site {
			groups[n-1].Frames = append(groups[n-1].Frames, v)
			continue
		}
		groups = append(groups, frameGroup{Site: v.Site, Frames: []frameView{v}})
	}
	for i := range groups {
		groups[i].Kinds = kindsOf(groups[i].Frames)
	}
	if raisedAt != nil {
		copied := *raisedAt
		raisedAt = &copied
	}
	return views, groups, raisedAt
}

func where(wd, file string, line int) string {
	if rel, err := filepath.Rel(wd, file); wd != "" && err == nil && !strings.HasPrefix(rel, "..") {
		file = rel
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// kindsOf names the kinds of code in a folded run: "hoop, std".
func kindsOf(frames []frameView) string {
	seen := map[string]bool{}
	var kinds []string
	for _, f := range frames {
		if !seen[f.Kind] {
			seen[f.Kind] = true
			kinds = append(kinds, kindName[f.Kind])
		}
	}
	return strings.Join(kinds, ", ")
}

var kindName = map[string]string{"site": "the site", "hoop": "hoop", "module": "other modules", "std": "the standard library", "runtime": "the runtime"}

// chainOf lists err and what it wraps, link by link; an errors.Join (or
// any Unwrap() []error) ends the list with its branches.
func chainOf(err error, depth int) []link {
	var chain []link
	for err != nil && len(chain) < maxChain {
		l := link{Type: fmt.Sprintf("%T", err), Message: redact.String(err.Error())}
		if multi, ok := err.(interface{ Unwrap() []error }); ok {
			if depth < 4 {
				for _, b := range multi.Unwrap() {
					l.Branches = append(l.Branches, chainOf(b, depth+1))
				}
			}
			return append(chain, l)
		}
		chain = append(chain, l)
		err = errors.Unwrap(err)
	}
	return chain
}

// secretCookies are the cookies masked whatever their names: the
// session's, whose name the settings choose.
func (h *Technical500) secretCookies() map[string]bool {
	secret := map[string]bool{}
	switch s := h.Settings.(type) {
	case *settings.Settings:
		secret[s.SessionCookieName] = true
	case settings.Settings:
		secret[s.SessionCookieName] = true
	}
	return secret
}

// requestJSON is the request section of the JSON page.
func (t technical500) requestJSON() map[string]any {
	rows := func(rs [][2]string) map[string]string {
		m := map[string]string{}
		for _, row := range rs {
			m[row[0]] = row[1]
		}
		return m
	}
	out := map[string]any{"method": t.Method, "url": t.URL, "query": rows(t.Query), "cookies": rows(t.Cookies), "headers": rows(t.Headers)}
	if t.FormNote == "" {
		out["form"] = rows(t.Form)
	}
	return out
}

// valueRows lists form or query values, sorted, with secrets masked.
func valueRows(v url.Values) [][2]string {
	var rows [][2]string
	for _, name := range sortedKeys(v) {
		rows = append(rows, [2]string{name, fmt.Sprint(redact.Named(name, strings.Join(v[name], ", ")))})
	}
	return rows
}

func sortedKeys[M ~map[string][]string](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
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
<title>{{.Title}} at {{.URL}}</title>
<style>
body { font: small sans-serif; margin: 0; }
header { background: #ffc; padding: 10px 20px; border-bottom: 1px solid #ddd; }
section { padding: 10px 20px; border-bottom: 1px solid #eee; }
h2 small { color: #666; font-weight: normal; }
th { text-align: left; padding-right: 1em; color: #666; vertical-align: top; }
td { font-family: monospace; white-space: pre-wrap; word-break: break-all; }
pre { background: #f6f6f6; padding: 8px; overflow: auto; }
ol.frames { list-style: none; padding: 0; }
li.frame { margin: 0 0 10px; }
li.frame .loc { font-weight: bold; }
ol.source { background: #f6f6f6; font-family: monospace; white-space: pre; padding: 4px 0 4px 4em; margin: 4px 0; color: #777; }
ol.source li.focus { background: #fdd; color: #000; }
details.library > summary { cursor: pointer; color: #666; }
details.library li.frame { margin-left: 1.5em; }
ol.chain code { color: #a00; }
</style>
</head>
<body>
<header>
<h1>{{.Title}}{{with .ErrorType}} <small>({{.}})</small>{{end}}</h1>
<pre class="exception_value">{{.Error}}</pre>
<table>
<tr><th>Request Method:</th><td>{{.Method}}</td></tr>
<tr><th>Request URL:</th><td>{{.URL}}</td></tr>
{{if .View}}<tr><th>Raised by:</th><td>{{.View}}</td></tr>{{end}}
{{with .RaisedAt}}<tr><th>Raised at:</th><td id="raised-at">{{.Where}} in {{.Function}}</td></tr>{{end}}
<tr><th>Go version:</th><td>{{.GoVersion}}</td></tr>
</table>
</header>
<section id="traceback"><h2>Traceback <small>(innermost call first)</small></h2>
{{if .Groups}}<ol class="frames">
{{range .Groups}}{{if .Site}}{{range .Frames}}{{template "frame" .}}{{end}}{{else}}<li><details class="library"><summary>{{len .Frames}} frame{{if gt (len .Frames) 1}}s{{end}} of {{.Kinds}}</summary><ol class="frames">
{{range .Frames}}{{template "frame" .}}{{end}}</ol></details></li>
{{end}}{{end}}</ol>
{{else if .Stack}}<pre>{{.Stack}}</pre>
{{else}}<p>The view returned this error: there was no panic, so there is no traceback. The error chain below says where it came from.</p>{{end}}
</section>
{{if .Chain}}<section id="chain"><h2>Error chain <small>(errors.Unwrap, link by link)</small></h2>
{{template "chain" .Chain}}</section>{{end}}
<section id="request"><h2>Request</h2>
<h3>Query</h3>{{template "rows" .Query}}
<h3>Form</h3>{{with .FormNote}}<p>{{.}}</p>{{else}}{{template "rows" .Form}}{{end}}
<h3>Cookies</h3>{{template "rows" .Cookies}}
<h3>Headers</h3>{{template "rows" .Headers}}
</section>
<section id="settings"><h2>Settings</h2>{{template "rows" .Settings}}</section>
<footer><section><p>You're seeing this error because you have <code>debug = true</code> in your hoop settings. Change that to false, and hoop will display a standard page with nothing internal in it.</p></section></footer>
</body>
</html>
{{define "frame"}}<li class="frame {{.Kind}}" id="frame-{{.N}}"><span class="loc">{{.Where}}</span> in <code>{{.Function}}</code>
{{with .Source}}<ol class="source" start="{{(index . 0).Number}}">{{range .}}<li{{if .Focus}} class="focus"{{end}}>{{.Text}}</li>{{end}}</ol>{{end}}</li>
{{end}}
{{define "chain"}}<ol class="chain">{{range .}}<li><code>{{.Type}}</code>: {{.Message}}{{range .Branches}}{{template "chain" .}}{{end}}</li>{{end}}</ol>{{end}}
{{define "rows"}}{{if .}}<table>{{range .}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}{{end}}
`))
