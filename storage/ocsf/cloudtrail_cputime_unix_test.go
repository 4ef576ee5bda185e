//go:build unix

package ocsf

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time the test process has used, user and
// system: on a shared machine, work per CPU-second is steadier than work per
// wall-clock second.
func processCPUTime() (time.Duration, bool) {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0, false
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano()), true
}
