package pyre

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Error describes a pattern that Python's re module would reject.
type Error struct {
	Pattern string
	// Offset is the byte offset in Pattern where Python reports the
	// error, or -1 when Python reports no position. Error() prints it as
	// Python does, counted in code points.
	Offset int
	Msg    string // Python's message, e.g. "missing ), unterminated subpattern"
	// Hint, if not empty, suggests a fix for a common mistake such as
	// the .NET named-group syntax (?<name>...). Python has no hint.
	Hint string
}

// Error formats the error as Python's re.error does, e.g. "nothing to
// repeat at position 0", plus "(line L, column C)" for multi-line
// patterns, plus the hint if any.
func (e *Error) Error() string {
	s := e.Msg
	if e.Offset >= 0 && e.Offset <= len(e.Pattern) {
		pos := utf8.RuneCountInString(e.Pattern[:e.Offset])
		s = fmt.Sprintf("%s at position %d", s, pos)
		if strings.Contains(e.Pattern, "\n") {
			before := e.Pattern[:e.Offset]
			line := strings.Count(before, "\n") + 1
			col := pos - utf8.RuneCountInString(before[:strings.LastIndexByte(before, '\n')+1]) + 1
			s = fmt.Sprintf("%s (line %d, column %d)", s, line, col)
		}
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// pyRepr quotes s the way Python's repr() quotes a str, so that messages
// naming a group ("unknown group name 'x'") read exactly like Python's.
func Repr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case !unicode.IsPrint(r) && r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04x`, r)
		case !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
