package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// memoryUnits are the suffixes a memory limit may carry, as DuckDB
// spells them; a bare number is bytes.
var memoryUnits = map[string]float64{
	"": 1, "b": 1, "byte": 1, "bytes": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// outsidePoolShare is the least part of Options.MemoryLimit kept back from
// DuckDB's memory_limit. DuckDB counts its buffer pool against the limit,
// not its other allocations, and Go's heap comes on top: 'incidents' over
// the medium bench's 30 days with DuckDB's limit at 3GB peaked at 3.41 GiB
// of RSS, at 6GB at 6.1 GiB, so a limit handed to DuckDB whole is exceeded
// by the process. With this share it peaked at 2.91-3.12 GiB at 3GB (2.79
// GiB): Go held up to 478 MB of findings, so the share narrows the excess
// and does not close it (2-core AMD EPYC; README, Benchmarks).
const outsidePoolShare = 0.25

// outsidePoolFloor is the least kept back, up to half the limit: what
// lies outside the pool does not shrink with it. During the 30-day pack
// over the medium bench lake glibc held 0.31-0.38 GiB besides DuckDB's
// pool, Go up to 0.1 GiB while the hunts ran, and RSS ran up to 0.24 GiB
// above the sum while jemalloc, which DuckDB's pool comes from, kept what
// it had freed. At --memory-limit 2GB a quarter (DuckDB 1.5 GB) peaked at
// 1.92-2.23 GiB in six runs, against the 1.86 GiB of 2 GB; with this
// floor (1.2 GB), jemalloc purging in the background (setUp) and one VPC
// Flow hunt at a time (query/hunt's runQueue) at 1.81 and 1.78 GiB, the
// same findings (2-core Intel Xeon; README, Benchmarks).
const outsidePoolFloor = 800_000_000

// parseMemoryLimit reads a limit such as "4GB", "1.5 GiB" or "800MB" as
// bytes.
func parseMemoryLimit(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	n, err := strconv.ParseFloat(t[:i], 64)
	unit, known := memoryUnits[strings.TrimSpace(t[i:])]
	if err != nil || !known || n <= 0 {
		return 0, fmt.Errorf("cannot parse memory limit %q: want a size such as 4GB or 800MiB", s)
	}
	return int64(n * unit), nil
}

// duckDBMemoryLimit is DuckDB's memory_limit for a process limit: the
// limit less outsidePoolShare of it or outsidePoolFloor, whichever is
// more, but at least half the limit, in bytes.
func duckDBMemoryLimit(limit string) (string, error) {
	pool, err := duckDBPoolBytes(limit)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(pool, 10) + "B", nil
}

// duckDBPoolBytes is duckDBMemoryLimit as a number of bytes.
func duckDBPoolBytes(limit string) (int64, error) {
	n, err := parseMemoryLimit(limit)
	if err != nil {
		return 0, err
	}
	outside := max(float64(n)*outsidePoolShare, min(float64(n)/2, outsidePoolFloor))
	return n - int64(outside), nil
}
