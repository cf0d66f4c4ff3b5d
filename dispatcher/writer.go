package dispatcher

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter records the status a view sent, for the request log and
// for panic recovery. It passes Flush through, and Unwrap gives
// http.ResponseController the writer underneath, so streaming and
// hijacking work through the dispatcher.
type responseWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	st          *state // the request's state, for the inner handler
}

func (w *responseWriter) WriteHeader(code int) {
	if !w.wroteHeader && code >= 200 {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

// WriteString keeps io.WriteString (and fmt) from copying s into a new
// []byte on every call: net/http's writer takes strings as they are.
func (w *responseWriter) WriteString(s string) (int, error) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = http.StatusOK, true
	}
	return io.WriteString(w.ResponseWriter, s)
}

// Flush sends buffered data to the client, if the writer underneath can.
func (w *responseWriter) Flush() {
	if !w.wroteHeader {
		w.status, w.wroteHeader = http.StatusOK, true
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection to the view (websockets), if the writer
// underneath can.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap returns the writer underneath, for http.ResponseController.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *responseWriter) statusCode() int {
	if !w.wroteHeader {
		return http.StatusOK
	}
	return w.status
}
