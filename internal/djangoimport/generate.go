package djangoimport

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"sort"
	"strings"

	"github.com/hoop-go/hoop/urlconf"
)

// Options configure Generate.
type Options struct {
	Package string // the Go package name
	Source  string // the export's file name, for the generated files' header
	// Import is the package's import path, for cmd/<package>/main.go;
	// empty leaves the command out.
	Import string
}

// A File is one file Generate makes.
type File struct {
	Name string // slash-separated, relative to the package directory
	Data []byte
	// Generated files are rewritten by every import; the others (the
	// site, its settings, the ported views, the command) are the
	// developer's, and written only where absent.
	Generated bool
}

// A TODO is something the import could not carry over, or carried over
// only in part.
type TODO struct {
	Where  string // the conf and entry, "djsite.urls, entry 7"
	Source string // the Django side: the pattern, the class, the value
	What   string // what is wrong, and what to do
}

func (t TODO) String() string { return fmt.Sprintf("%s: %s: %s", t.Where, t.Source, t.What) }

// A Result is what Generate made.
type Result struct {
	Files   []File
	TODOs   []TODO
	Views   []string // the Django views the conf names, sorted
	Resolve int      // resolve cases in the tests
	Reverse int      // reverse cases in the tests
	Skipped int      // of those, cases the tests skip, each with its reason
}

// reserved are the names the generated package declares besides the
// conf functions.
var reserved = map[string]bool{
	"Conf": true, "Converters": true, "DjangoViews": true, "RegisterProxies": true,
	"New": true, "SettingsTOML": true, "URLs": true,
}

// Generate makes the Go package for the export's root conf.
func Generate(e *Export, o Options) (*Result, error) {
	if !token.IsIdentifier(o.Package) || token.IsKeyword(o.Package) || o.Package == "main" {
		return nil, fmt.Errorf("%q cannot name the package: want a Go identifier, not main or a keyword", o.Package)
	}
	if o.Source == "" {
		o.Source = "a Django export"
	}
	g := &gen{e: e, o: o, funcs: map[string]string{}, fileOf: map[string]string{}, views: map[string]bool{},
		nameConverters: map[string]map[string]bool{}, translations: map[string]map[string]string{}}
	g.planConverters()
	g.orderConfs()
	var files []File
	for _, key := range g.confs {
		f, err := g.confFile(key)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	more := []func() (File, error){g.convertersFile, g.viewsFile, g.testFile, g.todoFile, g.siteFile, g.portedFile, g.settingsFile, g.devSettingsFile}
	if o.Import != "" {
		more = append(more, g.mainFile)
	}
	for _, mk := range more {
		f, err := mk()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return &Result{Files: files, TODOs: g.todos, Views: g.viewList(), Resolve: g.nResolve, Reverse: g.nReverse, Skipped: g.nSkipped}, nil
}

type gen struct {
	e *Export
	o Options

	confs  []string          // conf keys to generate, root first
	funcs  map[string]string // conf key → Go function
	fileOf map[string]string // conf key → file name

	convs   []*convPlan // the custom converters, by name
	checker urlconf.Builder

	views          map[string]bool
	omitted        []*Entry                   // entries not carried over
	nameConverters map[string]map[string]bool // URL name → custom converters on its way
	needUUID       bool
	translations   map[string]map[string]string // language → text written → its translation
	todos          []TODO

	nResolve, nReverse, nSkipped int
}

func (g *gen) todo(where, source, format string, args ...any) {
	g.todos = append(g.todos, TODO{Where: where, Source: source, What: fmt.Sprintf(format, args...)})
}

// orderConfs lists the confs the root reaches, root first, then in the
// order the walk meets them, and names their functions and files.
func (g *gen) orderConfs() {
	seen := map[string]bool{}
	var walk func(key string)
	var walkEntries func(entries []*Entry)
	walk = func(key string) {
		if seen[key] {
			return
		}
		seen[key] = true
		g.confs = append(g.confs, key)
		walkEntries(g.e.Confs[key].Entries)
	}
	walkEntries = func(entries []*Entry) {
		for _, en := range entries {
			if en.Kind != "include" {
				continue
			}
			if en.Conf != nil {
				walk(*en.Conf)
			}
			walkEntries(en.Entries)
		}
	}
	walk(g.e.Root)
	usedFuncs := map[string]bool{}
	for k := range reserved {
		usedFuncs[k] = true
	}
	usedFiles := map[string]bool{}
	for _, name := range []string{"urls", "converters", "views", "site", "ported", "urls_test", "doc"} {
		usedFiles[name] = true
	}
	for i, key := range g.confs {
		if i == 0 {
			g.funcs[key], g.fileOf[key] = "URLs", "urls.go"
			continue
		}
		g.funcs[key] = unique(exportedName(key)+"URLs", usedFuncs)
		g.fileOf[key] = unique(fileName(key), usedFiles) + ".go"
	}
}

// unique returns name, or name2, name3..., whichever is not in used yet,
// and marks it used.
func unique(name string, used map[string]bool) string {
	try := name
	for i := 2; used[try]; i++ {
		try = fmt.Sprintf("%s%d", name, i)
	}
	used[try] = true
	return try
}

// initialisms are written in capitals in Go names, as golint wants.
var initialisms = map[string]string{"url": "URL", "urls": "", "api": "API", "id": "ID", "http": "HTTP", "json": "JSON", "xml": "XML", "html": "HTML", "rss": "RSS", "ui": "UI"}

// exportedName makes a Go name of a dotted module path: "shop.api_urls"
// is "ShopAPI" (the function adds "URLs").
func exportedName(key string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(key, func(r rune) bool { return !isIdentRune(r) }) {
		if up, ok := initialisms[strings.ToLower(part)]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	name := b.String()
	if name == "" || !token.IsIdentifier(name) {
		name = "Conf" + name
	}
	return name
}

func isIdentRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// goosArch are the file name suffixes that restrict a Go file to a
// system or an architecture, and "test".
var goosArch = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos
		386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm test`) {
		goosArch[s] = true
	}
}

// fileName is the file of a conf module: "shop.api_urls" is
// "shop_api_urls", never a name the go command reads as a build
// constraint or a test.
func fileName(key string) string {
	name := strings.ToLower(strings.Join(strings.FieldsFunc(key, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}), "_"))
	parts := strings.Split(name, "_")
	if name == "" || strings.HasPrefix(name, "_") || goosArch[parts[len(parts)-1]] {
		name += "_conf"
	}
	return strings.TrimPrefix(name, "_")
}

func (g *gen) viewList() []string {
	list := make([]string, 0, len(g.views))
	for v := range g.views {
		list = append(list, v)
	}
	sort.Strings(list)
	return list
}

// header is the first line of every generated file.
func (g *gen) header() string {
	version := ""
	if g.e.Meta.DjangoVersion != "" {
		version = " (Django " + g.e.Meta.DjangoVersion + ")"
	}
	return fmt.Sprintf("// Code generated by hoop import-django from %s%s. DO NOT EDIT.\n\n", oneLine(g.o.Source), oneLine(version))
}

// gofmt formats a generated Go file, or says which and why not.
func gofmt(name string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("generating %s: %v (a bug in import-django)\n%s", name, err, numbered(src))
	}
	return out, nil
}

func numbered(src []byte) string {
	var b bytes.Buffer
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, line)
	}
	return b.String()
}
