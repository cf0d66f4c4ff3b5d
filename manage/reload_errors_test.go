package manage

import (
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseBuildOutput(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "views.go"), "package site\n\nfunc f() {\n\treturn <nil>\n}\n")
	out := "# example.com/site\n" +
		"./views.go:4:9: syntax error: unexpected <, expected expression\n" +
		"blog/blog.go:12: too many errors\n" +
		"views.go:3:2: cannot use x (variable of type int) as string value in return statement\n" +
		"\thave (int)\n\twant (string)\n" +
		"go: updates to go.mod needed\n"
	errs := parseBuildOutput(out, dir)
	if len(errs) != 3 {
		t.Fatalf("%d errors, want 3: %+v", len(errs), errs)
	}
	e := errs[0]
	if e.File != "views.go" || e.Line != 4 || e.Column != 9 || e.Message != "syntax error: unexpected <, expected expression" {
		t.Errorf("first error: %+v", e)
	}
	if len(e.Source) != 4 || e.Source[0].N != 2 || !e.Source[2].Here || e.Source[2].Text != "\treturn <nil>" {
		t.Errorf("source around line 4: %+v", e.Source)
	}
	if errs[1].File != "blog/blog.go" || errs[1].Line != 12 || errs[1].Column != 0 || errs[1].Source != nil {
		t.Errorf("second error (no column, no file): %+v", errs[1])
	}
	if errs[2].Message != "cannot use x (variable of type int) as string value in return statement\nhave (int)\nwant (string)" {
		t.Errorf("continuation lines: %q", errs[2].Message)
	}
}

// The failure page escapes everything it shows; scripts get problem
// details with the messages as data.
func TestServeFailure(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "views.go"), "package site\nvar x = \"<script>alert(1)</script>\"\n")
	out := "./views.go:2:9: undefined: <script>alert(1)</script>"
	f := &failure{Title: "Build failed", Summary: "go build failed & stopped.", Output: out, Errors: parseBuildOutput(out, dir)}

	rec := httptest.NewRecorder()
	serveFailure(rec, httptest.NewRequest("GET", "/", nil), f)
	body := rec.Body.String()
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if strings.Contains(body, "<script>") {
		t.Errorf("page does not escape the output:\n%s", body)
	}
	for _, want := range []string{"<h1>Build failed</h1>", "views.go:2:9", "undefined: &lt;script&gt;", "go build failed &amp; stopped.", `<span class="here">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}

	for _, header := range [][2]string{{"Accept", "application/json"}, {"X-Requested-With", "XMLHttpRequest"}} {
		req := httptest.NewRequest("GET", "/api/", nil)
		req.Header.Set(header[0], header[1])
		rec = httptest.NewRecorder()
		serveFailure(rec, req, f)
		var p struct {
			Title, Detail, Output string
			Status                int
			Errors                []compileError
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v\n%s", header[0], err, rec.Body.String())
		}
		if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/problem+json" || p.Status != 500 ||
			p.Title != "Build failed" || p.Output != out || len(p.Errors) != 1 || p.Errors[0].Line != 2 || p.Errors[0].File != "views.go" {
			t.Errorf("%s: %d %s %+v", header[0], rec.Code, rec.Header().Get("Content-Type"), p)
		}
	}
}
