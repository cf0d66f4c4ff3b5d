package views

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// DefaultJSONLimit is the body size DecodeJSON accepts when its limit is 0.
const DefaultJSONLimit = 1 << 20

// DecodeJSON decodes r's JSON body into v, and returns the error a client
// deserves as an *HTTPError that the view returns as is:
//
//   - 415 if the Content-Type is not application/json (or +json);
//   - 413 if the body is larger than limit bytes (0: DefaultJSONLimit),
//     or than a MaxBody middleware allows;
//   - 400 naming the problem for an empty body, bad JSON (with its
//     offset), a value of the wrong type (naming the field), an unknown
//     field, or data after the value.
func DecodeJSON(r *http.Request, v any, limit int64) error {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" && !(strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json")) {
		return Error(http.StatusUnsupportedMediaType, "The body must be JSON, sent with Content-Type: application/json.")
	}
	if limit <= 0 {
		limit = DefaultJSONLimit
	}
	body := http.MaxBytesReader(nil, r.Body, limit)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return jsonError(err)
		}
		return BadRequest("The body has data after the JSON value.")
	}
	return nil
}

// jsonError turns a decoding error into the client's error.
func jsonError(err error) *HTTPError {
	var (
		tooBig    *http.MaxBytesError
		syntax    *json.SyntaxError
		wrongType *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooBig):
		return &HTTPError{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("The body is larger than %d bytes.", tooBig.Limit), Err: err}
	case errors.Is(err, io.EOF):
		return &HTTPError{Status: http.StatusBadRequest, Detail: "The request body is empty; it must be JSON.", Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &HTTPError{Status: http.StatusBadRequest, Detail: "The body is truncated JSON.", Err: err}
	case errors.As(err, &syntax):
		return &HTTPError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("The body is not valid JSON: %v (at byte %d).", syntax, syntax.Offset), Err: err}
	case errors.As(err, &wrongType):
		field := wrongType.Field
		if field == "" {
			return &HTTPError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("The body must be a JSON %s, not %s.", jsonKind(wrongType.Type.Kind().String()), wrongType.Value), Err: err}
		}
		return &HTTPError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("Field %q must be %s, not %s.", field, jsonKind(wrongType.Type.Kind().String()), wrongType.Value), Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return &HTTPError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("Unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field ")), Err: err}
	}
	return &HTTPError{Status: http.StatusBadRequest, Detail: "The body could not be read as JSON.", Err: err}
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a " + kind
}
