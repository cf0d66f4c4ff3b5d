package sessions_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2/memstore"
	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
)

// lookups records the tokens a store was asked for.
type lookups struct {
	*memstore.MemStore
	asked []string
}

func (s *lookups) Find(token string) ([]byte, bool, error) {
	s.asked = append(s.asked, token)
	return s.MemStore.Find(token)
}

// FuzzSessionCookie: whatever the session cookie holds, no panic, a
// working page with a session, and no store lookup for a cookie longer
// than a token can be (64 bytes).
func FuzzSessionCookie(f *testing.F) {
	for _, c := range []string{"", "abc", "x\x00y", "%00", "a;b", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", string(make([]byte, 10<<10))} {
		f.Add(c)
	}
	s := settings.Default()
	s.Debug = true
	store := &lookups{MemStore: memstore.NewWithCleanupInterval(time.Hour)}
	m, err := sessions.New(s, sessions.Options{Store: store})
	if err != nil {
		f.Fatal(err)
	}
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := sessions.GetInt(r, "n") + 1
		sessions.Put(r, "n", n)
		fmt.Fprint(w, n)
	}))
	f.Fuzz(func(t *testing.T, value string) {
		store.asked = store.asked[:0]
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Cookie", m.CookieName()+"="+value)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("cookie %q: status %d", value, rec.Code)
		}
		// Tokens are stored hashed, so what the store sees is bounded
		// anyway; a cookie too long to be a token is never looked up.
		if c, err := req.Cookie(m.CookieName()); err == nil && len(c.Value) > 64 && len(store.asked) > 0 {
			t.Fatalf("a %d-byte cookie was looked up in the store", len(c.Value))
		}
	})
}
