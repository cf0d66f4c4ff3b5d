package pyre

import (
	"testing"

	"github.com/dlclark/regexp2"
)

func TestDotnet(t *testing.T) {
	const w = `[\p{L}\p{N}_]`
	tests := []struct {
		pattern string
		ascii   bool
		expr    string
		opts    regexp2.RegexOptions
	}{
		{`^articles/(?P<year>[0-9]{4})/$`, false, `^articles/([0-9]{4})/$`, 0},
		{`(?P<a>x)(y)(?P=a)\2`, false, `(x)(y)\k<1>\k<2>`, 0},
		{`a\Z\A`, false, `a\z\A`, 0},
		{`\d\w\s`, true, `[0-9][a-zA-Z0-9_][\u0009-\u000D\u0020]`, 0},
		{`\d\W`, false, `[\p{Nd}][^\p{L}\p{N}_]`, 0},
		{`[\w-]`, false, `[\p{L}\p{N}_\u002D]`, 0},
		{`[--1]`, false, `[\u002D-1]`, 0}, // regexp2 misreads "[\--1]"
		{`[\W.]`, false, `[\s\S-[\p{L}\p{N}_-[.]]]`, 0},
		{`[^\W.]`, false, `[\p{L}\p{N}_-[.]]`, 0},
		{`[\W\S]`, false, `[\s\S]`, 0},
		{`[^\D\W]`, true, `[0-9]`, 0},
		{`[][\\^-]`, false, `[\u005D\u005B\u005C\u005E\u002D]`, 0},
		{`.*+?(){}|^$#`[:2] + `\*\+\?\(\)\{\}\|\^\$\#\.\ `, false, `.*\*\+\?\(\)\{\}\|\^\$\#\. `, 0},
		{`a{,3}b*+c{2,}?d{3}`, false, `a{0,3}(?>b*)c{2,}?d{3}`, 0},
		{`(?:ab)+|(?>c)`, false, `(?:ab)+|(?>c)`, 0},
		{`(?=a)*`, false, `(?:(?=a))*`, 0},
		{`(a)?(?(1)b)`, false, `(a)?(?(1)(?:b)|)`, 0},
		{`(?ims)a`, false, `a`, regexp2.IgnoreCase | regexp2.Multiline | regexp2.Singleline},
		{`(?i:a)(?-i:b)(?a:\d)`, false, `(?i:a)(?-i:b)(?:[0-9])`, 0},
		{"(?x) a # b\n c", false, `ac`, 0},
		{`\b`, false, `(?:(?<=` + w + `)(?!` + w + `)|(?<!` + w + `)(?=` + w + `))`, 0},
		{`(?i)\W`, true, `(?-i:[^a-zA-Z0-9_])`, regexp2.IgnoreCase},
		{"\x01\u00a0é😀\\U0001F600", false, `\u0001\u00A0é😀😀`, 0},
	}
	for _, tt := range tests {
		re, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		expr, opts, err := re.Dotnet(tt.ascii)
		if err != nil {
			t.Errorf("Dotnet(%q): %v", tt.pattern, err)
			continue
		}
		if expr != tt.expr || opts != tt.opts {
			t.Errorf("Dotnet(%q, ascii=%v)\n got %q %v\nwant %q %v", tt.pattern, tt.ascii, expr, opts, tt.expr, tt.opts)
		}
	}
}

func TestDotnetASCIIUnicodeConflict(t *testing.T) {
	re, err := Parse(`(?u)\w`)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := re.Dotnet(true); err == nil {
		t.Error("Dotnet(true) on a (?u) pattern succeeded; Python raises ValueError")
	}
}
