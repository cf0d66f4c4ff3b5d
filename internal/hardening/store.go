package hardening

import (
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2/memstore"
)

// CountingStore is a memory session store that counts what it is asked,
// so that the corpus can prove that anonymous traffic writes nothing.
type CountingStore struct {
	*memstore.MemStore
	Finds, Commits, Deletes atomic.Int64
}

// NewCountingStore returns an empty store.
func NewCountingStore() *CountingStore {
	return &CountingStore{MemStore: memstore.NewWithCleanupInterval(0)}
}

func (s *CountingStore) Find(token string) ([]byte, bool, error) {
	s.Finds.Add(1)
	return s.MemStore.Find(token)
}

func (s *CountingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.Commits.Add(1)
	return s.MemStore.Commit(token, b, expiry)
}

func (s *CountingStore) Delete(token string) error {
	s.Deletes.Add(1)
	return s.MemStore.Delete(token)
}
