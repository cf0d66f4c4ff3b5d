package views_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/views"
)

func TestDecodeJSON(t *testing.T) {
	type person struct {
		Name string `json:"name"`
		Age  int    `json:"age"`
	}
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	many := "[" + strings.Repeat("1,", 100_000) + "1]"
	for _, tc := range []struct {
		name        string
		body        string
		contentType string
		declared    int64 // Content-Length to declare, when not the body's
		into        any
		lim         views.JSONLimits
		status      int
		detail      string
	}{
		{name: "ok", body: `{"name":"Ana","age":7}`, into: &person{}},
		{name: "any", body: `{"a":[1,{"b":null}],"c":"\"]}"}`, into: new(any)},
		{name: "not JSON", body: `{}`, contentType: "text/plain", into: new(any), status: 415, detail: "must be JSON"},
		{name: "too long", body: `"` + strings.Repeat("x", 100) + `"`, into: new(any), lim: views.JSONLimits{Bytes: 64}, status: 413, detail: "larger than 64 bytes"},
		{name: "declared too long", body: `{}`, declared: 2 << 20, into: new(any), status: 413, detail: "larger than 1048576 bytes"},
		{name: "too deep", body: deep, into: new(any), status: 400, detail: "nested deeper than 64 levels"},
		{name: "deep enough", body: strings.Repeat("[", 64) + strings.Repeat("]", 64), into: new(any)},
		{name: "too many values", body: many, into: new(any), status: 400, detail: "more than 100000 values"},
		{name: "keys count", body: `{"a":1,"b":2}`, into: new(any), lim: views.JSONLimits{Values: 4}, status: 400, detail: "more than 4 values"},
		{name: "strings hide brackets", body: `["[[[[[[", "{{{{{"]`, into: new(any), lim: views.JSONLimits{Depth: 1}},
		{name: "escaped quote", body: `["a\"[[[[", 1]`, into: new(any), lim: views.JSONLimits{Depth: 1, Values: 3}},
		{name: "wrong type", body: `{"name":"Ana","age":"seven"}`, into: &person{}, status: 400, detail: `Field "age" must be a number`},
		{name: "unknown field", body: `{"nick":"A"}`, into: &person{}, status: 400, detail: `Unknown field "nick"`},
		{name: "trailing data", body: `{} {}`, into: new(any), status: 400, detail: "data after the JSON value"},
		{name: "empty", body: ``, into: new(any), status: 400, detail: "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			if tc.declared != 0 {
				r.ContentLength = tc.declared
				r.Body = io.NopCloser(failingReader{t})
			}
			err := views.DecodeJSONWith(r, tc.into, tc.lim)
			if tc.status == 0 {
				if err != nil {
					t.Fatalf("DecodeJSONWith: %v", err)
				}
				return
			}
			var he *views.HTTPError
			if !errors.As(err, &he) || he.Status != tc.status || !strings.Contains(he.Detail, tc.detail) {
				t.Errorf("DecodeJSONWith = %v, want %d with %q", err, tc.status, tc.detail)
			}
		})
	}
}

// failingReader fails the test if anything reads the body: a declared
// length past the limit is refused before reading.
type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("the body was read")
	return 0, io.EOF
}

func TestLimitBody(t *testing.T) {
	h := views.LimitBody(8, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		w.Write(b)
	}))
	for _, tc := range []struct {
		name     string
		body     string
		declared int64
		status   int
	}{
		{"under", "12345678", 8, 200},
		{"declared over", "123456789", 9, 413},
		{"unknown length, over", "123456789", -1, 413},
		{"unknown length, under", "1234", -1, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			r.ContentLength = tc.declared
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
		})
	}
}

// FuzzDecodeJSON: any body gets nil or an HTTPError with a client
// status; never a panic, never a 5xx.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2]}`, `[[[`, `"\"`, `{"a":"\\"}`, `1e999`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var v any
		err := views.DecodeJSONWith(r, &v, views.JSONLimits{Bytes: 4096, Depth: 8, Values: 64})
		var he *views.HTTPError
		if err != nil && (!errors.As(err, &he) || he.Status < 400 || he.Status >= 500) {
			t.Fatalf("DecodeJSONWith(%q) = %v", body, err)
		}
	})
}
