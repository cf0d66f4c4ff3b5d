package middleware

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"unsafe"
)

// DefaultRequestIDHeader is the header RequestID reads and writes when
// given "".
const DefaultRequestIDHeader = "X-Request-ID"

// maxRequestIDLen bounds an incoming request ID.
const maxRequestIDLen = 64

// RequestID gives every request an ID: the one in the incoming header
// (X-Request-ID when header is ""), when it is short and safe (1 to 64
// characters of A-Z, a-z, 0-9, '.', '_' and '-'), otherwise a new one of
// 16 random bytes from crypto/rand, in hex. An ID from a proxy in front
// is kept so that its logs and the site's can be joined; anything else in
// the header (too long, spaces, control characters, quotes) is discarded,
// never logged or echoed.
//
// The ID is set on the response header of the same name before the
// handler runs, and in the request's context, where RequestIDOf finds it
// (the Logger logs it). A request that already has an ID in its context
// (the chain running again around the dispatcher's error handlers) keeps
// it.
func RequestID(header string) func(http.Handler) http.Handler {
	if header == "" {
		header = DefaultRequestIDHeader
	}
	header = http.CanonicalHeaderKey(header)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st, r := stateFor(r)
			if st.requestID == "" {
				st.requestID = r.Header.Get(header)
				if !validRequestID(st.requestID) {
					st.requestID = st.newRequestID()
				}
			}
			st.idHdr[0] = st.requestID
			w.Header()[header] = st.idHdr[:1:1]
			next.ServeHTTP(w, r)
		})
	}
}

// RequestIDOf returns the request ID RequestID put in ctx, or "".
func RequestIDOf(ctx context.Context) string {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		return st.requestID
	}
	return ""
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// newRequestID returns 16 random bytes from crypto/rand in hex, as text
// that lives in st: it is written once, here, and never changed.
func (st *state) newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails since Go 1.24; it crashes the program instead
	hex.Encode(st.idBuf[:], b[:])
	return unsafe.String(&st.idBuf[0], len(st.idBuf))
}
