// Package redisstore links the "redis" session store into a program that
// imports it:
//
//	import _ "github.com/hoop-go/hoop/sessions/redisstore"
//
// Sessions live in Redis (session_url: "redis://:password@host:6379/0"),
// shared by every instance of a site, and expire through Redis TTLs. It
// is scs/goredisstore on github.com/redis/go-redis/v9, with every dial,
// read, write and pool wait bounded by session_store_timeout and a
// single retry, so that a request never waits on Redis for longer.
// Opening pings the server: an unreachable one stops the start-up.
//
// It is a package of its own so that a site that keeps its sessions
// elsewhere does not link a Redis client.
package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/alexedwards/scs/goredisstore"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/hoop-go/hoop/sessions"
)

func init() { sessions.Register("redis", open) }

// open connects to the Redis server at url and pings it.
func open(ctx context.Context, url string, timeout time.Duration) (sessions.OpenedStore, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return sessions.OpenedStore{}, fmt.Errorf("sessions: session_url is not a redis URL (redis://host:6379/0): %w", err)
	}
	// Bound every step by the store timeout, the request's context too,
	// and fail fast rather than retry while the request waits.
	opts.ContextTimeoutEnabled = true
	opts.DialTimeout = min(opts.DialTimeout, timeout)
	opts.ReadTimeout = min(opts.ReadTimeout, timeout)
	opts.WriteTimeout = min(opts.WriteTimeout, timeout)
	opts.PoolTimeout = timeout
	opts.MaxRetries = 1
	opts.DialerRetries = 1
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	client := redis.NewClient(opts)
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return sessions.OpenedStore{}, fmt.Errorf("sessions: redis store at %s (db %d) is unreachable: %w", opts.Addr, opts.DB, err)
	}
	return sessions.OpenedStore{Store: goredisstore.New(client), Close: client.Close}, nil
}
