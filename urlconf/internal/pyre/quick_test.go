package pyre

import "testing"

func TestQuick(t *testing.T) {
	for _, p := range []string{`^articles/(?P<year>[0-9]{4})/$`, `a{,3}b*+`, `[\W.]`, `(?i)\bfoo\B`, `(?<=ab)c`, `(?<=a+)c`, `(?<n>x)`, `(a)(?(1)b|c)\1`} {
		re, err := Parse(p)
		if err != nil {
			t.Logf("%q: %v", p, err)
			continue
		}
		e, o, err := re.Dotnet(false)
		t.Logf("%q -> %q %v %v", p, e, o, err)
	}
}
