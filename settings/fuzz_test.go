package settings

import (
	"strings"
	"testing"
)

// FuzzLoadTOML checks that any file text yields either settings that pass
// Validate or an error whose every line names its source, never a panic.
func FuzzLoadTOML(f *testing.F) {
	for _, seed := range []string{
		"",
		"debug = true\n",
		"allowed_hosts = [\"example.com\"]\nread_timeout = \"5s\"\nmax_body_bytes = 10\n",
		"debgu = 1\n[site]\na = 1\n[site.b]\nc = [1, 2]\n",
		"debug = \"yes\"\nallowed_hosts = [1]\nidle_timeout = 3\naddr = \"x\"\n",
		"[debug]\nx = 1\n[[allowed_hosts]]\ny = 2\n",
		"max_header_bytes = 9223372036854775807\nread_timeout = \"-1s\"\n",
		"a.b.c = 1\n\"quoted key\" = 2\nsite = { x = 1 }\n",
		"debug = \n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := LoadLayers(nil, Layer{Name: "hoop.toml", Data: []byte(text)})
		if err == nil {
			if verr := s.Validate(); verr != nil {
				t.Fatalf("loaded settings fail Validate: %v", verr)
			}
			if s.Site == nil {
				t.Fatal("loaded settings have a nil Site")
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "settings: ") {
				t.Fatalf("error line %q does not start with %q", line, "settings: ")
			}
		}
	})
}
