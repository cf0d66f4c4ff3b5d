package handler404

import (
	"net/http"
	"strconv"
	"strings"
)

// WantsJSON reports whether the client is a script that wants an error as
// JSON rather than HTML: it sent "X-Requested-With: XMLHttpRequest", or
// its Accept header prefers JSON (application/json, application/*+json)
// to HTML. On a tie, the more specific media range wins, then the one
// listed first, so "Accept: */*" gets HTML and "application/json,
// text/plain, */*" gets JSON.
func WantsJSON(r *http.Request) bool {
	if r.Header.Get("X-Requested-With") == "XMLHttpRequest" {
		return true
	}
	accept := r.Header.Values("Accept")
	if len(accept) == 0 {
		return false
	}
	jsonRank := bestRank(accept, isJSONType)
	htmlRank := bestRank(accept, func(t string) bool { return t == "text/html" })
	return jsonRank.q > 0 && jsonRank.beats(htmlRank)
}

// rank is how well an Accept header likes a media type.
type rank struct {
	q           float64
	specificity int // 0 for */*, 1 for type/*, 2 for an exact type
	index       int // position in the header; earlier wins ties
}

func (a rank) beats(b rank) bool {
	if a.q != b.q {
		return a.q > b.q
	}
	if a.specificity != b.specificity {
		return a.specificity > b.specificity
	}
	return a.index < b.index
}

// bestRank returns the rank of the most specific media range in accept
// that covers a type matched by want. It parses the header in place,
// without allocating: every error page and every 404 asks.
func bestRank(accept []string, want func(string) bool) rank {
	best := rank{q: 0, specificity: -1, index: 1 << 30}
	index := 0
	for _, header := range accept {
		for rest := header; rest != ""; {
			var part string
			part, rest, _ = strings.Cut(rest, ",")
			index++
			mediaType, q, ok := parseMediaRange(part)
			if !ok {
				continue
			}
			spec, ok := covers(mediaType, want)
			if !ok {
				continue
			}
			// The most specific matching range decides, as in RFC 9110.
			if spec > best.specificity || (spec == best.specificity && q > best.q) {
				best = rank{q: q, specificity: spec, index: index}
			}
		}
	}
	if best.specificity < 0 {
		return rank{index: 1 << 30}
	}
	return best
}

// parseMediaRange reads one element of an Accept header: its media range
// in lower case and its q parameter (1 when absent or malformed).
func parseMediaRange(part string) (mediaType string, q float64, ok bool) {
	mediaType, params, _ := strings.Cut(part, ";")
	mediaType = strings.TrimSpace(mediaType)
	major, minor, found := strings.Cut(mediaType, "/")
	if !found || !isToken(major) || !isToken(minor) {
		return "", 0, false
	}
	if hasUpper(mediaType) {
		mediaType = strings.ToLower(mediaType)
	}
	q = 1.0
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(strings.TrimSpace(param), "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			if v, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil && v >= 0 && v <= 1 {
				q = v
			}
		}
	}
	return mediaType, q, true
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// covers reports whether a media range covers a type that want accepts,
// and how specifically.
func covers(mediaRange string, want func(string) bool) (int, bool) {
	switch {
	case mediaRange == "*/*":
		return 0, true
	case strings.HasSuffix(mediaRange, "/*"):
		major := strings.TrimSuffix(mediaRange, "/*")
		return 1, (major == "application" && want("application/json")) || (major == "text" && want("text/html"))
	default:
		return 2, want(mediaRange)
	}
}

func isJSONType(t string) bool {
	return t == "application/json" || (strings.HasPrefix(t, "application/") && strings.HasSuffix(t, "+json"))
}
