package views

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Func is a view that returns its response instead of writing it, as
// Flask's views do:
//
//	func detail(r *http.Request) (any, error) {
//		post, err := store.Post(r.PathValue("slug"))
//		if errors.Is(err, store.ErrNotFound) {
//			return nil, views.NotFound("No such post.")
//		}
//		return views.JSON(post), err
//	}
//
// The value becomes the response (see Respond); an error is rendered as
// its error page (see RenderError).
type Func func(r *http.Request) (any, error)

// ServeHTTP calls f and responds with its result.
func (f Func) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v, err := f(r)
	Respond(w, r, v, err)
}

// A Response is a value a Func returns to set the status and headers as
// well as the body. Body is any value Respond accepts; a Body that is
// itself a Response, such as Text(s) or JSON(v), gives its body and
// headers, and the outer status and headers win.
type Response struct {
	Status int         // 200 when zero
	Header http.Header // merged into the response's headers
	Body   any
}

// JSON returns a Response that encodes v as JSON with status 200. Set
// its Status for another one.
func JSON(v any) *Response {
	return &Response{Body: jsonBody{v}}
}

// Text returns a Response with s as a text/plain body.
func Text(s string) *Response {
	return &Response{Body: textBody(s)}
}

type jsonBody struct{ v any }
type textBody string

// Respond writes a view's result. err, if not nil, wins: it is rendered
// with RenderError. Otherwise v is:
//
//   - nil: 204 No Content, or the Response's status with no body;
//   - a string or []byte: an HTML body (text/html; charset=utf-8);
//   - Text(s): a text/plain body; JSON(v): a JSON body;
//   - a *Response or Response: its status, headers and body;
//   - an http.Handler: served as is;
//   - anything else: an error, reported as a 500 (a bug in the view).
func Respond(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		RenderError(w, r, err)
		return
	}
	resp, ok := v.(*Response)
	if !ok {
		if rv, isValue := v.(Response); isValue {
			resp, ok = &rv, true
		}
	}
	if !ok {
		if h, isHandler := v.(http.Handler); isHandler {
			h.ServeHTTP(w, r)
			return
		}
		resp = &Response{Body: v}
	}
	writeResponse(w, r, resp)
}

func writeResponse(w http.ResponseWriter, r *http.Request, resp *Response) {
	for {
		inner, ok := resp.Body.(*Response)
		if !ok {
			break
		}
		merged := *inner
		if resp.Status != 0 {
			merged.Status = resp.Status
		}
		merged.Header = inner.Header.Clone()
		if merged.Header == nil {
			merged.Header = http.Header{}
		}
		for k, vs := range resp.Header {
			merged.Header[k] = vs
		}
		resp = &merged
	}
	body, contentType, err := encodeBody(resp.Body)
	if err != nil {
		RenderError(w, r, err)
		return
	}
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = append([]string(nil), vs...)
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
		if body == nil {
			status = http.StatusNoContent
		}
	}
	if body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	if body != nil && r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// encodeBody returns the bytes and content type of a body value.
func encodeBody(v any) ([]byte, string, error) {
	switch b := v.(type) {
	case nil:
		return nil, "", nil
	case string:
		return []byte(b), "text/html; charset=utf-8", nil
	case []byte:
		return b, "text/html; charset=utf-8", nil
	case textBody:
		return []byte(b), "text/plain; charset=utf-8", nil
	case jsonBody:
		data, err := json.Marshal(b.v)
		if err != nil {
			return nil, "", fmt.Errorf("views: encoding the JSON response: %w", err)
		}
		return append(data, '\n'), "application/json", nil
	}
	return nil, "", fmt.Errorf("views: a view returned a %T, which is not a response value", v)
}
