package handler404_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
)

// panicLine is the line of the panic in viewThatPanics.
var panicLine = func() int {
	b, _ := os.ReadFile("technical500_test.go")
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "\t\tpanic(") {
			return i + 1
		}
	}
	return -1
}()

func viewThatPanics() {
	var cart map[string]int
	if cart == nil {
		// the panic below is what the page must point at
		panic(fmt.Errorf("checkout: %w", errors.Join(fs.ErrNotExist, errors.New("no cart for user 42"))))
	}
}

// raised recovers viewThatPanics as each recovery path does, and returns
// the RaisedError each one hands the error page.
func raised(t *testing.T) map[string]*handler404.RaisedError {
	t.Helper()
	out := map[string]*handler404.RaisedError{}
	capture := func(name string, make func(v any) *handler404.RaisedError) {
		func() {
			defer func() { out[name] = make(recover()) }()
			viewThatPanics()
		}()
	}
	capture("program counters", func(v any) *handler404.RaisedError {
		return &handler404.RaisedError{Err: v.(error), Status: 500, View: "shop.checkout", PCs: handler404.Callers()}
	})
	capture("a PanicError in the chain", func(v any) *handler404.RaisedError {
		return &handler404.RaisedError{Err: &handler404.PanicError{Value: v, PCs: handler404.Callers()}, Status: 500, View: "shop.checkout"}
	})
	capture("the text of the stack", func(v any) *handler404.RaisedError {
		return &handler404.RaisedError{Err: v.(error), Status: 500, View: "shop.checkout", Stack: debug.Stack()}
	})
	return out
}

func serve500(h http.Handler, e *handler404.RaisedError, accept string) string {
	r := httptest.NewRequest("GET", "/checkout/?step=2", nil)
	r.Header.Set("Accept", accept)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, handler404.WithError(r, e))
	return rec.Body.String()
}

// Every recovery path leads to the frame that panicked, with its file,
// line and source; the frames that are not the site's are folded.
func TestTechnical500Frames(t *testing.T) {
	s := settings.Default()
	h := &handler404.Technical500{Settings: &s}
	at := fmt.Sprintf("technical500_test.go:%d", panicLine)
	for name, e := range raised(t) {
		t.Run(name, func(t *testing.T) {
			page := serve500(h, e, "text/html")
			for _, want := range []string{
				`<td id="raised-at">`, at + " in github.com/hoop-go/hoop/handler404_test.viewThatPanics",
				`<li class="focus">		panic(fmt.Errorf(&#34;checkout: %w&#34;`,
				`<details class="library"><summary>`, "testing.tRunner",
				"<h1>Panic",
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if i, j := strings.Index(page, `id="raised-at"`), strings.Index(page, "debug.Stack"); j >= 0 && j < i {
				t.Error("the traceback starts in the recovery machinery")
			}

			var p struct {
				RaisedAt struct {
					File string
					Line int
				} `json:"raised_at"`
				Frames []struct {
					Function, File, Kind string
					Line                 int
					Site                 bool
					Source               []struct {
						Number int
						Text   string
						Focus  bool
					}
				}
			}
			if err := json.Unmarshal([]byte(serve500(h, e, "application/json")), &p); err != nil {
				t.Fatal(err)
			}
			if len(p.Frames) < 2 {
				t.Fatalf("JSON frames: %+v", p.Frames)
			}
			f := p.Frames[0]
			if !strings.HasSuffix(f.File, "technical500_test.go") || f.Line != panicLine || !f.Site || f.Kind != "site" || p.RaisedAt.Line != panicLine {
				t.Errorf("first JSON frame %+v, raised at %+v", f, p.RaisedAt)
			}
			focused := false
			for _, l := range f.Source {
				focused = focused || l.Focus && l.Number == panicLine && strings.Contains(l.Text, "panic(")
			}
			if !focused {
				t.Errorf("JSON frame source: %+v", f.Source)
			}
		})
	}
}

// The error chain, link by link, errors.Join's branches included.
func TestTechnical500ErrorChain(t *testing.T) {
	h := &handler404.Technical500{}
	e := raised(t)["program counters"]
	page := serve500(h, e, "text/html")
	for _, want := range []string{
		"<code>*fmt.wrapError</code>: checkout: file does not exist",
		"<code>*errors.joinError</code>",
		"<code>*errors.errorString</code>: file does not exist",
		"<code>*errors.errorString</code>: no cart for user 42",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("chain lacks %q", want)
		}
	}
	var p struct {
		Chain []struct {
			Type     string
			Branches [][]struct{ Message string }
		}
	}
	if err := json.Unmarshal([]byte(serve500(h, e, "application/json")), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Chain) != 2 || p.Chain[1].Type != "*errors.joinError" || len(p.Chain[1].Branches) != 2 || p.Chain[1].Branches[1][0].Message != "no cart for user 42" {
		t.Errorf("JSON chain: %+v", p.Chain)
	}
}

// The request as the view saw it: query, the form it parsed, cookies and
// headers, secrets masked (the session cookie under its configured name).
func TestTechnical500Request(t *testing.T) {
	s := settings.Default()
	s.SessionCookieName = "sid"
	h := &handler404.Technical500{Settings: s}
	r := httptest.NewRequest("POST", "/checkout/?step=2", strings.NewReader("qty=3&card_token=leakA"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: "sid", Value: "leakB"})
	r.AddCookie(&http.Cookie{Name: "theme", Value: "dark"})
	if err := r.ParseForm(); err != nil { // as the view did
		t.Fatal(err)
	}
	r = handler404.WithError(r, &handler404.RaisedError{Err: errors.New("out of stock"), Status: 500})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	page := rec.Body.String()
	for _, want := range []string{"<th>step</th><td>2</td>", "<th>qty</th><td>3</td>", "<th>theme</th><td>dark</td>", "<th>sid</th><td>********************</td>",
		"there was no panic, so there is no traceback", "<h1>Error <small>(*errors.errorString)</small>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, leak := range []string{"leakA", "leakB"} {
		if strings.Contains(page, leak) {
			t.Errorf("%s shown", leak)
		}
	}
	r.Header.Set("Accept", "application/json")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var p struct {
		Request struct {
			Method  string
			Query   map[string]string
			Form    map[string]string
			Cookies map[string]string
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Request.Method != "POST" || p.Request.Query["step"] != "2" || p.Request.Form["qty"] != "3" || p.Request.Form["card_token"] != "********************" || p.Request.Cookies["theme"] != "dark" {
		t.Errorf("JSON request: %+v", p.Request)
	}
}

// With debug off, the error page shows none of it.
func TestErrorPageWithDebugOffShowsNothingInternal(t *testing.T) {
	for name, e := range raised(t) {
		for _, accept := range []string{"text/html", "application/json"} {
			t.Run(name+" "+accept, func(t *testing.T) {
				page := serve500(&handler404.ErrorPage{}, e, accept)
				for _, internal := range []string{"technical500_test.go", "viewThatPanics", "checkout:", "no cart", "shop.checkout", "goroutine"} {
					if strings.Contains(page, internal) {
						t.Errorf("debug off shows %q:\n%s", internal, page)
					}
				}
				if !strings.Contains(page, "The server failed to answer this request.") {
					t.Errorf("page: %s", page)
				}
			})
		}
	}
}
