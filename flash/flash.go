package flash

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
)

// A Level says how a message should look, as Django's message levels:
// its String is the tag a template turns into a CSS class.
type Level int

// Django's levels.
const (
	Debug   Level = 10
	Info    Level = 20
	Success Level = 25
	Warning Level = 30
	Error   Level = 40
)

func (l Level) String() string {
	switch l {
	case Debug:
		return "debug"
	case Info:
		return "info"
	case Success:
		return "success"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "info"
}

// A Message is one flash message.
type Message struct {
	Level Level  `json:"l"`
	Text  string `json:"t"` // plain text: html/template escapes it
}

// A Store keeps a browser's messages from one request to the next.
// CookieStore and SessionStore are the two a site chooses from.
type Store interface {
	// Load returns the messages stored for r's browser.
	Load(r *http.Request) []Message
	// Save replaces them with msgs (none: clear them), before w's
	// response starts.
	Save(w http.ResponseWriter, r *http.Request, msgs []Message)
}

type stateKey struct{}

// state is a request's messages: loaded on first use.
type state struct {
	store    Store
	r        *http.Request
	mu       sync.Mutex
	loaded   bool
	stored   []Message // what the store had
	read     bool      // Messages was called: stored ones are consumed
	consumed int       // how many stored messages it consumed
	added    []Message
	saved    bool // the response started: too late to add
	late     bool
}

func (st *state) load() {
	if !st.loaded {
		st.stored, st.loaded = st.store.Load(st.r), true
	}
}

// Middleware gives every request its messages from store; add it to
// dispatcher.Options.Middleware. With SessionStore it goes after the
// session middleware (inside it), so that the messages are in the
// session before the session is saved. A nil logger means
// slog.Default(); it hears of messages added after the response started,
// which are lost.
func Middleware(store Store, logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := r.Context().Value(stateKey{}).(*state); ok {
				next.ServeHTTP(w, r) // an error page for this very request
				return
			}
			st := &state{store: store}
			r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
			st.r = r
			fw := &writer{ResponseWriter: w, st: st}
			next.ServeHTTP(fw, r)
			fw.save()
			if st.late {
				logger.Warn("flash: a message was added after the response started; it is lost",
					"method", r.Method, "path", r.URL.Path)
			}
		})
	}
}

func from(r *http.Request) *state {
	st, ok := r.Context().Value(stateKey{}).(*state)
	if !ok {
		panic("flash: the request has no messages: add flash.Middleware to dispatcher.Options.Middleware")
	}
	return st
}

// Add queues a message for the next response that shows messages: this
// request's, if it calls Messages afterwards, else the next request's.
func Add(r *http.Request, level Level, text string) {
	st := from(r)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.saved {
		st.late = true
		return
	}
	st.added = append(st.added, Message{Level: level, Text: text})
}

// Messages returns the messages waiting for this browser, oldest first,
// and consumes them: they are not shown again.
func Messages(r *http.Request) []Message {
	st := from(r)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.load()
	msgs := append(append([]Message(nil), st.stored...), st.added...)
	st.consumed += len(st.stored)
	st.stored, st.added, st.read = nil, nil, true
	return msgs
}

// save stores what remains, once, if anything changed.
func (st *state) save(w http.ResponseWriter) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.saved {
		return
	}
	st.saved = true
	if len(st.added) == 0 && st.consumed == 0 {
		return // nothing added, nothing consumed: no store call, no cookie
	}
	st.load() // unread messages stay, after the new ones are added
	st.store.Save(w, st.r, append(append([]Message(nil), st.stored...), st.added...))
}

// writer stores the messages before the response starts: at the first
// WriteHeader (of a final status), Write, Flush or Hijack, or when the
// handler returns.
type writer struct {
	http.ResponseWriter
	st *state
}

func (w *writer) save() { w.st.save(w.ResponseWriter) }

func (w *writer) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.save()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(b []byte) (int, error) {
	w.save()
	return w.ResponseWriter.Write(b)
}

// Flush stores the messages, then flushes, so that streaming works.
func (w *writer) Flush() {
	w.save()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack stores the messages, then hands the connection over.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.save()
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
