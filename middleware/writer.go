package middleware

import (
	"bufio"
	"net"
	"net/http"
)

// recorder is the ResponseWriter wrapper of this package: it records the
// status and the number of body bytes, for the request log and for panic
// recovery. Flush and Hijack delegate through http.ResponseController
// and Unwrap returns the writer underneath, so http.Flusher,
// http.Hijacker and http.ResponseController keep working through it.
type recorder struct {
	http.ResponseWriter
	status   int
	bytes    int64
	started  bool // the header was sent, or the connection hijacked
	hijacked bool
}

func (w *recorder) WriteHeader(code int) {
	// 1xx informational responses (103 Early Hints) do not start the
	// response.
	if !w.started && code >= 200 {
		w.status, w.started = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.started {
		w.status, w.started = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush sends buffered data to the client, if the writer underneath can.
func (w *recorder) Flush() {
	if !w.started {
		w.status, w.started = http.StatusOK, true
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack takes over the connection, if the writer underneath allows it.
func (w *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.started, w.hijacked = true, true
	}
	return c, rw, err
}

// Unwrap returns the writer underneath, for http.ResponseController.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusCode is the status sent: 200 when the handler wrote nothing
// (net/http sends 200 then), 0 when it hijacked the connection without
// sending a status.
func (w *recorder) statusCode() int {
	switch {
	case w.status != 0:
		return w.status
	case w.hijacked:
		return 0
	}
	return http.StatusOK
}
