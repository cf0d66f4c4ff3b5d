package urlconf

import "strings"

// FormatTried writes each row of a tried list as Django's technical 404
// does: the chain's patterns concatenated, then [name='...'] of the last
// pattern if it has a name. A mount, which takes every path under its
// prefix, is marked [mount].
func FormatTried(rows [][]Tried) []string {
	out := make([]string, 0, len(rows))
	for _, row := range rows {
		var b strings.Builder
		for _, p := range row {
			b.WriteString(p.Pattern)
		}
		if len(row) > 0 {
			last := row[len(row)-1]
			if last.Kind == "mount" {
				b.WriteString(" [mount]")
			}
			if last.Name != "" {
				b.WriteString(" [name='" + last.Name + "']")
			}
		}
		out = append(out, b.String())
	}
	return out
}
