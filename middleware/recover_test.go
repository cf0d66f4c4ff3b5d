package middleware

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/internal/route"
	"github.com/hoop-go/hoop/views"
)

func TestRecover(t *testing.T) {
	log, buf := textLogger()
	mux := http.NewServeMux()
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000") // for a body it never sends
		w.Header().Set("Content-Disposition", "attachment")
		w.Header().Set("X-Kept", "yes")
		panic("boom\x1b[31m")
	})
	mux.HandleFunc("/http-error", func(w http.ResponseWriter, r *http.Request) {
		panic(fmt.Errorf("deep down: %w", views.Forbidden("Not yours.")))
	})
	mux.HandleFunc("/ok", ok)
	srv := serve(t, Chain(Recover(log), RequestID(""))(mux))

	// Both on one connection: it stays usable after the panic.
	c := dial(t, srv)
	resp, body := c.do("GET /panic HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nX-Request-ID: rq-1\r\n\r\n")
	if resp.StatusCode != 500 || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if strings.Contains(body, "boom") {
		t.Errorf("the panic value reached the client: %q", body)
	}
	if resp.Header.Get("Content-Disposition") != "" || resp.Header.Get("X-Kept") != "yes" {
		t.Errorf("headers: %v", resp.Header)
	}
	resp, body = c.do("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("after the panic: %d %q", resp.StatusCode, body)
	}
	resp, body = c.do("GET /http-error HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n")
	if resp.StatusCode != 403 || !strings.Contains(body, "Not yours.") {
		t.Fatalf("HTTP error panic: %d %q", resp.StatusCode, body)
	}

	logged := buf.String()
	for _, want := range []string{"level=ERROR", "msg=panic", "request_id=rq-1", `panic="\"boom\\x1b[31m\""`, "recover_test.go"} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %s:\n%s", want, logged)
		}
	}
	if strings.Count(logged, "msg=panic") != 1 {
		t.Errorf("the HTTP error panic was logged:\n%s", logged)
	}
}

// A panic after the response started cuts the connection, so the client
// cannot mistake the truncated response for a complete one.
func TestRecoverAfterWrite(t *testing.T) {
	log, _ := textLogger()
	srv := serve(t, Recover(log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic("late")
	})))
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("the truncated body read without error")
	}
}

func TestRecoverErrAbortHandler(t *testing.T) {
	log, buf := textLogger()
	srv := serve(t, Recover(log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	})))
	c := dial(t, srv)
	io.WriteString(c.c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, err := http.ReadResponse(bufio.NewReader(c.c), nil); err == nil {
		t.Error("got a response to an aborted handler")
	}
	if buf.String() != "" {
		t.Errorf("logged: %s", buf)
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"/a/b":      "/a/b",
		"/é":        "/é",
		`"x"`:       `"\"x\""`,
		"a\x00":     `"a\x00"`,
		"\xff":      `"\xff"`,
		"\u202e":    `"\u202e"`,
		"\u2028":    `"\u2028"`,
		"a b":       "a b",
		"\ufffd":    "\ufffd", // a real replacement character is printable
		"tab\there": `"tab\there"`,
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %s, want %s", in, got, want)
		}
	}
}

// Recover hands the error page the stack of the panic, as a
// *handler404.PanicError whose program counters start in the handler
// that panicked: the technical 500 shows its frames.
func TestRecoverHandsTheStackToTheErrorPage(t *testing.T) {
	var got error
	render := func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		w.WriteHeader(http.StatusInternalServerError)
	}
	log, _ := textLogger()
	h := Recover(log)(http.HandlerFunc(panickingView))
	req := httptest.NewRequest("GET", "/", nil)
	st := &route.State{Render: render} // as a dispatcher serving req records it
	route.Begin(req, st)
	defer route.End(st)
	h.ServeHTTP(httptest.NewRecorder(), req)
	var pe *handler404.PanicError
	if !errors.As(got, &pe) || pe.Value != "out of stock" || len(pe.PCs) == 0 {
		t.Fatalf("the error page got %#v", got)
	}
	var frame runtime.Frame
	for frames := runtime.CallersFrames(pe.PCs); ; {
		f, more := frames.Next()
		if strings.HasSuffix(f.Function, "panickingView") {
			frame = f
			break
		}
		if !more {
			t.Fatalf("no frame of the view in the stack")
		}
	}
	if !strings.HasSuffix(frame.File, "recover_test.go") {
		t.Errorf("view frame %s:%d", frame.File, frame.Line)
	}
}

func panickingView(http.ResponseWriter, *http.Request) { panic("out of stock") }
