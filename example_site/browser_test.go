package examplesite

import (
	"context"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's chromium. In CI it must be there (.ci/run
// installs it); locally the browser tests skip without it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must install it (Debian package chromium)")
	}
	t.Skip("chromium is not installed (Debian package chromium); skipping the browser test")
	return ""
}

// The AJAX page calls an endpoint that fails, and shows the error from
// its JSON body: driven in a real headless browser.
func TestAJAXErrorInBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	s := siteSettings(false)
	s.AllowedHosts = []string{"127.0.0.1"} // the browser talks to the test server's address
	site, err := New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	browser := startChromium(t, chromium)

	step := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(browser, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("open the page", chromedp.Navigate(srv.URL+"/ajax/"))
	step("wait for the button", chromedp.WaitVisible("#change"))
	hiddenBefore, err := chromedp.Run(browser, chromedp.Evaluate[bool](`document.getElementById("error").hidden`))
	if err != nil {
		t.Fatal(err)
	}
	step("click", chromedp.Click("#change"))
	step("wait for the error", chromedp.WaitVisible("#error"))
	shown, err := chromedp.Run(browser, chromedp.Text("#error"))
	if err != nil {
		t.Fatal(err)
	}
	if !hiddenBefore {
		t.Error("the error was shown before the click")
	}
	if want := "Conflict: The order was already shipped; it cannot be changed."; strings.TrimSpace(shown) != want {
		t.Errorf("the page shows %q, want %q", shown, want)
	}
}

// startChromium starts Debian's chromium headless, for the browser tests,
// and stops it when the test ends.
func startChromium(t *testing.T, chromium string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		// Chromium may take its time to start on a busy machine: the
		// wait for it ends only when it says where it listens, or exits.
		chromedp.WSURLReadTimeout(time.Duration(math.MaxInt64)),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	return browser
}
