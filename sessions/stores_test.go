package sessions_test

// The tests use every store hoop ships, so they link them all; a site
// links only those it imports.
import (
	_ "github.com/hoop-go/hoop/sessions/postgresstore"
	_ "github.com/hoop-go/hoop/sessions/redisstore"
	_ "github.com/hoop-go/hoop/sessions/sqlitestore"
)
