package sessions_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hoop-go/hoop/sessions"
)

// Session data that no longer decodes is dropped with its token: the
// request gets an empty session under a new token, and the old token is
// deleted from the store, as Django cycles the key.
func TestUndecodableSessionGetsANewToken(t *testing.T) {
	f := newFakeStore()
	ts := newTestSite(t, testSettings(), sessions.Options{Store: f})
	ts.get(t, "/counter/")
	old := ts.cookie(t)
	all, _ := f.inner.All()
	var oldKey string
	for key := range all {
		oldKey = key
		f.inner.Commit(key, []byte("not gob"), time.Now().Add(time.Hour))
	}
	if r := ts.get(t, "/counter/"); r.status != 200 || r.body != "count=1" {
		t.Fatalf("undecodable data: %d %q", r.status, r.body)
	}
	if now := ts.cookie(t); now == "" || now == old {
		t.Errorf("the token was kept: %q", now)
	}
	all, _ = f.inner.All()
	if _, ok := all[oldKey]; ok || len(all) != 1 {
		t.Errorf("the old session is still in the store (%d sessions)", len(all))
	}
	if r := ts.get(t, "/counter/"); r.body != "count=2" {
		t.Errorf("the new session does not count on: %q", r.body)
	}
	mustContain(t, "log", ts.log.String(), "cannot be decoded", "new token")
}

// commitLost is a store whose commits, while lose is set, are saved but
// never acknowledged: the answer is lost, as on a network partition
// after the write.
type commitLost struct {
	*fakeStore
	lose *atomic.Bool
}

func (c commitLost) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if err := c.inner.Commit(token, b, expiry); err != nil || !c.lose.Load() {
		return err
	}
	<-ctx.Done() // the store timeout
	return ctx.Err()
}

// A commit that times out may have been saved: the 503 says so, and the
// next request shows what the store really holds. The requests run on
// synctest's clock: only the commit that is never acknowledged can run
// out of time, exactly at the store timeout, however busy the machine.
func TestCommitTimeoutSaysTheOutcomeIsUnknown(t *testing.T) {
	lose := &atomic.Bool{}
	s := testSettings()
	s.SessionStoreTimeout = 100 * time.Millisecond
	ts := newTestSite(t, s, sessions.Options{Store: commitLost{newFakeStore(), lose}})
	synctest.Test(t, func(t *testing.T) {
		if r := ts.serve(t, "/counter/"); r.body != "count=1" {
			t.Fatalf("first visit: %q", r.body)
		}
		lose.Store(true)
		start := time.Now()
		r := ts.serve(t, "/counter/", "Accept", "application/json")
		if r.status != 503 || r.header.Get("Retry-After") == "" {
			t.Fatalf("timed-out commit: %d %q", r.status, r.body)
		}
		if took := time.Since(start); took != s.SessionStoreTimeout {
			t.Errorf("the timed-out commit took %v; want the store timeout, %v", took, s.SessionStoreTimeout)
		}
		mustContain(t, "503 page", r.body, "could not confirm that this request's changes were saved", "may have been saved or not")
		if strings.Contains(r.body, "cannot reach its session store") {
			t.Errorf("the page says the store was unreachable: %q", r.body)
		}
		lose.Store(false)
		// The store did save it: the page said it might have.
		if r := ts.serve(t, "/counter/"); r.body != "count=3" {
			t.Errorf("after the unconfirmed commit: %q, want count=3", r.body)
		}
	})
}
