package urlconf_test

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hoop-go/hoop/urlconf"
)

// A conf whose second pattern needs the backtracking engine (a
// back-reference), with at most two such matches running at once. A
// match that waits more than 5 ms for a slot is not run: the resolution
// stops with a *BusyError, which a server answers 503, as it does a
// *TimeoutError. Patterns that do not backtrack take no slot.
func ExampleBusyError() {
	b := urlconf.Builder{MaxBacktracking: 2, BacktrackingWait: 5 * time.Millisecond}
	conf, err := b.Build(urlconf.Entries(
		urlconf.Path("articles/<int:year>/", "archive"),
		urlconf.RePath(`^(?P<word>[a-z]+)/(?P=word)/$`, "echo"),
	))
	if err != nil {
		panic(err)
	}
	status := func(path string) int {
		_, err := conf.Resolve(path)
		var busy *urlconf.BusyError
		var timeout *urlconf.TimeoutError
		var notFound *urlconf.NotFound
		switch {
		case errors.As(err, &busy), errors.As(err, &timeout):
			return http.StatusServiceUnavailable
		case errors.As(err, &notFound):
			return http.StatusNotFound
		case err != nil:
			return http.StatusInternalServerError
		}
		return http.StatusOK
	}
	fmt.Println(status("/articles/2024/"))
	// Output: 200
}
