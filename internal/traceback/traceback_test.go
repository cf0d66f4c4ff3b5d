package traceback_test

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/internal/traceback"
)

// boomLine is the line of the panic in boom.
const boomLine = 21

func boom() {
	var m map[string]int
	if len(m) == 0 {
		// Keep boomLine pointing here when editing above.
		//
		//
		panic("boom")
	}
}

func nilDeref() int {
	var p *struct{ n int }
	return p.n
}

// recovered runs f and returns both stacks a recovery path may hold,
// captured where the dispatcher and the middleware capture them: in the
// deferred function, while the panic's frames are on the stack.
func recovered(f func()) (pcs []uintptr, text []byte) {
	func() {
		defer func() {
			if recover() != nil {
				pcs = make([]uintptr, 64)
				pcs = pcs[:runtime.Callers(1, pcs)]
				text = debug.Stack()
			}
		}()
		f()
	}()
	return pcs, text
}

// A recovery path that re-panics (as the session middleware does) keeps
// the original frames below its own.
func rePanic() {
	defer func() {
		v := recover()
		panic(v)
	}()
	boom()
}

func TestFirstFrameIsThePanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
		fn   string
	}{
		{"panic", boom, "traceback_test.boom"},
		{"re-panicked", rePanic, "traceback_test.boom"},
		{"nil dereference", func() { nilDeref() }, "traceback_test.nilDeref"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pcs, text := recovered(tc.f)
			for kind, frames := range map[string][]traceback.Frame{"pcs": traceback.FromPCs(pcs), "text": traceback.Parse(text)} {
				if len(frames) == 0 {
					t.Fatalf("%s: no frames", kind)
				}
				f := frames[0]
				if !strings.HasSuffix(f.Function, tc.fn) || !strings.HasSuffix(f.File, "traceback_test.go") {
					t.Errorf("%s: first frame %s at %s:%d, want %s", kind, f.Function, f.File, f.Line, tc.fn)
				}
				if tc.fn == "traceback_test.boom" && f.Line != boomLine {
					t.Errorf("%s: line %d, want %d", kind, f.Line, boomLine)
				}
			}
		})
	}
}

func TestWithSource(t *testing.T) {
	pcs, _ := recovered(boom)
	frames := traceback.WithSource(traceback.FromPCs(pcs), 2, 10)
	src := frames[0].Source
	if len(src) != 5 {
		t.Fatalf("source lines: %+v", src)
	}
	if focus := src[2]; !focus.Focus || focus.Number != boomLine || strings.TrimSpace(focus.Text) != `panic("boom")` {
		t.Errorf("focus line %+v", focus)
	}
	missing := traceback.WithSource([]traceback.Frame{{File: "/no/such/file.go", Line: 3}}, 2, 10)
	if missing[0].Source != nil {
		t.Errorf("source of a missing file: %+v", missing[0].Source)
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		fn   string
		want traceback.Kind
	}{
		{"runtime.gopanic", traceback.Runtime},
		{"runtime/debug.Stack", traceback.Runtime},
		{"panic", traceback.Runtime},
		{"net/http.(*Server).Serve", traceback.Std},
		{"net/http.HandlerFunc.ServeHTTP", traceback.Std},
		{"main.main.func1", traceback.Site},
		{"github.com/hoop-go/hoop/dispatcher.(*Dispatcher).call", traceback.Hoop},
		{"github.com/hoop-go/hoop/internal/traceback.Parse", traceback.Hoop},
		{"github.com/hoop-go/hoop/example_site.boom", traceback.Site},
		{"github.com/hoop-go/hoop/example_site/blog.detail", traceback.Site},
		{"github.com/alexedwards/scs/v2.(*SessionManager).Load", traceback.Module},
		{"example.com/shop.(*Cart).Add", traceback.Module},
	} {
		t.Run(tc.fn, func(t *testing.T) {
			if got := traceback.Classify(tc.fn); got != tc.want {
				t.Errorf("Classify(%q) = %v, want %v", tc.fn, got, tc.want)
			}
		})
	}
}

const dump = `goroutine 34 [running]:
runtime/debug.Stack()
	/usr/lib/go/src/runtime/debug/stack.go:26 +0x5e
github.com/hoop-go/hoop/dispatcher.(*Dispatcher).call.func1()
	/src/hoop/dispatcher/serve.go:169 +0x1d4
panic({0x9a1b20?, 0xc4d6d28?})
	/usr/lib/go/src/runtime/panic.go:792 +0x132
example.com/shop.(*Cart).Add(0xc000010000, {0xa0b1c3, 0x5})
	/src/shop/cart.go:42 +0x45
example.com/shop.buy(...)
	/src/shop/views.go:17
net/http.HandlerFunc.ServeHTTP(0xc0001a2000?, {0xb2e9c8?, 0xc0001c6000?}, 0xc000170f00?)
	/usr/lib/go/src/net/http/server.go:2294 +0x29
...additional frames elided...
created by net/http.(*Server).Serve in goroutine 1
	/usr/lib/go/src/net/http/server.go:3454 +0x485

goroutine 1 [chan receive]:
main.main()
	/src/shop/main.go:9 +0x1
`

func TestParse(t *testing.T) {
	frames := traceback.Parse([]byte(dump))
	want := []traceback.Frame{
		{Function: "example.com/shop.(*Cart).Add", File: "/src/shop/cart.go", Line: 42, Kind: traceback.Module},
		{Function: "example.com/shop.buy", File: "/src/shop/views.go", Line: 17, Kind: traceback.Module},
		{Function: "net/http.HandlerFunc.ServeHTTP", File: "/usr/lib/go/src/net/http/server.go", Line: 2294, Kind: traceback.Std},
		{Function: "net/http.(*Server).Serve", File: "/usr/lib/go/src/net/http/server.go", Line: 3454, Kind: traceback.Std},
	}
	if len(frames) != len(want) {
		t.Fatalf("got %d frames: %+v", len(frames), frames)
	}
	for i := range want {
		if frames[i].Function != want[i].Function || frames[i].File != want[i].File || frames[i].Line != want[i].Line || frames[i].Kind != want[i].Kind {
			t.Errorf("frame %d = %+v, want %+v", i, frames[i], want[i])
		}
	}
	if got := frames[0].Short(); got != "shop.(*Cart).Add" {
		t.Errorf("Short = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(dump))
	f.Add(debug.Stack())
	f.Add([]byte("goroutine 1 [running]:\nmain.main()\n\t/x.go:-1 +0x0\n"))
	f.Add([]byte("f(\n\t:\n)\n"))
	f.Fuzz(func(t *testing.T, stack []byte) {
		frames := traceback.Parse(stack)
		if len(frames) > 200 {
			t.Fatalf("%d frames", len(frames))
		}
		for _, fr := range frames {
			if fr.Function == "" || fr.Line < 0 {
				t.Fatalf("frame %+v", fr)
			}
			_ = fr.Short()
			_ = fr.Kind.String()
		}
	})
}
