package traceback

import (
	"bytes"
	"os"
)

// maxSourceBytes bounds a source file read for its lines.
const maxSourceBytes = 4 << 20

// WithSource fills in the Source of each frame, context lines either
// side, from files that are readable; files are read once each. Frames
// past limit are left without.
func WithSource(frames []Frame, context, limit int) []Frame {
	files := map[string][][]byte{}
	for i := range frames {
		if i >= limit {
			break
		}
		f := &frames[i]
		if f.File == "" || f.Line <= 0 {
			continue
		}
		lines, ok := files[f.File]
		if !ok {
			lines = readLines(f.File)
			files[f.File] = lines
		}
		if f.Line > len(lines) {
			continue
		}
		for n := max(1, f.Line-context); n <= min(len(lines), f.Line+context); n++ {
			f.Source = append(f.Source, Line{Number: n, Text: string(lines[n-1]), Focus: n == f.Line})
		}
	}
	return frames
}

func readLines(path string) [][]byte {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxSourceBytes {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}
