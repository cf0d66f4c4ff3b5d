package urlconf

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// fuzzConf has no shadowing: every URL reverse builds resolves back to
// the entry it was built from.
func fuzzConf(t testing.TB) *Conf {
	conf, err := New(Entries(
		RePath(`^$`, "index", Name("index")),
		RePath(`^hello/(?P<username>\w+)/$`, "hello", Name("hello")),
		RePath(`^free/(?P<text>[^/]+)/$`, "free", Name("free")),
		Path("articles/<int:year>/<slug:slug>/", "article", Name("article")),
		Path("files/<path:rest>", "files", Name("files")),
		RePath(`^(?P<lead>.+)/security/$`, "security", Name("security")),
		Include("ns/", Entries(Path("s/<str:s>/", "ns.s", Name("s"))), AppName("ns")),
	))
	if err != nil {
		t.Fatal(err)
	}
	return conf
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"/", "/hello/José/", "/hello/x/\n", "/articles/2003/intro/", "/files/a/b", "//evil.com/security/", "/ns/s/x/", "", "x", "/%2e%2e/"} {
		f.Add(s)
	}
	conf := fuzzConf(f)
	f.Fuzz(func(t *testing.T, path string) {
		m, err := conf.Resolve(path)
		var nf *NotFound
		switch {
		case errors.As(err, &nf):
			return
		case err != nil:
			t.Fatalf("Resolve(%q) = %v: only NotFound is possible with built-in converters", path, err)
		}
		if m.View == "" || m.Route == "" {
			t.Fatalf("Resolve(%q) = %+v: a match without a view or route", path, m)
		}
		for name := range m.Kwargs {
			if v := m.PathValue(name); !strings.Contains(repercentBroken(path), v) {
				t.Fatalf("Resolve(%q): kwarg %s = %q is not text of the path", path, name, v)
			}
		}
	})
}

// Reverse's output always starts with exactly one "/", and resolves back
// to the entry it was built from.
func FuzzReverse(f *testing.F) {
	for _, s := range []string{"bob", "José", "a/b", "/evil.com", "//x", "%", "a b", "?#", "..", "\n", "2003"} {
		f.Add(s)
	}
	conf := fuzzConf(f)
	names := []string{"hello", "free", "files", "security", "ns:s"}
	f.Fuzz(func(t *testing.T, arg string) {
		for _, name := range names {
			u, err := conf.Reverse(name, arg)
			if err != nil {
				var nrm *NoReverseMatch
				if !errors.As(err, &nrm) {
					t.Fatalf("Reverse(%q, %q) = %v, want a NoReverseMatch", name, arg, err)
				}
				continue
			}
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, `/\`) {
				t.Fatalf("Reverse(%q, %q) = %q: not a single-slash path", name, arg, u)
			}
			p, err := url.PathUnescape(u)
			if err != nil {
				t.Fatalf("Reverse(%q, %q) = %q: not valid percent-encoding", name, arg, u)
			}
			m, err := conf.Resolve(p)
			if err != nil {
				t.Fatalf("Reverse(%q, %q) = %q, which does not resolve: %v", name, arg, u, err)
			}
			if m.ViewName != name {
				t.Fatalf("Reverse(%q, %q) = %q, which resolves to %s", name, arg, u, m.ViewName)
			}
		}
	})
}

// Building a conf from any pattern or route never panics: it either
// compiles or says what is wrong.
func FuzzBuild(f *testing.F) {
	for _, s := range []string{`^hello/(?P<username>\w+)/$`, `(regex_error/$`, `articles/<int:year>/`, `<int:1>`, `<str: x>`, `(?P<a>x)(?P=a)`, `[`, `(?<n>x)`, `a{,3}`, `\Z$`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		for _, e := range []Entry{RePath(pattern, "v"), Path(pattern, "v"), ReInclude(pattern, Entries(Path("x/", "x"))), Include(pattern, Entries())} {
			conf, err := New(Entries(e))
			if err != nil {
				var be *BuildError
				if !errors.As(err, &be) || len(be.Problems) == 0 || !strings.Contains(be.Problems[0], "fuzz_test.go:") {
					t.Fatalf("New(%q) = %v: want a BuildError naming the entry", pattern, err)
				}
				continue
			}
			_, _ = conf.Resolve("/x/")
		}
	})
}
