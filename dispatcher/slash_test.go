package dispatcher_test

import (
	"net/http/httptest"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// APPEND_SLASH redirects with views.PermanentRedirect's policy.
func TestAppendSlashPolicy(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(views.Path("a/", "a", text("a"))))
	if err != nil {
		t.Fatal(err)
	}
	d, err := dispatcher.New(conf, nil, declaredOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			slash := httptest.NewRecorder()
			d.ServeHTTP(slash, httptest.NewRequest(method, "/a", nil))
			policy := httptest.NewRecorder()
			views.PermanentRedirect("/a/").ServeHTTP(policy, httptest.NewRequest(method, "/a", nil))
			if slash.Code != policy.Code || slash.Header().Get("Location") != "/a/" {
				t.Errorf("%s /a: %d %q; PermanentRedirect: %d", method, slash.Code, slash.Header().Get("Location"), policy.Code)
			}
		})
	}
}
