//go:build linux && cgo

package engine

/*
#include <malloc.h>

// lh_limit_arenas caps glibc's malloc arenas at n and tells whether it
// could; other C libraries (musl) have no arenas to cap.
static int lh_limit_arenas(int n) {
#ifdef M_ARENA_MAX
	return mallopt(M_ARENA_MAX, n);
#else
	return 0;
#endif
}

// lh_malloc_stats stores what glibc's malloc hands out (in_use) and holds
// from the system (held), and tells whether it could: mallinfo2 came with
// glibc 2.33, and other C libraries have none.
static int lh_malloc_stats(long long *in_use, long long *held) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
	struct mallinfo2 m = mallinfo2();
	*in_use = (long long)(m.uordblks + m.hblkhd);
	*held = (long long)(m.arena + m.hblkhd);
	return 1;
#else
	return 0;
#endif
}
*/
import "C"

import (
	"os"
	"runtime"
)

// mallocArenas is how many glibc malloc arenas the process's threads
// share: one a core, at least two. DuckDB's buffer pool comes from the
// jemalloc it bundles, but its other allocations (plans, catalog, Parquet
// footers, results: 0.3-0.55 GiB during the pack, by mallinfo2) go
// through glibc's malloc, which gives contending threads arenas of their
// own (up to eight a core) and keeps what is freed in them for reuse by
// the same arena: DuckDB's memory_limit bounds neither. The whole pack
// over the medium bench's 30 days at --memory-limit 2GB ('hunt run
// --all', 2-core Intel Xeon, the same findings byte for byte) peaked at
// 2.40 and 2.44 GiB of RSS with glibc's default and at 2.09-2.26 GiB in
// three runs with two arenas; its time
// moved with the machine's drift (409-735 s with two arenas, 527-543 s
// without), and five CloudTrail hunts took as long either way.
// It holds for every process that links the engine, the bench's DuckDB
// rivals included (the bench runs each side as a child process of the
// same binary).
var mallocArenas = max(2, runtime.NumCPU())

// mallocArenasLimited tells whether mallocArenas took effect; a
// MALLOC_ARENA_MAX in the environment is the user's and is left alone.
var mallocArenasLimited = limitMallocArenas()

func limitMallocArenas() bool {
	if os.Getenv("MALLOC_ARENA_MAX") != "" {
		return false
	}
	return C.lh_limit_arenas(C.int(mallocArenas)) == 1
}

// mallocStats is what glibc's malloc hands out and holds, or -1, -1
// where mallinfo2 is missing (memtrace.go). mallinfo2 walks every arena
// under its lock: a memory trace calls it every half second.
func mallocStats() (inUse, held int64) {
	var u, h C.longlong
	if C.lh_malloc_stats(&u, &h) == 0 {
		return -1, -1
	}
	return int64(u), int64(h)
}
