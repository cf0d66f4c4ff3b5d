// Package traceback turns a panic's stack into the frames a technical
// error page shows: each with its function, file, line, whose code it is
// (the site's, hoop's, the standard library's, another module's, the
// runtime's) and the source lines around it when the file is readable.
//
// It reads either kind of stack the recovery paths hold: program
// counters (runtime.Callers, exact) or the text of a goroutine dump
// (runtime/debug.Stack, which is what a recovery path that only kept
// the text hands over), and cuts both at the panic, so that the first
// frame is the one that panicked, not the recovery machinery.
package traceback

import (
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
)

// A Kind says whose code a frame runs.
type Kind int

const (
	Site    Kind = iota // the site's own code: the main module, package main, tests
	Hoop                // hoop's library packages
	Module              // another module
	Std                 // the standard library
	Runtime             // the Go runtime
)

func (k Kind) String() string {
	return [...]string{"site", "hoop", "module", "std", "runtime"}[k]
}

// A Frame is one call on the stack.
type Frame struct {
	Function string // package path and name: "github.com/x/site.(*Shop).Buy"
	File     string // as the compiler recorded it; "" if unknown
	Line     int
	Kind     Kind
	Source   []Line // the lines around Line, when the file is readable
}

// A Line is one line of a frame's source file.
type Line struct {
	Number int
	Text   string
	Focus  bool // the frame's own line
}

// Short is the frame's function without its package path:
// "site.(*Shop).Buy".
func (f Frame) Short() string {
	fn := f.Function
	if i := strings.LastIndexByte(fn, '/'); i >= 0 {
		fn = fn[i+1:]
	}
	return fn
}

// FromPCs returns the frames of program counters from runtime.Callers,
// innermost first, cut at the panic.
func FromPCs(pcs []uintptr) []Frame {
	var frames []Frame
	it := runtime.CallersFrames(pcs)
	for {
		f, more := it.Next()
		if f.Function != "" || f.File != "" {
			frames = append(frames, Frame{Function: f.Function, File: f.File, Line: f.Line, Kind: Classify(f.Function)})
		}
		if !more {
			break
		}
	}
	return cut(frames)
}

// hoopModule is hoop's module path; its library packages are Hoop,
// anything else in it (the example site, tests) is Site.
const hoopModule = "github.com/hoop-go/hoop/"

// hoopLibrary are the first path elements of hoop's library packages.
var hoopLibrary = map[string]bool{
	"urlconf": true, "views": true, "dispatcher": true, "middleware": true, "handler404": true,
	"sessions": true, "settings": true, "manage": true, "signing": true, "flash": true, "internal": true,
}

var mainModule = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != "" {
		return bi.Main.Path + "/"
	}
	return ""
})

// Classify says whose code the function named fn (as runtime.Frame
// names it) is.
func Classify(fn string) Kind {
	pkg := packageOf(fn)
	switch {
	case pkg == "runtime" || strings.HasPrefix(pkg, "runtime/") || fn == "panic":
		return Runtime
	case strings.HasPrefix(pkg+"/", hoopModule):
		first, _, _ := strings.Cut(strings.TrimPrefix(pkg, hoopModule), "/")
		if hoopLibrary[first] {
			return Hoop
		}
		return Site
	case pkg == "main" || mainModule() != "" && strings.HasPrefix(pkg+"/", mainModule()):
		return Site
	case !strings.Contains(firstElem(pkg), "."):
		return Std
	}
	return Module
}

// packageOf is the package path of a function name: everything up to the
// first "." after the last "/".
func packageOf(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

func firstElem(pkg string) string {
	first, _, _ := strings.Cut(pkg, "/")
	return first
}

// cut drops the frames above the panic: everything up to the deepest
// runtime.gopanic (the original panic, under any re-panic of a recovery
// path), and the runtime frames right under it (a nil dereference's
// sigpanic). Without a panic, only leading runtime frames (debug.Stack,
// runtime.Callers) go.
func cut(frames []Frame) []Frame {
	start := 0
	for i, f := range frames {
		if f.Function == "runtime.gopanic" || f.Function == "panic" {
			start = i + 1
		}
	}
	for start < len(frames) && frames[start].Kind == Runtime && !strings.HasPrefix(frames[start].Function, "runtime.goexit") {
		start++
	}
	if start == len(frames) {
		return frames // nothing but the runtime: show it all
	}
	return frames[start:]
}
