package views

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// The bounds DecodeJSON applies, for a body it decodes into any shape.
const (
	// DefaultJSONLimit is the body size DecodeJSON accepts when its
	// limit is 0: smaller than the site's max_body_bytes, since a JSON
	// body is decoded whole, into many small values.
	DefaultJSONLimit = 1 << 20
	// DefaultJSONDepth bounds the nesting of arrays and objects.
	DefaultJSONDepth = 64
	// DefaultJSONValues bounds the number of values (object keys
	// included): what decoding into any costs is per value.
	DefaultJSONValues = 100_000
)

// JSONLimits bound what DecodeJSONWith accepts; a zero field means its
// default (DefaultJSONLimit, DefaultJSONDepth, DefaultJSONValues).
type JSONLimits struct {
	Bytes  int64 // the body's size
	Depth  int   // nesting of arrays and objects
	Values int   // values, object keys included
}

// DecodeJSON decodes r's JSON body into v, within limit bytes (0:
// DefaultJSONLimit) and the default depth and value bounds, and returns
// the error a client deserves as an *HTTPError that the view returns as
// is:
//
//   - 415 if the Content-Type is not application/json (or +json);
//   - 413 if the body is larger than the limit, or than a MaxBody
//     middleware allows; a declared Content-Length past the limit is
//     refused before any of the body is read (no "100 Continue");
//   - 400 naming the bound for a body nested deeper than DefaultJSONDepth
//     or holding more than DefaultJSONValues values, checked before
//     anything is decoded;
//   - 400 naming the problem for an empty body, bad JSON (with its
//     offset), a value of the wrong type (naming the field), an unknown
//     field, or data after the value.
func DecodeJSON(r *http.Request, v any, limit int64) error {
	return DecodeJSONWith(r, v, JSONLimits{Bytes: limit})
}

// DecodeJSONWith is DecodeJSON with every bound chosen.
func DecodeJSONWith(r *http.Request, v any, lim JSONLimits) error {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" && !(strings.HasPrefix(mediaType, "application/") && strings.HasSuffix(mediaType, "+json")) {
		return Error(http.StatusUnsupportedMediaType, "The body must be JSON, sent with Content-Type: application/json.")
	}
	lim = lim.withDefaults()
	if r.ContentLength > lim.Bytes {
		return tooLarge(lim.Bytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, lim.Bytes))
	if err != nil {
		return jsonError(err)
	}
	if err := checkShape(body, lim); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return BadRequest("The body has data after the JSON value.")
	}
	return nil
}

func (l JSONLimits) withDefaults() JSONLimits {
	if l.Bytes <= 0 {
		l.Bytes = DefaultJSONLimit
	}
	if l.Depth <= 0 {
		l.Depth = DefaultJSONDepth
	}
	if l.Values <= 0 {
		l.Values = DefaultJSONValues
	}
	return l
}

// checkShape counts the values of a JSON text and its nesting, without
// decoding it, and refuses it past the bounds. It trusts nothing else
// about the text: the decoder that runs afterwards judges its syntax.
func checkShape(body []byte, lim JSONLimits) *HTTPError {
	depth, values := 0, 0
	inString, inLiteral := false, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		literal := c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if literal && !inLiteral {
			values++
		}
		inLiteral = literal
		switch c {
		case '"':
			inString = true
			values++
		case '[', '{':
			values++
			if depth++; depth > lim.Depth {
				return BadRequest(fmt.Sprintf("The JSON body is nested deeper than %d levels.", lim.Depth))
			}
		case ']', '}':
			depth--
		}
		if values > lim.Values {
			return BadRequest(fmt.Sprintf("The JSON body holds more than %d values.", lim.Values))
		}
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
