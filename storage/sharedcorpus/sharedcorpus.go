// Package sharedcorpus finds the project's read-only reference material,
// ../shared beside the module root, for conformance tests. The project
// builds and passes its own tests without it: Dir skips the test when it is
// absent.
package sharedcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot is the directory holding go.mod, searched upwards from the
// test's working directory (its package directory).
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// Dir is ../shared/<parts...> beside the module root; the test is skipped
// when it does not exist.
func Dir(tb testing.TB, parts ...string) string {
	tb.Helper()
	dir := filepath.Join(append([]string{ModuleRoot(tb), "..", "shared"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared reference material not found at %s: conformance test skipped", dir)
	}
	return dir
}
