package handler404

import (
	"mime"
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
// that covers a type matched by want.
func bestRank(accept []string, want func(string) bool) rank {
	best := rank{q: 0, specificity: -1, index: 1 << 30}
	index := 0
	for _, header := range accept {
		for _, part := range strings.Split(header, ",") {
			index++
			mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			spec, ok := covers(mediaType, want)
			if !ok {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && v <= 1 {
					q = v
				}
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
