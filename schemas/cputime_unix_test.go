//go:build unix

package schemas_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used so far (user and system,
// every thread: the collector's work included). Unlike the wall clock it
// does not count the time the process waits for a core, so on a shared
// machine it is the steadier measure of what an operation costs.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
