package manage

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/urlconf"
)

// The URL tools: Django's show_urls, resolve, reverse and check, for any
// site. Each prints a table for people, or JSON with -json for scripts.

type command func(site Site, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"urls":    urlsCommand,
	"resolve": resolveCommand,
	"reverse": reverseCommand,
	"check":   checkCommand,

	"startsite":     startsiteCommand,    // scaffold.go
	"import-django": importDjangoCommand, // importdjango.go
	"gen-urls":      genURLsCommand,      // genurls.go
}

// tool is what a URL tool works on: the site's conf, built with its
// settings, what its checks found, and the tool's arguments.
type tool struct {
	conf     *urlconf.Conf // nil when the checks found errors
	findings []urlconf.Finding
	settings settings.Settings
	asJSON   bool
	args     []string
}

// quiet is the logger the tools build the site with: the site's own
// warnings (the checks') are the tools' output, printed once by check.
var quiet = slog.New(slog.DiscardHandler)

// parseTool parses the flags every tool takes, and builds the site's
// conf. On failure it returns a nil tool and the exit status. The check
// command (checks) also gets a tool when the site's checks found errors.
func parseTool(name, usage string, site Site, args []string, stderr io.Writer, checks ...bool) (*tool, int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, "usage: %s %s\n", name, usage); fs.PrintDefaults() }
	asJSON := fs.Bool("json", false, "print JSON, for scripts")
	file := fs.String("settings", "", "a TOML settings `file` over the site's own settings")
	if err := fs.Parse(args); err != nil {
		return nil, 2
	}
	s, err := loadSettings(site, *file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, 1
	}
	t := &tool{settings: s, asJSON: *asJSON, args: fs.Args()}
	d, err := site.build(s, quiet)
	var failed *dispatcher.CheckError
	switch {
	case err == nil:
		t.conf, t.findings = d.Conf(), d.Findings()
	case len(checks) > 0 && errors.As(err, &failed):
		t.findings = failed.Findings
	default:
		fmt.Fprintln(stderr, err)
		return nil, 1
	}
	return t, 0
}

func printJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

type urlRow struct {
	Pattern string `json:"pattern"`
	View    string `json:"view"`
	Name    string `json:"name"`
	Where   string `json:"where"`
	Mount   bool   `json:"mount,omitempty"` // takes every path under Pattern
}

func urlsCommand(site Site, args []string, stdout, stderr io.Writer) int {
	t, code := parseTool("urls", "[-json]", site, args, stderr)
	if t == nil {
		return code
	}
	rows := []urlRow{}
	for _, ep := range t.conf.Endpoints() {
		rows = append(rows, urlRow{Pattern: strings.Join(ep.Chain, ""), View: ep.View, Name: ep.QualifiedName(), Where: ep.Where, Mount: ep.Mount})
	}
	if t.asJSON {
		printJSON(stdout, rows)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PATTERN\tVIEW\tNAME\tDECLARED")
	for _, r := range rows {
		pattern := r.Pattern
		if r.Mount {
			pattern += " [mount]" // as the technical 404 marks it
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", pattern, r.View, r.Name, r.Where)
	}
	_ = tw.Flush()
	return 0
}

type resolveResult struct {
	Path      string         `json:"path"`
	Matched   bool           `json:"matched"`
	View      string         `json:"view,omitempty"`
	ViewName  string         `json:"view_name,omitempty"`
	Route     string         `json:"route,omitempty"`
	Args      []string       `json:"args,omitempty"`
	Kwargs    map[string]any `json:"kwargs,omitempty"`
	Namespace string         `json:"namespace,omitempty"`
	Unmatched string         `json:"unmatched,omitempty"`
	Tried     []string       `json:"tried,omitempty"`
}

func resolveCommand(site Site, args []string, stdout, stderr io.Writer) int {
	t, code := parseTool("resolve", "[-json] PATH", site, args, stderr)
	if t == nil {
		return code
	}
	if len(t.args) != 1 {
		fmt.Fprintln(stderr, "usage: resolve [-json] PATH")
		return 2
	}
	res := resolveResult{Path: t.args[0]}
	m, err := t.conf.Resolve(t.args[0])
	var nf *urlconf.NotFound
	switch {
	case errors.As(err, &nf):
		res.Unmatched = nf.Path
		res.Tried = urlconf.FormatTried(nf.Tried)
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 1
	default:
		res.Matched, res.View, res.ViewName, res.Route = true, m.View, m.ViewName, m.Route
		res.Args, res.Kwargs, res.Namespace = m.Args, m.Kwargs, m.Namespace
	}
	if t.asJSON {
		printJSON(stdout, res)
	} else {
		printResolve(stdout, res)
	}
	if !res.Matched {
		return 1
	}
	return 0
}

func printResolve(w io.Writer, res resolveResult) {
	if !res.Matched {
		fmt.Fprintf(w, "%s did not match. The rest, %q, matched none of these patterns, tried in order:\n", res.Path, res.Unmatched)
		for _, t := range res.Tried {
			fmt.Fprintf(w, "  %s\n", t)
		}
		return
	}
	fmt.Fprintf(w, "view:      %s\nname:      %s\nroute:     %s\n", res.View, res.ViewName, res.Route)
	if res.Namespace != "" {
		fmt.Fprintf(w, "namespace: %s\n", res.Namespace)
	}
	if len(res.Args) > 0 {
		fmt.Fprintf(w, "args:      %q\n", res.Args)
	}
	keys := make([]string, 0, len(res.Kwargs))
	for k := range res.Kwargs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "kwarg:     %s = %#v\n", k, res.Kwargs[k])
	}
}

func reverseCommand(site Site, args []string, stdout, stderr io.Writer) int {
	t, code := parseTool("reverse", "[-json] NAME [ARG ...|KEY=VALUE ...]", site, args, stderr)
	if t == nil {
		return code
	}
	if len(t.args) == 0 {
		fmt.Fprintln(stderr, "usage: reverse [-json] NAME [ARG ...|KEY=VALUE ...]")
		return 2
	}
	var opts urlconf.ReverseOptions
	for _, a := range t.args[1:] {
		if k, v, ok := strings.Cut(a, "="); ok {
			if opts.Kwargs == nil {
				opts.Kwargs = map[string]any{}
			}
			opts.Kwargs[k] = v
		} else {
			opts.Args = append(opts.Args, a)
		}
	}
	u, err := t.conf.ReverseWith(t.args[0], opts)
	if t.asJSON {
		out := map[string]string{"name": t.args[0], "url": u}
		if err != nil {
			out = map[string]string{"name": t.args[0], "error": err.Error()}
		}
		printJSON(stdout, out)
	} else if err == nil {
		fmt.Fprintln(stdout, u)
	}
	if err != nil {
		if !t.asJSON {
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	return 0
}

type findingJSON struct {
	ID      string `json:"id"`
	Level   string `json:"level"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Where   string `json:"where"`
}

func checkCommand(site Site, args []string, stdout, stderr io.Writer) int {
	if deploy, rest := deployArgs(args); deploy {
		return deployCheckCommand(site, rest, stdout, stderr) // deploycheck.go
	}
	t, code := parseTool("check", "[-json] [-deploy] [-settings F]", site, args, stderr, true)
	if t == nil {
		return code
	}
	errs := 0
	out := []findingJSON{}
	for _, f := range t.findings {
		if f.Level == urlconf.Error {
			errs++
		}
		out = append(out, findingJSON{ID: f.ID, Level: f.Level.String(), Message: f.Message, Hint: f.Hint, Where: f.Where})
	}
	if t.asJSON {
		printJSON(stdout, out)
	} else {
		for _, f := range t.findings {
			fmt.Fprintln(stdout, f)
			if f.Hint != "" {
				fmt.Fprintf(stdout, "\tHINT: %s\n", f.Hint)
			}
		}
		fmt.Fprintf(stdout, "System check identified %d issue(s) (%d error(s)).\n", len(t.findings), errs)
	}
	if errs > 0 {
		return 1
	}
	return 0
}
