package examplesite

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/hoop-go/hoop/example_site/urls"
	"github.com/hoop-go/hoop/manage"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// The live demos: /ws/echo/ is a WebSocket echo, and /events/ streams
// server-sent events, among them every message the echo gets, signed
// with the session's user. Both are plain views behind the standard
// middleware and the session middleware, which keep http.Flusher,
// http.Hijacker and http.ResponseController working.

// liveURLs are the live demos' entries, included at the root.
func liveURLs() []urlconf.Entry {
	return []urlconf.Entry{
		urlconf.Path("live/", "live.page", urlconf.Name("live")),
		urlconf.Path("ws/echo/", "live.echo", urlconf.Name("ws-echo"), urlconf.Methods(http.MethodGet)),
		urlconf.Path("events/", "live.events", urlconf.Name("events"), urlconf.Methods(http.MethodGet)),
	}
}

// registerLive adds the live views, sharing one hub, to reg.
func registerLive(reg *views.Registry) {
	h := &hub{subscribers: map[chan string]bool{}}
	reg.Handle("live.page", views.TemplateView{Template: livePage, Data: func(r *http.Request) (map[string]any, error) {
		return map[string]any{"URLs": urls.Of(r)}, nil
	}})
	reg.Handle("live.echo", echoSocket{h})
	reg.Handle("live.events", eventStream{h, 15 * time.Second})
}

// keepOpen lifts the server's read and write timeouts for the rest of a
// long-lived response: they bound a whole request (read_timeout,
// write_timeout), and would cut a stream or a WebSocket, whose hijacked
// connection keeps them, after that long.
func keepOpen(w http.ResponseWriter) error {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}

// echoSocket is the WebSocket echo: each message comes back as it was
// sent, and text messages go to the event stream too.
type echoSocket struct{ hub *hub }

// maxMessage bounds a message, as max_body_bytes bounds a body.
const maxMessage = 64 << 10

func (e echoSocket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user := sessions.UserID(r) // read before the upgrade: the session is loaded from the request
	if err := keepOpen(w); err != nil {
		views.RenderError(w, r, err)
		return
	}
	// Accept refuses a browser page of another origin (the request's
	// Host must be the Origin's): a WebSocket is not protected by the
	// cross-origin middleware, which looks at unsafe methods only.
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return // Accept has answered
	}
	defer c.CloseNow()
	c.SetReadLimit(maxMessage)
	ctx := r.Context()
	go func() {
		// A graceful shutdown does not wait for a hijacked connection:
		// say goodbye, so that the client can tell it from a failure.
		select {
		case <-manage.Stopping(ctx):
			c.Close(websocket.StatusGoingAway, "the server is stopping")
		case <-ctx.Done():
		}
	}()
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return // the client left, or broke the protocol
		}
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
		if typ == websocket.MessageText {
			e.hub.publish(signed(user, string(msg)))
		}
	}
}

func signed(user, msg string) string {
	if user == "" {
		user = "anonymous"
	}
	return user + ": " + msg
}

// eventStream streams server-sent events: "welcome" with the session's
// user, then a "message" for each message the echo gets, and a comment
// every heartbeat, so that proxies keep the connection. It ends when the
// client leaves or the server begins to stop.
type eventStream struct {
	hub       *hub
	heartbeat time.Duration
}

func (s eventStream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := keepOpen(w); err != nil {
		views.RenderError(w, r, err)
		return
	}
	messages, leave := s.hub.subscribe()
	defer leave()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: pass events on as they come
	rc := http.NewResponseController(w)
	send := func(event, data string) bool {
		if event != "" {
			fmt.Fprintf(w, "event: %s\n", event)
		}
		for _, line := range strings.Split(data, "\n") {
			fmt.Fprintf(w, "data: %s\n", line)
		}
		fmt.Fprint(w, "\n")
		return rc.Flush() == nil
	}
	if !send("welcome", signed(sessions.UserID(r), "welcome")) {
		return
	}
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-manage.Stopping(r.Context()): // the shutdown would wait for the stream
			return
		case msg := <-messages:
			if !send("message", msg) {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

// hub passes the echo's messages to every event stream. A stream that
// falls behind by a full buffer loses messages rather than holding the
// echo up.
type hub struct {
	mu          sync.Mutex
	subscribers map[chan string]bool
}

func (h *hub) subscribe() (<-chan string, func()) {
	ch := make(chan string, 16)
	h.mu.Lock()
	h.subscribers[ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subscribers, ch)
		h.mu.Unlock()
	}
}

func (h *hub) publish(msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subscribers {
		select {
		case ch <- msg:
		default:
		}
	}
}

var livePage = template.Must(template.New("live").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Live</title>
<link rel="stylesheet" href="{{.URLs.Assets "css/site.css"}}"></head>
<body>
<h1>WebSocket echo and server-sent events</h1>
<form id="send"><input id="text" autofocus required> <button>Send</button></form>
<h2>Echo (WebSocket {{.URLs.WsEcho}})</h2><ul id="echo"></ul>
<h2>Events ({{.URLs.Events}})</h2><ul id="events"></ul>
<script>
const add = (list, text) => { const li = document.createElement("li"); li.textContent = text; document.getElementById(list).append(li); };
const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + {{.URLs.WsEcho}});
ws.onmessage = (e) => add("echo", e.data);
const events = new EventSource({{.URLs.Events}});
events.addEventListener("welcome", (e) => add("events", e.data));
events.addEventListener("message", (e) => add("events", e.data));
document.getElementById("send").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = document.getElementById("text");
  ws.send(text.value);
  text.value = "";
});
</script>
</body></html>
`))
