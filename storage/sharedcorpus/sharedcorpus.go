// Package sharedcorpus finds the project's read-only reference material,
// ../shared beside the module root, for conformance tests. The project
// builds and passes its own tests without it: Dir skips the test when it is
// absent.
package sharedcorpus

import (
	"encoding/csv"
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

// FlowExample is the VPC flow record of OCSF's examples
// (corpus/ocsf-examples/vpcflow.raw.csv): its field names, as the CSV's
// header gives them, and their values.
func FlowExample(tb testing.TB) (names, values []string) {
	tb.Helper()
	path := filepath.Join(Dir(tb, "corpus", "ocsf-examples"), "vpcflow.raw.csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	table, err := csv.NewReader(f).ReadAll()
	if err != nil || len(table) != 2 {
		tb.Fatalf("%s: %d rows (%v), want a header and one record", path, len(table), err)
	}
	return table[0], table[1]
}
