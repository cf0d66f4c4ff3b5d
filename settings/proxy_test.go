package settings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hoop-go/hoop/settings"
)

func TestProxySettings(t *testing.T) {
	d := settings.Default()
	if d.ProxyUpstream != "" || d.ProxyDialTimeout != 5*time.Second || d.ProxyResponseTimeout != 30*time.Second {
		t.Errorf("defaults: upstream %q, dial %v, response %v", d.ProxyUpstream, d.ProxyDialTimeout, d.ProxyResponseTimeout)
	}
	s, errText := load(t, "debug = true\nproxy_upstream = \"http://127.0.0.1:8001\"\nproxy_dial_timeout = \"1s\"\n",
		"HOOP_PROXY_UPSTREAM=https://django.internal/app/", "HOOP_PROXY_RESPONSE_TIMEOUT=2m")
	if errText != "" {
		t.Fatal(errText)
	}
	if s.ProxyUpstream != "https://django.internal/app/" || s.ProxyDialTimeout != time.Second || s.ProxyResponseTimeout != 2*time.Minute {
		t.Errorf("got upstream %q, dial %v, response %v", s.ProxyUpstream, s.ProxyDialTimeout, s.ProxyResponseTimeout)
	}
}

func TestProxySettingsErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{"no scheme", `proxy_upstream = "127.0.0.1:8001"`, `settings: proxy_upstream: must be an http:// or https:// URL, got "127.0.0.1:8001"`},
		{"other scheme", `proxy_upstream = "unix:///run/django.sock"`, `settings: proxy_upstream: must be an http:// or https:// URL`},
		{"no host", `proxy_upstream = "http:///app"`, `settings: proxy_upstream: must name a host, got "http:///app"`},
		{"credentials", `proxy_upstream = "http://u:p@django"`, `settings: proxy_upstream: must not hold a user or password`},
		{"query", `proxy_upstream = "http://django/?x=1"`, `settings: proxy_upstream: must not have a query or a fragment`},
		{"bad URL", `proxy_upstream = "http://[::1"`, `settings: proxy_upstream: is not a URL`},
		{"negative dial", `proxy_dial_timeout = "-1s"`, `settings: proxy_dial_timeout: must not be negative, got -1s`},
		{"negative response", `proxy_response_timeout = "-5s"`, `settings: proxy_response_timeout: must not be negative`},
		{"not a duration", `proxy_response_timeout = 30`, `proxy_response_timeout: expected a duration string like "5s", got integer 30`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errText := load(t, "debug = true\n"+tt.toml+"\n")
			if !strings.Contains(errText, tt.want) {
				t.Errorf("got  %s\nwant %s", errText, tt.want)
			}
		})
	}
}
