package dispatcher

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The guards run before any pattern does: net/http hands handlers decoded
// paths with "..", NUL, newlines and invalid UTF-8 in them, and a
// backtracking regex should never see a path it could not mean.

// standardMethods are the methods a view gets without asking; any other
// (CONNECT, TRACE, BREW...) is answered 405 unless the conf entry lists
// it with urlconf.Methods.
// They are sorted, as an Allow header lists them.
var standardMethods = []string{
	http.MethodDelete, http.MethodGet, http.MethodHead, http.MethodOptions,
	http.MethodPatch, http.MethodPost, http.MethodPut,
}

// maxQueryParams and maxCookies are Go 1.26's own limits
// (urlmaxqueryparams, httpcookiemaxnum): past them net/http drops values
// silently, so hoop answers 400 instead of serving half a request.
const (
	maxQueryParams = 10000
	maxCookies     = 3000
)

// rejection is why a request is refused before resolving: a status and a
// detail for the client.
type rejection struct {
	status int
	detail string
}

// guard checks what the request's path, query and cookies must be before
// anything resolves them; ok is false with the answer to send.
func (d *Dispatcher) guard(r *http.Request) (rejection, bool) {
	p := r.URL.Path
	plain := plainPath(p) // the common case: the four path checks below pass
	switch {
	case r.Method == http.MethodConnect:
		return rejection{http.StatusMethodNotAllowed, "CONNECT is not supported."}, false
	case d.maxPath > 0 && len(p) > d.maxPath:
		return rejection{http.StatusRequestURITooLong, "The request path is too long."}, false
	case r.URL.RawPath != "" && !validEscapes(r.URL.RawPath):
		return rejection{http.StatusBadRequest, "The request path is not validly percent-encoded."}, false
	case !plain && !utf8.ValidString(p):
		return rejection{http.StatusBadRequest, "The request path is not valid UTF-8."}, false
	case !plain && hasControl(p):
		return rejection{http.StatusBadRequest, "The request path contains a control character."}, false
	case !plain && strings.Contains(p, `\`):
		return rejection{http.StatusBadRequest, "The request path contains a backslash."}, false
	case !plain && hasDotSegment(p):
		return rejection{http.StatusBadRequest, "The request path contains a \".\" or \"..\" segment."}, false
	case tooMany(r.URL.RawQuery, "&;", maxQueryParams):
		return rejection{http.StatusBadRequest, "The query string has too many parameters."}, false
	case tooManyCookies(r):
		return rejection{http.StatusBadRequest, "The request has too many cookies."}, false
	}
	return rejection{}, true
}

func validEscapes(raw string) bool {
	_, err := url.PathUnescape(raw)
	return err == nil
}

// hasControl reports C0 and C1 control characters and DEL.
func hasControl(p string) bool {
	for _, r := range p {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return true
		}
	}
	return false
}

// plainPath reports, in one pass, a path of printable ASCII with no
// backslash and no "." or ".." segment: one that passes the UTF-8,
// control character, backslash and dot segment checks, which then need
// not run one after the other.
func plainPath(p string) bool {
	dots := 0 // dots so far in the current segment, -1 once it has another byte
	for i := 0; i < len(p); i++ {
		switch pathByte[p[i]] {
		case byteOther:
			dots = -1
		case byteBad:
			return false
		case byteSlash:
			if dots == 1 || dots == 2 {
				return false
			}
			dots = 0
		case byteDot:
			if dots >= 0 {
				dots++
			}
		}
	}
	return dots != 1 && dots != 2
}

// pathByte classifies bytes for plainPath: a table lookup per byte.
var pathByte = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c < 0x20 || c >= 0x7f || c == '\\':
			t[c] = byteBad
		case c == '/':
			t[c] = byteSlash
		case c == '.':
			t[c] = byteDot
		}
	}
	return t
}()

const (
	byteOther = iota
	byteBad
	byteSlash
	byteDot
)

// hasDotSegment reports a "." or ".." segment. Redirecting to the cleaned
// path would change what the path means, so such a path is refused.
func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") { // SplitSeq: no allocation per request
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// tooMany reports whether s has max or more separators: more than max
// values.
func tooMany(s, separators string, max int) bool {
	if len(s) < max {
		return false // fewer bytes than values: cannot be too many
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(separators, s[i]) >= 0 {
			n++
		}
	}
	return n >= max
}

func tooManyCookies(r *http.Request) bool {
	n := 0
	for _, line := range r.Header["Cookie"] {
		n += strings.Count(line, ";") + 1
	}
	return n > maxCookies
}

// allowedMethod reports whether a view may get r's method: a standard
// method, or one the entry lists.
func allowedMethod(method string, listed []string) bool {
	for _, m := range standardMethods {
		if method == m {
			return true
		}
	}
	for _, m := range listed {
		if method == m {
			return true
		}
	}
	return false
}
