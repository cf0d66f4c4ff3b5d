package srcloc

import (
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

type thing struct{}

func (thing) method() string { return Caller(0) }

func here() string { return Caller(0) }

func TestCaller(t *testing.T) {
	closure := func() string { return Caller(0) }
	tests := []struct {
		name string
		got  string
	}{
		{"function", here()},
		{"closure", closure()},
		{"method", thing{}.method()},
		{"one frame up", func() string { return Caller(1) }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.HasPrefix(tt.got, "internal/srcloc/srcloc_test.go:") {
				t.Errorf("got %q, want internal/srcloc/srcloc_test.go:LINE", tt.got)
			}
		})
	}
}

func TestFile(t *testing.T) {
	_, self, _, _ := runtime.Caller(0)
	tests := []struct {
		pkg, file, want string
	}{
		{"github.com/hoop-go/hoop/example_site/blog", "/src/hoop/example_site/blog/blog.go", "example_site/blog/blog.go"},
		{"github.com/hoop-go/hoop/example_site/blog", "github.com/hoop-go/hoop/example_site/blog/blog.go", "example_site/blog/blog.go"}, // -trimpath
		{"github.com/hoop-go/hoop", "/src/hoop/doc.go", "doc.go"},
		{"github.com/hoop-go/hoop/urlconf_test", "/src/hoop/urlconf/example_test.go", "urlconf/example_test.go"},
		{"github.com/dlclark/regexp2", "/mod/github.com/dlclark/regexp2@v1.12.0/regexp.go", "github.com/dlclark/regexp2/regexp.go"},
		{"example.com/unknown/pkg", "/x/pkg/a.go", "example.com/unknown/pkg/a.go"},
		{"main", self, "internal/srcloc/srcloc_test.go"}, // on disk: from the go.mod above it
		{"main", "/nowhere/cmd/site/main.go", "main.go"},
		{"main", "cmd/site/main.go", "main.go"}, // -trimpath: not on disk
	}
	for _, tt := range tests {
		t.Run(tt.pkg+" "+tt.file, func(t *testing.T) {
			if got := File(tt.pkg, filepath.FromSlash(tt.file)); got != tt.want {
				t.Errorf("File(%q, %q) = %q, want %q", tt.pkg, tt.file, got, tt.want)
			}
		})
	}
}

func TestFunc(t *testing.T) {
	closure := func() {}
	tests := []struct {
		name      string
		fn        any
		wantName  string
		wantWhere string // a prefix
	}{
		{"function", here, "srcloc.here", "internal/srcloc/srcloc_test.go:"},
		{"closure", closure, "srcloc.TestFunc.func1", "internal/srcloc/srcloc_test.go:"},
		{"method value", thing{}.method, "srcloc.thing.method", ""}, // the compiler's wrapper has no place
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, where := Func(pcOf(tt.fn))
			if name != tt.wantName || !strings.HasPrefix(where, tt.wantWhere) || (tt.wantWhere == "") != (where == "") {
				t.Errorf("Func = %q, %q; want %q at %q", name, where, tt.wantName, tt.wantWhere)
			}
		})
	}
}

func pcOf(fn any) uintptr { return reflect.ValueOf(fn).Pointer() }
