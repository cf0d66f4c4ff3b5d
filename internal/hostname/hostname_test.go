package hostname

import "testing"

func TestSplit(t *testing.T) {
	tests := []struct {
		host, domain, port string
		ok                 bool
	}{
		{"example.com", "example.com", "", true},
		{"EXAMPLE.com.", "example.com", "", true},
		{"example.com:65535", "example.com", "65535", true},
		{"example.com:65536", "", "", false},
		{"[::1]:1", "[::1]", "1", true},
		{"[2001:DB8::1]", "[2001:db8::1]", "", true},
		{"[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]", "", true},
		{"Www.Example.com:8000", "www.example.com", "8000", true},
		{"[]", "", "", false},
		{"[::1", "", "", false},
		{"[1]", "", "", false},
		{"[g::1]", "", "", false},
		{".", "", "", false},
		{"", "", "", false},
		{":80", "", "", false},
		{"exa mple.com", "", "", false},
		{"exämple.com", "", "", false},
		{"example.com\x00", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			domain, port, ok := Split(tt.host)
			if domain != tt.domain || port != tt.port || ok != tt.ok {
				t.Errorf("Split(%q) = %q, %q, %v; want %q, %q, %v", tt.host, domain, port, ok, tt.domain, tt.port, tt.ok)
			}
		})
	}
}

func TestAllowed(t *testing.T) {
	patterns := []string{"example.com", ".example.org", "[::1]"}
	tests := []struct {
		host string
		want bool
	}{
		{"example.com", true},
		{"www.example.com", false},
		{"example.org", true},
		{"a.b.example.org", true},
		{"badexample.org", false},
		{"[::1]", true},
		{"localhost", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if got := Allowed(tt.host, patterns); got != tt.want {
				t.Errorf("Allowed(%q) = %v", tt.host, got)
			}
		})
	}
	if !Allowed("anything.test", []string{"*"}) {
		t.Error(`"*" refused a host`)
	}
}
