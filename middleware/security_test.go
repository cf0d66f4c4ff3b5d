package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSecurityHeaders(t *testing.T) {
	defaults := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "same-origin",
		"X-Frame-Options":            "DENY",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Strict-Transport-Security":  "",
		"Content-Security-Policy":    "",
	}
	with := func(over map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range defaults {
			m[k] = v
		}
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		opts SecurityOptions
		view http.Handler
		want map[string]string
		tls  bool // the request comes over TLS
	}{
		{"defaults", SecurityOptions{}, ok, defaults, false},
		{"HSTS", SecurityOptions{HSTSMaxAge: 365 * 24 * time.Hour}, ok,
			with(map[string]string{"Strict-Transport-Security": "max-age=31536000"}), true},
		{"HSTS all", SecurityOptions{HSTSMaxAge: time.Hour, HSTSIncludeSubdomains: true, HSTSPreload: true}, ok,
			with(map[string]string{"Strict-Transport-Security": "max-age=3600; includeSubDomains; preload"}), true},
		{"no HSTS over plain HTTP", SecurityOptions{HSTSMaxAge: time.Hour}, ok, defaults, false},
		{"HSTS under a second is off", SecurityOptions{HSTSMaxAge: time.Millisecond}, ok, defaults, true},
		{"CSP", SecurityOptions{ContentSecurityPolicy: "default-src 'self'"}, ok,
			with(map[string]string{"Content-Security-Policy": "default-src 'self'"}), false},
		{"overrides", SecurityOptions{ReferrerPolicy: "no-referrer", FrameOptions: "SAMEORIGIN", CrossOriginOpenerPolicy: "unsafe-none"}, ok,
			with(map[string]string{"Referrer-Policy": "no-referrer", "X-Frame-Options": "SAMEORIGIN", "Cross-Origin-Opener-Policy": "unsafe-none"}), false},
		{"view changes them", SecurityOptions{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("X-Frame-Options")
			w.Header().Set("Referrer-Policy", "no-referrer")
		}), with(map[string]string{"X-Frame-Options": "", "Referrer-Policy": "no-referrer"}), false},
		{"error responses too", SecurityOptions{}, http.NotFoundHandler(), defaults, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(SecurityHeaders(tt.opts)(tt.view))
			if tt.tls {
				srv.StartTLS()
			} else {
				srv.Start()
			}
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for k, v := range tt.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}
