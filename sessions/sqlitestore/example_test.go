package sqlitestore_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/hoop-go/hoop/sessions"
	_ "github.com/hoop-go/hoop/sessions/sqlitestore" // links session_store = "sqlite"
	"github.com/hoop-go/hoop/settings"
)

// A site that imports the package can name the store in its settings;
// the file and its table are created at start-up.
func Example() {
	dir, err := os.MkdirTemp("", "sessions")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s := settings.Default()
	s.SessionStore, s.SessionURL = "sqlite", filepath.Join(dir, "sessions.db")
	sm, err := sessions.New(s, sessions.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer sm.Close()
	_, err = os.Stat(s.SessionURL)
	fmt.Println(sessions.Stores(), err == nil)
	// Output: [memory sqlite] true
}
