package urlconf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func testHosts(t *testing.T) *Hosts {
	t.Helper()
	conf := func(view string) *Conf {
		c, err := New(Entries(Path("", view, Name("home"))))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	hosts, err := NewHosts("Example.com.", "www",
		Host{Name: "www", Pattern: `www`, Conf: conf("www")},
		Host{Name: "api", Pattern: `api(?:-(?P<region>eu|us))?`, Conf: conf("api"), Scheme: "https"},
		Host{Name: "apex", Pattern: `example\.com`, Conf: conf("apex")},
		Host{Name: "not-www", Pattern: `(?!www\.)(?P<user>[a-z0-9-]+)`, Conf: conf("user")}, // a lookahead: regexp2
		Host{Name: "user", Pattern: `(?P<user>[a-z0-9-]+)`, Conf: conf("user")},
	)
	if err != nil {
		t.Fatal(err)
	}
	return hosts
}

// Hosts are tried in order, each from the start of the host name up to a
// "." or its end, as django-hosts does; no match is the default host.
func TestHostsMatch(t *testing.T) {
	hosts := testHosts(t)
	tests := []struct {
		hostname, host, kwargs string
	}{
		{"www.example.com", "www", ""},
		{"WWW.Example.com", "www", ""},
		{"www", "www", ""},
		{"wwwx.example.com", "not-www", "user=wwwx"}, // the pattern must end at a "."
		{"api.example.com", "api", ""},
		{"api-eu.example.com", "api", "region=eu"},
		{"api-xx.example.com", "not-www", "user=api-xx"},
		{"example.com", "apex", ""},
		{"ann.example.com", "not-www", "user=ann"},
		{"[::1]", "www", ""},     // no pattern matches: the default
		{"josé.test", "www", ""}, // not a host name
	}
	for _, tt := range tests {
		t.Run(tt.hostname, func(t *testing.T) {
			h, kwargs, err := hosts.Match(tt.hostname)
			if err != nil {
				t.Fatal(err)
			}
			var kv []string
			for k, v := range kwargs {
				kv = append(kv, k+"="+v)
			}
			if h.Name != tt.host || strings.Join(kv, " ") != tt.kwargs {
				t.Errorf("Match = %q %q, want %q %q", h.Name, kv, tt.host, tt.kwargs)
			}
		})
	}
	// The dispatcher's routing allocates nothing for a host whose
	// pattern has no groups: the kwargs go into a slice it keeps.
	kv := make([]string, 0, 4)
	if n := testing.AllocsPerRun(100, func() { _, kv, _ = hosts.match("www.example.com", kv[:0]) }); n > 0 && !raceEnabled {
		t.Errorf("match: %v allocations", n)
	}
}

// ReverseHost writes a host's name from its pattern and kwargs, with the
// parent domain, and refuses values that do not fit the pattern.
func TestHostsReverseHost(t *testing.T) {
	hosts := testHosts(t)
	tests := []struct {
		host   string
		kwargs map[string]any
		want   string
		err    string
	}{
		{"www", nil, "www.example.com", ""},
		{"api", nil, "api.example.com", ""},
		{"api", map[string]any{"region": "eu"}, "api-eu.example.com", ""},
		{"apex", nil, "example.com", ""},
		{"user", map[string]any{"user": "Ann"}, "ann.example.com", ""},
		{"user", map[string]any{"user": "ann.evil.test/x"}, "", "Reverse host for 'user' with keyword arguments '{'user': 'ann.evil.test/x'}' not found."},
		{"api", map[string]any{"region": "xx"}, "", "Reverse host for 'api' with keyword arguments '{'region': 'xx'}' not found."},
		{"user", nil, "", "Reverse host for 'user' with keyword arguments '{}' not found."},
		{"nope", nil, "", "No host called 'nope' exists"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.host, tt.kwargs), func(t *testing.T) {
			got, err := hosts.ReverseHost(tt.host, tt.kwargs)
			var nr *NoReverseMatch
			switch {
			case tt.err != "" && (!errors.As(err, &nr) || err.Error() != tt.err):
				t.Errorf("err %v, want %s", err, tt.err)
			case tt.err == "" && (err != nil || got != tt.want):
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// A bad host conf is refused at start-up, every problem named.
func TestNewHostsErrors(t *testing.T) {
	conf, err := New(Entries(Path("", "v")))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewHosts("example.com", "nowhere",
		Host{Name: "www", Pattern: `www`, Conf: conf},
		Host{Name: "www", Pattern: `www2`, Conf: conf},
		Host{Name: "", Pattern: `x`, Conf: conf},
		Host{Name: "api", Pattern: `api(`, Conf: conf},
		Host{Name: "noconf", Pattern: `y`},
		Host{Name: "scheme", Pattern: `z`, Conf: conf, Scheme: "https://", Port: "99999"},
	)
	want := `urlconf: invalid hosts:
	hosts[1] "www": has the name of hosts[0]
	hosts[2] "": has no Name
	hosts[3] "api": "api(" is not a valid regular expression: missing ), unterminated subpattern at position 3
	hosts[4] "noconf": has no Conf
	hosts[5] "scheme": Scheme "https://" is not a URL scheme such as "https"
	hosts[5] "scheme": Port "99999" is not a port number from 1 to 65535`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	_, err = NewHosts("", "nowhere", Host{Name: "www", Pattern: `www`, Conf: conf})
	if err == nil || !strings.Contains(err.Error(), `the default host "nowhere" is not one of the hosts`) {
		t.Errorf("got %v", err)
	}
}
