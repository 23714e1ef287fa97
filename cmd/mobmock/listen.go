package main

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// listen opens the listener before serving, so that a port in use is
// reported as such (an I/O error: exit 2) rather than after start-up.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, &ioError{fmt.Errorf("cannot listen on %s: the port is already in use (pick another with --addr)", addr)}
		}
		return nil, &ioError{fmt.Errorf("cannot listen on %s: %w", addr, err)}
	}
	return ln, nil
}
