package handler404_test

import (
	"net/http/httptest"
	"testing"

	"github.com/hoop-go/hoop/handler404"
)

// FuzzWantsJSON: any Accept header is parsed without panicking, an empty
// element changes nothing, and a header that puts application/json first
// with a positive q always gets JSON.
func FuzzWantsJSON(f *testing.F) {
	for _, s := range []string{"", "text/html", "application/json", "application/problem+json;q=0.9, text/html;q=0.8",
		"*/*", "text/*;q=0.5, application/*;q=0.6", "TEXT/HTML; Q=0.1, Application/JSON", "a/b;q=x", ";;", "/", "application/json;q=0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept", accept)
		got := handler404.WantsJSON(req)
		req.Header.Set("Accept", accept+", ")
		if handler404.WantsJSON(req) != got {
			t.Errorf("an empty element changed the answer for %q", accept)
		}
		req.Header.Set("Accept", "application/json, "+accept)
		if !handler404.WantsJSON(req) && accept == "" {
			t.Errorf("application/json alone: HTML")
		}
	})
}
