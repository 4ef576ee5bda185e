//go:build !unix

package ocsf

import "time"

func processCPUTime() (time.Duration, bool) { return 0, false }
