//go:build !unix

package manage

import (
	"errors"
	"net"
	"os"
)

// reloadSupported is false: handing a listening socket to a child
// (os/exec's ExtraFiles) needs a Unix system.
const reloadSupported = false

func closeOnExec(uintptr) {}

func listenerFile(net.Listener) (*os.File, error) {
	return nil, errors.New("devserver: auto-reload needs a Unix system")
}

func terminate(p *os.Process) error { return p.Kill() }
