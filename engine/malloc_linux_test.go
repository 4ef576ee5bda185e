//go:build linux && cgo

package engine

import (
	"os"
	"testing"
)

// TestMallocArenasLimited checks that glibc took the cap on its malloc
// arenas when the process started (malloc_linux.go), unless the
// environment set one.
func TestMallocArenasLimited(t *testing.T) {
	if os.Getenv("MALLOC_ARENA_MAX") != "" {
		if mallocArenasLimited {
			t.Fatal("the cap overrode MALLOC_ARENA_MAX from the environment")
		}
		return
	}
	if !mallocArenasLimited {
		t.Fatalf("glibc refused mallopt(M_ARENA_MAX, %d)", mallocArenas)
	}
}
