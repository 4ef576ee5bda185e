//go:build !linux || !cgo

package engine

// mallocStats: no glibc to ask (malloc_linux.go).
func mallocStats() (inUse, held int64) { return -1, -1 }
