package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hoop-go/hoop/internal/peer"
	"github.com/hoop-go/hoop/internal/reqlog"
)

// state is what the middleware of this package share about one request.
// It is created once, by whichever middleware of this package runs
// first, and is the only allocation the package makes for a request:
// the context that carries it, the request copy that carries that
// context, the request ID's text and header value, and the Logger's
// writer all live in it. Fields are written before the next handler
// runs, by the goroutine serving the request.
type state struct {
	requestID  string
	peer       peer.Info    // what a trusted proxy said (TrustedProxies)
	forwarded  bool         // peer holds it
	log        *slog.Logger // the Logger middleware's, for the others' messages
	logged     bool         // a Logger is logging this request
	logDone    bool         // its record is written
	failure    any          // a panic or an error its record carries (Failed)
	failStack  []byte       // the panic's stack; nil for an error
	hostDone   bool         // AllowedHosts has decided on this request
	originDone bool         // CrossOrigin has decided on this request
	bodyDone   bool         // MaxBody has decided on this request

	ctx        stateContext
	req        http.Request
	idBuf      [32]byte  // a new request ID's text
	idHdr      [1]string // the request ID header's value
	rec        recorder  // the Logger's writer
	recovering recorder  // Recover's writer
}

type stateKey struct{}

// stateContext is the request's context with its state: context.WithValue
// without an allocation of its own.
type stateContext struct {
	context.Context
	st *state
}

func (c *stateContext) Value(key any) any {
	switch key {
	case stateKey{}:
		return c.st
	case reqlog.Key{}:
		if c.st.logged {
			return reqlog.Sink(c.st)
		}
	case peer.Key{}:
		if c.st.forwarded {
			return &c.st.peer
		}
	}
	return c.Context.Value(key)
}

// Failed takes a panic, or an error a view returned (stack nil), for
// the request's log record when a Logger logs the request (reqlog.Sink):
// the dispatcher and Recover hand it what they recover, so that a failed
// request is one record.
func (st *state) Failed(v any, stack []byte) bool {
	if !st.logged {
		return false
	}
	if !st.logDone { // else the record, already written, carries it
		st.failure, st.failStack = v, stack
	}
	return true
}

// logger is the logger for messages about the request: the Logger
// middleware's, else slog.Default().
func (st *state) logger() *slog.Logger {
	if st.log != nil {
		return st.log
	}
	return slog.Default()
}

// stateFor returns r's state, and r with a new one in its context if it
// had none. The copy of r lives in the state: r.WithContext is inlined,
// so the copy it makes does not escape.
func stateFor(r *http.Request) (*state, *http.Request) {
	if st, ok := r.Context().Value(stateKey{}).(*state); ok {
		return st, r
	}
	st := &state{}
	st.ctx = stateContext{Context: r.Context(), st: st}
	st.req = *r.WithContext(&st.ctx)
	return st, &st.req
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
