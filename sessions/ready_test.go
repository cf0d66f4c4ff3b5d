package sessions_test

import (
	"context"
	"testing"

	"github.com/hoop-go/hoop/sessions"
)

// Ready follows the store; StoreErrors counts the calls that failed.
func TestReadyAndStoreErrors(t *testing.T) {
	f := newFakeStore()
	m, err := sessions.New(testSettings(), sessions.Options{Store: f})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	tests := []struct {
		mode   string
		ready  bool
		errors uint64 // StoreErrors after the probe
	}{
		{"", true, 0},
		{"down", false, 1},
		{"down", false, 2},
		{"", true, 2},
	}
	for _, tt := range tests {
		f.set(tt.mode)
		err := m.Ready(context.Background())
		if (err == nil) != tt.ready {
			t.Errorf("store %q: Ready = %v, want ready %v", tt.mode, err, tt.ready)
		}
		if n := m.StoreErrors(); n != tt.errors {
			t.Errorf("store %q: StoreErrors = %d, want %d", tt.mode, n, tt.errors)
		}
	}
}
