package sessions

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
)

// boundedStore bounds every call to the store it wraps by the store
// timeout. A store with context methods (scs.CtxStore) gets a context
// that is cancelled at the timeout, so that the call itself stops; and
// every call, with a context or not, runs on its own goroutine that the
// request stops waiting for at the timeout, so that even a store that
// ignores its context, or has none (scs.Store), never stalls a request
// past the bound.
type boundedStore struct {
	inner   scs.Store
	timeout time.Duration
	kind    string
	errors  atomic.Uint64 // calls that failed or timed out (Manager.StoreErrors)
}

var _ scs.CtxStore = (*boundedStore)(nil)

type findResult struct {
	b     []byte
	found bool
	err   error
}

// call runs op on its own goroutine with a context that ends at the
// timeout, and returns its error, or a timeout error when op has not
// returned by then.
func (s *boundedStore) call(ctx context.Context, name string, op func(context.Context) error) (err error) {
	defer func() {
		if err != nil && !errors.Is(err, context.Canceled) { // not a client that went away
			s.errors.Add(1)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	done := make(chan error, 1) // buffered: a late op does not block
	go func() { done <- op(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			// The store's client may report our deadline in words of its
			// own (pgx: "timeout: context deadline exceeded"): once the
			// deadline has passed, a failure is the timeout, whose
			// outcome is unknown, not an unreachable store.
			if errors.Is(ctx.Err(), context.DeadlineExceeded) || ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return s.fail(name, ctx)
			}
			return fmt.Errorf("%w: %s store: %s: %w", ErrUnavailable, s.kind, name, err)
		}
		return nil
	case <-ctx.Done():
		return s.fail(name, ctx)
	}
}

func (s *boundedStore) fail(name string, ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %s store: %s: %w (%v)", ErrUnavailable, s.kind, name, errTimedOut, s.timeout)
	}
	return fmt.Errorf("%w: %s store: %s: %w", ErrUnavailable, s.kind, name, ctx.Err())
}

// FindCtx is scs.CtxStore's FindCtx, bounded.
func (s *boundedStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var res findResult
	results := make(chan findResult, 1)
	err := s.call(ctx, "find", func(ctx context.Context) error {
		var r findResult
		if c, ok := s.inner.(scs.CtxStore); ok {
			r.b, r.found, r.err = c.FindCtx(ctx, token)
		} else {
			r.b, r.found, r.err = s.inner.Find(token)
		}
		results <- r
		return r.err
	})
	if err != nil {
		return nil, false, err
	}
	res = <-results
	return res.b, res.found, nil
}

// CommitCtx is scs.CtxStore's CommitCtx, bounded.
func (s *boundedStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.call(ctx, "commit", func(ctx context.Context) error {
		if c, ok := s.inner.(scs.CtxStore); ok {
			return c.CommitCtx(ctx, token, b, expiry)
		}
		return s.inner.Commit(token, b, expiry)
	})
}

// DeleteCtx is scs.CtxStore's DeleteCtx, bounded.
func (s *boundedStore) DeleteCtx(ctx context.Context, token string) error {
	return s.call(ctx, "delete", func(ctx context.Context) error {
		if c, ok := s.inner.(scs.CtxStore); ok {
			return c.DeleteCtx(ctx, token)
		}
		return s.inner.Delete(token)
	})
}

// Find, Commit and Delete complete scs.Store; scs calls the Ctx methods.
func (s *boundedStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *boundedStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *boundedStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}
