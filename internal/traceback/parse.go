package traceback

import (
	"strconv"
	"strings"
)

// maxFrames bounds what Parse returns, whatever the text.
const maxFrames = 200

// Parse reads the first goroutine of a goroutine dump, as
// runtime/debug.Stack writes it, into frames, innermost first, cut at the
// panic:
//
//	goroutine 7 [running]:
//	main.handler(...)
//		/src/site/views.go:42 +0x1d
//	created by net/http.(*Server).Serve in goroutine 1
//		/usr/lib/go/src/net/http/server.go:3454 +0x485
//
// Lines it does not understand are skipped; it never fails.
func Parse(stack []byte) []Frame {
	lines := strings.Split(string(stack), "\n")
	var frames []Frame
	for i := 0; i < len(lines) && len(frames) < maxFrames; i++ {
		line := strings.TrimRight(lines[i], "\r")
		if line == "" {
			if len(frames) > 0 {
				break // the next goroutine
			}
			continue
		}
		if strings.HasPrefix(line, "goroutine ") || strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "...") {
			continue
		}
		fn := function(line)
		if fn == "" {
			continue
		}
		f := Frame{Function: fn, Kind: Classify(fn)}
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
			f.File, f.Line = location(strings.TrimSpace(lines[i+1]))
			i++
		}
		frames = append(frames, f)
	}
	return cut(frames)
}

// function returns the function a frame line names: the line without its
// argument list, and without "created by" and " in goroutine N".
func function(line string) string {
	if rest, ok := strings.CutPrefix(line, "created by "); ok {
		if i := strings.Index(rest, " in goroutine "); i >= 0 {
			rest = rest[:i]
		}
		return strings.TrimSpace(rest)
	}
	if !strings.HasSuffix(line, ")") {
		return ""
	}
	i := strings.LastIndexByte(line, '(')
	if i <= 0 {
		return ""
	}
	return line[:i]
}

// location reads "path/file.go:42 +0x1d" (the offset is optional).
func location(s string) (string, int) {
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		s = s[:i]
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n < 0 {
		return s, 0
	}
	return s[:i], n
}
