package examplesite

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/middleware"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

func checkoutView(w http.ResponseWriter, r *http.Request) {
	var stock map[string]int
	panic(fmt.Sprintf("no stock for %q", r.PathValue("item")) + fmt.Sprint(len(stock)))
}

// The technical 500 in a real browser: the page names the view's file
// and line, and shows that line of source, with the standard middleware
// in place (debug on, as under the development server).
func TestTechnical500InBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	s := siteSettings(true)
	s.AllowedHosts = []string{"127.0.0.1"}
	conf, err := urlconf.New(urlconf.Entries(urlconf.Path("checkout/<str:item>/", "checkout")))
	if err != nil {
		t.Fatal(err)
	}
	reg := views.NewRegistry()
	reg.HandleFunc("checkout", checkoutView)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	site, err := dispatcher.New(conf, reg, dispatcher.Options{Settings: &s, Logger: quiet, Middleware: middleware.Defaults(s, quiet)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	browser := startChromium(t, chromium)

	if err := chromedp.Do(browser, chromedp.Navigate(srv.URL+"/checkout/teapot/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	if err := chromedp.Do(browser, chromedp.WaitVisible("#raised-at")); err != nil {
		t.Fatalf("wait for the page: %v", err)
	}
	raisedAt, err := chromedp.Run(browser, chromedp.Text("#raised-at"))
	if err != nil {
		t.Fatal(err)
	}
	focus, err := chromedp.Run(browser, chromedp.Text("#traceback li.frame.site ol.source li.focus"))
	if err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(browser, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("debug500_browser_test.go:%d in ", lineOf(t, "debug500_browser_test.go", "\tpanic(")); !strings.Contains(raisedAt, want) || !strings.Contains(raisedAt, "checkoutView") {
		t.Errorf("Raised at: %q, want %q and the view's name", raisedAt, want)
	}
	if want := `panic(fmt.Sprintf("no stock for %q", r.PathValue("item"))`; !strings.Contains(focus, want) {
		t.Errorf("the highlighted source line is %q, want %q", focus, want)
	}
	if !strings.HasPrefix(title, "Panic at /checkout/teapot/") {
		t.Errorf("title %q", title)
	}
}

// lineOf returns the number of the first line of file that starts with
// prefix.
func lineOf(t *testing.T, file, prefix string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line starting with %q", file, prefix)
	return 0
}
