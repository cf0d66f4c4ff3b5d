package manage

import (
	"bufio"
	"bytes"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/hoop-go/hoop/handler404"
)

// What the reloading devserver answers while the site cannot run: the
// compiler's messages after a failed build, or why the new build did
// not start or stopped. It is HTML for browsers and problem details
// (JSON) for scripts, as every hoop error page.

// A failure is why the devserver answers instead of the site.
type failure struct {
	Title   string         // "Build failed", ...
	Summary string         // one sentence
	Output  string         // the compiler's (or the site's) own words
	Errors  []compileError // Output's messages with a position

	exitErr error // for a build that exited before it served: how
	tail    *tail // and what it wrote
}

// A compileError is one message of the compiler, with its position.
type compileError struct {
	File    string      `json:"file"` // as the go command printed it: relative to the module
	Line    int         `json:"line"`
	Column  int         `json:"column,omitempty"`
	Message string      `json:"message"`
	Source  []errorLine `json:"-"` // the lines around it, for the page
}

type errorLine struct {
	N    int
	Text string
	Here bool // the line of the error
}

// compilerLine matches "file.go:12:5: message" and "file.go:12: message",
// the go command's format for build errors (vet's and cgo's too).
var compilerLine = regexp.MustCompile(`^(?:\./)?([^\s:][^:]*\.(?:go|s|c|h|mod|sum)):(\d+)(?::(\d+))?: (.*)$`)

// parseBuildOutput picks the messages with a position out of a go build's
// output, continuation lines (indented) joined to their message, and
// reads the lines around each from files under dir.
func parseBuildOutput(output, dir string) []compileError {
	var errs []compileError
	sc := bufio.NewScanner(strings.NewReader(output))
	for sc.Scan() {
		line := sc.Text()
		if m := compilerLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			errs = append(errs, compileError{File: m[1], Line: n, Column: col, Message: m[4]})
			continue
		}
		if len(errs) > 0 && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "    ")) {
			errs[len(errs)-1].Message += "\n" + strings.TrimSpace(line)
		}
	}
	for i := range errs {
		errs[i].Source = sourceAround(errs[i].File, dir, errs[i].Line)
	}
	return errs
}

// sourceAround returns up to two lines either side of line n of file
// (relative to dir unless absolute).
func sourceAround(file, dir string, n int) []errorLine {
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	data, err := os.ReadFile(file)
	if err != nil || n < 1 {
		return nil
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	var out []errorLine
	for i := max(n-2, 1); i <= min(n+2, len(lines)); i++ {
		out = append(out, errorLine{N: i, Text: strings.TrimRight(string(lines[i-1]), "\r"), Here: i == n})
	}
	return out
}

// serveFailure answers a request with f: status 500, problem details
// for scripts (handler404.WantsJSON), else a page. Every text is
// escaped.
func serveFailure(w http.ResponseWriter, r *http.Request, f *failure) {
	if handler404.WantsJSON(r) {
		errs := f.Errors
		if errs == nil {
			errs = []compileError{}
		}
		handler404.Write(w, r, handler404.Problem{
			Status: http.StatusInternalServerError,
			Title:  f.Title,
			Detail: f.Summary,
			Extensions: map[string]any{
				"errors": errs,
				"output": f.Output,
			},
		})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	_ = failurePage.Execute(w, f)
}

var failurePage = template.Must(template.New("failure").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { background: #fbe3e4; border-bottom: 1px solid #e5a6a9; padding: 1em 2em; }
h1 { margin: 0 0 .3em; font-size: 1.6em; }
main { padding: 1em 2em; }
.error { margin: 0 0 1.5em; }
.where { font-family: ui-monospace, monospace; font-weight: bold; }
.message { white-space: pre-wrap; font-family: ui-monospace, monospace; margin: .3em 0; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; overflow-x: auto; margin: .3em 0; }
.here { background: #ffd7d7; display: inline-block; min-width: 100%; }
.n { color: #888; user-select: none; }
footer { color: #666; padding: 0 2em 2em; }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p>{{.Summary}}</p>
</header>
<main>
{{range .Errors}}<div class="error">
<div class="where">{{.File}}:{{.Line}}{{if .Column}}:{{.Column}}{{end}}</div>
<div class="message">{{.Message}}</div>
{{with .Source}}<pre>{{range .}}{{if .Here}}<span class="here">{{end}}<span class="n">{{printf "%4d" .N}}  </span>{{.Text}}{{if .Here}}</span>{{end}}
{{end}}</pre>{{end}}
</div>
{{end}}
{{with .Output}}<h2>Output</h2>
<pre>{{.}}</pre>{{end}}
</main>
<footer>The devserver answers every request with this page until the next change brings a good build. The terminal shows the same.</footer>
</body>
</html>
`))
