package manage

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/settings"
)

// check -deploy: Django's "check --deploy", the security checks that
// apply to a hoop site, run on the settings a deployment would run with
// (the site's own, a -settings file and HOOP_*; never its development
// settings). What the settings cannot tell (is the Host checked? are the
// security headers sent? are cross-site posts refused?) is asked of the
// site itself, built with those settings and sent a few requests in the
// process: GET / and a cross-site POST to a path no pattern matches, so
// that no view runs for it.

// deployFinding is one result of the deploy checks.
type deployFinding struct {
	ID, Level, Message, Hint string
}

func (f deployFinding) String() string {
	s := fmt.Sprintf("%s: (%s) %s", strings.ToUpper(f.Level), f.ID, f.Message)
	if f.Hint != "" {
		s += "\n\tHINT: " + f.Hint
	}
	return s
}

// deployArgs reports whether args ask for the deploy checks, and returns
// them without -deploy.
func deployArgs(args []string) (bool, []string) {
	i := slices.IndexFunc(args, func(a string) bool { return a == "-deploy" || a == "--deploy" })
	if i < 0 {
		return false, args
	}
	return true, slices.Delete(slices.Clone(args), i, i+1)
}

func deployCheckCommand(site Site, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check -deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON, for scripts")
	file := fs.String("settings", "", "a TOML settings `file` over the site's own settings, as the deployment passes it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// The probes' refusals (a forged Host) would be logged as attacks.
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	findings := deployChecks(site, *file)
	errs := 0
	out := []findingJSON{}
	for _, f := range findings {
		if f.Level == "error" {
			errs++
		}
		out = append(out, findingJSON{ID: f.ID, Level: f.Level, Message: f.Message, Hint: f.Hint})
	}
	if *asJSON {
		printJSON(stdout, out)
	} else {
		for _, f := range findings {
			fmt.Fprintln(stdout, f)
		}
		fmt.Fprintf(stdout, "Deploy check identified %d issue(s) (%d error(s)).\n", len(findings), errs)
	}
	if errs > 0 {
		return 1
	}
	return 0
}

// settingIDs names the Django check behind a settings error, by key.
var settingIDs = map[string]string{
	"debug": "security.W018", "allowed_hosts": "security.W020",
	"secret_key": "security.W009", "secret_key_fallbacks": "security.W025",
}

func deployChecks(site Site, file string) []deployFinding {
	s, err := loadProductionSettings(site, file)
	if err != nil {
		var fs []deployFinding
		for _, line := range strings.Split(err.Error(), "\n") {
			id := "hoop.settings"
			for key, djangoID := range settingIDs {
				if strings.HasPrefix(line, "settings: "+key+":") || strings.HasPrefix(line, "settings: "+key+"[") ||
					strings.Contains(line, "debug = true is compiled") && key == "debug" {
					id = djangoID
				}
			}
			fs = append(fs, deployFinding{ID: id, Level: "error", Message: strings.TrimPrefix(line, "settings: ")})
		}
		return fs
	}
	fs := settingsFindings(s)
	d, err := site.build(s, nil)
	if err != nil {
		return append(fs, deployFinding{ID: "hoop.site", Level: "error", Message: "the site does not start with these settings: " + err.Error()})
	}
	return append(fs, probeFindings(s, d)...)
}

func settingsFindings(s settings.Settings) []deployFinding {
	var fs []deployFinding
	if s.Debug {
		fs = append(fs, deployFinding{ID: "security.W018", Level: "error", Message: "debug is on: error pages show source code, settings and requests to anyone.",
			Hint: "leave HOOP_DEBUG unset (or false) in production."})
	}
	if slices.Contains(s.AllowedHosts, "*") {
		fs = append(fs, deployFinding{ID: "security.W020", Level: "warning", Message: `allowed_hosts holds "*": any Host header is accepted, so links the site builds from it can point anywhere.`,
			Hint: "list the site's host names."})
	}
	if !s.SessionCookieSecureEffective() {
		fs = append(fs, deployFinding{ID: "security.W012", Level: "warning", Message: "session_cookie_secure is false: the session cookie is sent over plain HTTP too, where it can be read.",
			Hint: "serve the site over HTTPS only, and leave session_cookie_secure unset."})
	}
	if !s.SessionCookieHTTPOnly {
		fs = append(fs, deployFinding{ID: "security.W013", Level: "warning", Message: "session_cookie_httponly is false: scripts on the page, an injected one included, can read the session cookie.",
			Hint: "leave session_cookie_httponly at true."})
	}
	return fs
}

// probeFindings sends the site the requests that tell what its
// middleware does.
func probeFindings(s settings.Settings, site *dispatcher.Dispatcher) []deployFinding {
	host := "localhost"
	for _, h := range s.AllowedHosts {
		if h != "*" {
			host = strings.TrimPrefix(h, ".")
			break
		}
	}
	var fs []deployFinding
	page := probe(site, "GET", "/", host, nil)
	want := []struct{ id, header, value, level, hint string }{
		{"security.W006", "X-Content-Type-Options", "nosniff", "error", "add middleware.Defaults (or middleware.SecurityHeaders) to the site's middleware."},
		{"security.W002", "X-Frame-Options", "", "error", "add middleware.Defaults (or middleware.SecurityHeaders): without X-Frame-Options other sites can frame the pages (clickjacking)."},
		{"security.W022", "Referrer-Policy", "", "error", "add middleware.Defaults (or middleware.SecurityHeaders)."},
		{"security.W024", "Cross-Origin-Opener-Policy", "", "warning", "add middleware.Defaults (or middleware.SecurityHeaders)."},
		{"security.W004", "Strict-Transport-Security", "", "warning", "once the site is served over HTTPS only, list middleware.SecurityHeaders with SecurityOptions.HSTSMaxAge (or let nginx send the header); mind that browsers then refuse plain HTTP for that long."},
	}
	for _, w := range want {
		got := page.Header().Get(w.header)
		if got == "" || w.value != "" && got != w.value {
			fs = append(fs, deployFinding{ID: w.id, Level: w.level, Message: fmt.Sprintf("GET / has no %s header.", w.header), Hint: w.hint})
		}
	}
	if xfo := page.Header().Get("X-Frame-Options"); xfo != "" && xfo != "DENY" {
		fs = append(fs, deployFinding{ID: "security.W019", Level: "warning", Message: fmt.Sprintf("X-Frame-Options is %q, not DENY.", xfo), Hint: "use DENY unless the site frames its own pages."})
	}
	if forged := probe(site, "GET", "/", "deploy-check.invalid", nil); forged.Code != http.StatusBadRequest {
		fs = append(fs, deployFinding{ID: "hoop.S001", Level: "error", Message: fmt.Sprintf("a request for a host not in allowed_hosts got %d, not 400: the Host header is not checked.", forged.Code),
			Hint: "add middleware.Defaults (or middleware.AllowedHosts) to the site's middleware."})
	}
	// A path that no pattern can match, so that no view runs even if the
	// post is let through.
	path := "/hoop-deploy-check/no-such-page/"
	if _, err := site.Conf().Resolve(path); err != nil {
		crossSite := map[string]string{"Origin": "https://deploy-check.invalid", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}
		if post := probe(site, "POST", path, host, crossSite); post.Code != http.StatusForbidden {
			fs = append(fs, deployFinding{ID: "security.W003", Level: "error", Message: fmt.Sprintf("a cross-site POST got %d, not 403: the site has no cross-site request forgery protection.", post.Code),
				Hint: "add middleware.Defaults (or middleware.CrossOrigin) to the site's middleware."})
		}
	}
	return fs
}

// probe asks the site as a browser of the deployed site does, over
// HTTPS (HSTS is sent only then).
func probe(site http.Handler, method, path, host string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "https://deploy-check.invalid"+path, strings.NewReader("deploy=check"))
	req.Host = host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	return rec
}
