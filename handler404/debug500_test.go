package handler404_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoop-go/hoop/handler404"
	"github.com/hoop-go/hoop/settings"
)

// The leak: secrets nested in the site's table, in DSNs, in
// headers, cookies, the query and form fields never reach the page, in
// HTML or JSON.
func TestTechnical500MasksSecretsAtAnyDepth(t *testing.T) {
	s := settings.Default()
	s.Debug = true
	s.SecretKey = "leakA-secret-key"
	s.SessionStore, s.SessionURL = "redis", "redis://:leakB@10.0.0.5:6379/0"
	s.Site = map[string]any{
		"title":             "Shop",
		"stripe_secret_key": "leakC",
		"billing":           map[string]any{"password": "leakD", "database": "postgres://shop:leakE@db/shop"},
	}
	h := &handler404.Technical500{Settings: &s}
	for _, accept := range []string{"text/html", "application/json"} {
		t.Run(accept, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/pay/?card=4242&access_token=leakF", strings.NewReader("amount=5&password=leakG"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept", accept)
			r.Header.Set("Authorization", "Bearer leakH")
			r.Header.Set("X-Api-Key", "leakI")
			r.AddCookie(&http.Cookie{Name: "hoop_session", Value: "leakJ"})
			r.AddCookie(&http.Cookie{Name: "theme", Value: "dark"})
			r = handler404.WithError(r, &handler404.RaisedError{Err: errors.New("dial postgres://u:leakK@db: refused"), Status: 500})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := rec.Body.String()
			for _, leak := range strings.Fields("leakA leakB leakC leakD leakE leakF leakG leakH leakI leakJ leakK") {
				if strings.Contains(body, leak) {
					t.Errorf("%s shown", leak)
				}
			}
			for _, shown := range []string{"Shop"} {
				if !strings.Contains(body, shown) {
					t.Errorf("%q not shown", shown)
				}
			}
		})
	}
}
