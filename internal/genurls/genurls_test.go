package genurls_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/internal/genurls"
	"github.com/hoop-go/hoop/internal/genurls/testdata/site"
	"github.com/hoop-go/hoop/urlconf"
)

func generateSite(t *testing.T) string {
	t.Helper()
	conf, err := site.Conf()
	if err != nil {
		t.Fatal(err)
	}
	src, err := genurls.Generate(conf, "gen")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// Each kind of parameter gets its Go type, each namespace its group.
func TestGenerate(t *testing.T) {
	src := generateSite(t)
	if !strings.HasPrefix(src, genurls.Header+"\n") {
		t.Errorf("the file does not start with %q", genurls.Header)
	}
	cases := []struct {
		name string
		want string
	}{
		{"no values", "func (u URLs) Index() string {"},
		{"converters", "func (u URLs) Item(id int, key urlconf.UUID, slug string) string {"},
		{"a regex group", "func (u URLs) Hello(name string) string {"},
		{"positional args", "func (u URLs) Pos(arg string, arg2 string) string {"},
		{"an optional group: fewest values first", "func (u URLs) Archive() string {"},
		{"an optional group: the others With", "func (u URLs) ArchiveWithYear(year string) string {"},
		{"a custom converter's type", "func (u URLs) Day(day time.Time) string {"},
		{"its package imported", "\t\"time\"\n"},
		{"a type ToGo never tells", "func (u URLs) Opaque(o any) string {"},
		{"keywords, predeclared names, the receiver", "func (u URLs) Keywords(type_ string, len_ string, u2 string) string {"},
		{"one name, two routes", "//\ttwice/<int:n>/\n//\n//\tagain/<int:n>/\n"},
		{"a namespace's field", "\tShop ShopURLs\n"},
		{"a nested namespace", "\tAdmin ShopAdminURLs\n"},
		{"include values first", "func (u ShopAdminURLs) Orders(shop string, page int) string {"},
		{"qualified names", `u.rv.reverse("shop:admin:orders", `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(src, c.want) {
				t.Errorf("the generated source lacks %q", c.want)
			}
		})
	}
	if strings.Contains(src, "Unnamed") {
		t.Error("an unnamed route got a function")
	}
	conf, _ := site.Conf()
	if again, _ := genurls.Generate(conf, "gen"); string(again) != src {
		t.Error("two runs wrote different files")
	}
}

// Names that would make two Go declarations one are refused, naming both.
func TestGenerateRefuses(t *testing.T) {
	app := urlconf.Entries(urlconf.Path("", "v", urlconf.Name("index")))
	cases := []struct {
		name    string
		entries []urlconf.Entry
		pkg     string
		want    string
	}{
		{"two names, one Go name", []urlconf.Entry{
			urlconf.Path("a/", "a", urlconf.Name("year-archive")),
			urlconf.Path("b/", "b", urlconf.Name("year_archive")),
		}, "urls", `"year_archive" and "year-archive" are both YearArchive in URLs`},
		{"a namespace and a name", []urlconf.Entry{
			urlconf.Include("blog/", app, urlconf.Namespace("blog"), urlconf.AppName("blog")),
			urlconf.Path("b/", "b", urlconf.Name("blog")),
		}, "urls", `"blog" and "blog" are both Blog in URLs`},
		{"two namespaces, one type", []urlconf.Entry{
			urlconf.Include("x/", app, urlconf.Namespace("a-b"), urlconf.AppName("x")),
			urlconf.Include("y/", urlconf.Entries(urlconf.Include("z/", app, urlconf.Namespace("b"), urlconf.AppName("z"))), urlconf.Namespace("a"), urlconf.AppName("y")),
		}, "urls", `are both ABURLs`},
		{"a package name", nil, "func", `"func" is not a package name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conf, err := urlconf.New(urlconf.Entries(c.entries...))
			if err != nil {
				t.Fatal(err)
			}
			_, err = genurls.Generate(conf, c.pkg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
}

// The generated package builds, and each function writes what Reverse
// writes, or panics where Reverse fails: checked by a test of the
// generated package, built with the go command over an overlay (nothing
// is written to the source tree).
func TestGeneratedPackageWorks(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: this test builds the generated package")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "gen"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	files := map[string]string{"urls.go": generateSite(t), "urls_test.go": generatedTest}
	replace := map[string]string{}
	for name, content := range files {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(dir, name)] = p
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": replace})
	if err := os.WriteFile(filepath.Join(tmp, "overlay.json"), overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goCmd, "test", "-count=1", "-overlay", filepath.Join(tmp, "overlay.json"), "./testdata/gen")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test of the generated package: %v\n%s", err, out)
	}
}

// generatedTest is the test of the generated package.
const generatedTest = `package gen

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hoop-go/hoop/internal/genurls/testdata/site"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func kw(pairs ...any) urlconf.ReverseOptions {
	m := map[string]any{}
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1]
	}
	return urlconf.ReverseOptions{Kwargs: m}
}

func TestFunctions(t *testing.T) {
	conf, err := site.Conf()
	if err != nil {
		t.Fatal(err)
	}
	u := New(conf)
	key, _ := urlconf.ParseUUID("12345678-1234-5678-1234-567812345678")
	day := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		got, name string
		o         urlconf.ReverseOptions
		want      string
	}{
		{u.Index(), "index", urlconf.ReverseOptions{}, "/"},
		{u.Item(7, key, "a-b"), "item", kw("id", 7, "key", key, "slug", "a-b"), "/item/7/12345678-1234-5678-1234-567812345678/a-b/"},
		{u.Hello("José"), "hello", kw("name", "José"), "/hello/Jos%C3%A9/"},
		{u.Pos("12", "ab"), "pos", urlconf.ReverseOptions{Args: []any{"12", "ab"}}, "/pos/12/ab/"},
		{u.Archive(), "archive", urlconf.ReverseOptions{}, "/archive/"},
		{u.ArchiveWithYear("2003"), "archive", kw("year", "2003"), "/archive/2003/"},
		{u.Day(day), "day", kw("day", day), "/day/2024-02-29/"},
		{u.Opaque("x"), "opaque", kw("o", "x"), "/opaque/x/"},
		{u.Keywords("a", "b", "c"), "keywords", kw("type", "a", "len", "b", "u", "c"), "/kw/a/b/c/"},
		{u.Twice(3), "twice", kw("n", 3), "/again/3/"},
		{u.Shop.Index("s"), "shop:index", kw("shop", "s"), "/shop/s/"},
		{u.Shop.Admin.Orders("s", 2), "shop:admin:orders", kw("shop", "s", "page", 2), "/shop/s/admin/orders/2/"},
	}
	for _, c := range cases {
		want, err := conf.ReverseWith(c.name, c.o)
		if err != nil || c.got != want || c.got != c.want {
			t.Errorf("%s: %q; Reverse: %q, %v; want %q", c.name, c.got, want, err, c.want)
		}
	}
	// Of(r) is the request's conf.
	r := views.WithConf(httptest.NewRequest("GET", "/", nil), conf)
	if got := Of(r).Hello("ana"); got != "/hello/ana/" {
		t.Errorf("Of(r).Hello = %q", got)
	}
}

func TestPanics(t *testing.T) {
	conf, _ := site.Conf()
	cases := map[string]func(){
		"a value the route refuses": func() { New(conf).ArchiveWithYear("20x3") },
		"no conf":                   func() { Of(httptest.NewRequest("GET", "/", nil)).Index() },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}
`
