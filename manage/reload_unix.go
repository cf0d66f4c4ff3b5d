//go:build unix

package manage

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// reloadSupported says whether this system can hand a listening socket
// to a child process (os/exec's ExtraFiles), which the reloader needs.
const reloadSupported = true

func closeOnExec(fd uintptr) { syscall.CloseOnExec(int(fd)) }

// listenerFile returns a duplicate of ln's descriptor, closed on exec,
// for ExtraFiles. Unlike (*net.TCPListener).File, it leaves the socket
// non-blocking: the blocking mode belongs to the open socket, shared
// with every child, and a child whose Accept blocked in the kernel could
// not stop gracefully.
func listenerFile(ln net.Listener) (*os.File, error) {
	sc, ok := ln.(syscall.Conn)
	if !ok {
		return nil, fmt.Errorf("devserver: a %T has no descriptor to hand over", ln)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	var dup int
	var dupErr error
	if err := rc.Control(func(fd uintptr) {
		syscall.ForkLock.RLock()
		defer syscall.ForkLock.RUnlock()
		dup, dupErr = syscall.Dup(int(fd))
		if dupErr == nil {
			syscall.CloseOnExec(dup)
		}
	}); err != nil {
		return nil, err
	}
	if dupErr != nil {
		return nil, fmt.Errorf("devserver: duplicating the listener: %w", dupErr)
	}
	return os.NewFile(uintptr(dup), "devserver listener"), nil
}

// terminate asks a child to stop, as Ctrl-C would.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }
