package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// state is what the middleware of this package share about one request.
// It lives in the request's context and is created once, by whichever
// middleware of this package runs first, so that the others never have
// to copy the request: a copy would hide r.Pattern and the path values
// the dispatcher sets on the request it is given from the middleware
// outside it. Fields are written before the next handler runs, by the
// goroutine serving the request.
type state struct {
	requestID  string
	log        *slog.Logger // the Logger middleware's, for the others' messages
	logged     bool         // a Logger is logging this request
	hostDone   bool         // AllowedHosts has decided on this request
	originDone bool         // CrossOrigin has decided on this request
}

type stateKey struct{}

// logger is the logger for messages about the request: the Logger
// middleware's, else slog.Default().
func (st *state) logger() *slog.Logger {
	if st.log != nil {
		return st.log
	}
	return slog.Default()
}

// stateFor returns r's state, and r with a new one in its context if it
// had none.
func stateFor(r *http.Request) (*state, *http.Request) {
	if st, ok := r.Context().Value(stateKey{}).(*state); ok {
		return st, r
	}
	st := &state{}
	return st, r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
}

// safe returns s as it may go into a log: s itself when every rune is
// printable, else s quoted with strconv.Quote, so that control
// characters, invalid UTF-8 and invisible formatting runes (bidi
// overrides) never reach a log raw, whatever the slog handler. A string
// that starts with a quote is quoted too, so a quoted value is never
// ambiguous.
func safe(s string) string {
	if strings.HasPrefix(s, `"`) {
		return strconv.Quote(s)
	}
	for i, c := range s {
		if c == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return strconv.Quote(s)
			}
		}
		if !strconv.IsPrint(c) {
			return strconv.Quote(s)
		}
	}
	return s
}
