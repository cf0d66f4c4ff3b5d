package djangoimport

import (
	"strings"
	"testing"
)

// FuzzLoad: any input is an export or a clear error, never a panic; and
// an export Load accepts generates a package whose Go files are gofmt'd
// (Generate formats them, and fails on code that does not parse).
func FuzzLoad(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it keeps, which
	// on a whole site's export takes longer than a CI run lasts.
	for _, seed := range []string{
		`{"meta": {"django_version": "3.2"}, "root": "s.urls", "settings": {"LANGUAGE_CODE": "en"},
		  "converters": {"yyyy": {"class": "s.Y", "regex": "[0-9]{4}", "samples": [{"text": "2024", "python": 2024, "url": "2024"}]}},
		  "confs": {"s.urls": {"entries": [{"kind": "path", "pattern": "<yyyy:y>/", "view": "s.v", "name": "y", "kwargs": {}},
		    {"kind": "include", "pattern_kind": "path", "pattern": "b/", "conf": "b.urls", "namespace": "b", "app_name": "b", "kwargs": {}}]},
		   "b.urls": {"app_name": "b", "entries": [{"kind": "re_path", "pattern": "^(?P<x>[a-z]+)/$", "view": "b.v", "name": "x", "kwargs": {"f": "rss"}}]}},
		  "cases": [{"id": "r1", "conf": "s.urls", "full_path": "/2024/", "expected": {"view": "s.v", "args": [], "kwargs": {"y": 2024}, "url_name": "y", "route": "<yyyy:y>/"}},
		   {"id": "r2", "conf": "s.urls", "full_path": "/x", "expected": {"error": "Resolver404", "unmatched_path": "x", "tried": [[{"kind": "path", "pattern": "<yyyy:y>/", "name": "y"}]]}},
		   {"id": "v1", "conf": "s.urls", "name": "b:x", "args": [], "kwargs": {"x": "a"}, "expected": "/b/a/"},
		   {"id": "v2", "conf": "s.urls", "name": "y", "args": [], "kwargs": {}, "expected": {"error": "NoReverseMatch", "message": "no"}}]}`,
		`{"root": "a", "confs": {"a": {"entries": [{"kind": "path", "pattern": "<int:x>/", "view": "v", "name": "n", "kwargs": {"k": [1, {"$type": "uuid", "value": "12345678-1234-5678-1234-567812345678"}]}}]}}}`,
		`{"root": "a", "confs": {"a": {"entries": [{"kind": "include", "pattern_kind": "re_path", "pattern": "^x/", "conf": "a", "namespace": "n", "app_name": null, "kwargs": {}}]}}}`,
		`{"root": "a", "confs": {"a": {"entries": [{"kind": "re_path", "pattern": "` + "`" + `\"", "view": "v\n"}]}}, "cases": [{"full_path": "/", "expected": {"error": "Resolver404"}}]}`,
		`{"root": "a", "converters": {"c": {"class": "x.C", "regex": "[0-9]+", "samples": [{"text": "1", "python": 1, "url": "01"}]}}, "confs": {"a": {"entries": []}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Load(data, "")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if _, err := Generate(e, Options{Package: "fuzzed"}); err != nil && strings.Contains(err.Error(), "a bug in import-django") {
			t.Fatal(err)
		}
	})
}
