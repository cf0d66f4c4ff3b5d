package manage

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// A graceful shutdown waits for every request to finish, and an event
// stream never does: the server NewServer makes tells long-lived views
// when its shutdown begins, through their requests' contexts.

type stoppingKey struct{}

// Stopping returns a channel that is closed when the server serving the
// request whose context is ctx begins a graceful shutdown, if NewServer
// (or Serve) made that server. Long-lived views (event streams,
// WebSockets) return then, so that the shutdown need not wait
// shutdown_timeout for them. For a request another server serves it is
// nil, which is never ready.
func Stopping(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(stoppingKey{}).(<-chan struct{})
	return ch
}

// tellStopping makes srv's requests carry the channel Stopping returns,
// closed when srv.Shutdown begins.
func tellStopping(srv *http.Server) {
	stopping := make(chan struct{})
	var once sync.Once
	srv.RegisterOnShutdown(func() { once.Do(func() { close(stopping) }) })
	base := context.WithValue(context.Background(), stoppingKey{}, (<-chan struct{})(stopping))
	srv.BaseContext = func(net.Listener) context.Context { return base }
}
