package main

import (
	"reflect"
	"testing"
)

// TestLiteralArgs checks which arguments reach pflag as flags once an
// argument that only looks like one is present.
func TestLiteralArgs(t *testing.T) {
	root := newCmdRoot(testFactory(), &profiles{})
	f := func(args, want []string) {
		t.Helper()
		if got := literalArgs(root, args); !reflect.DeepEqual(got, want) {
			t.Errorf("literalArgs(%q) =\n  %q\nwant %q", args, got, want)
		}
	}
	const sql = "-- comment\nSELECT 1"
	// Nothing that looks like text: unchanged, mistakes included.
	f([]string{"query", "--format", "csv", "SELECT 1"}, []string{"query", "--format", "csv", "SELECT 1"})
	f([]string{"query", "--no-such-flag", "x"}, []string{"query", "--no-such-flag", "x"})
	f([]string{"query", "--", sql}, []string{"query", "--", sql})
	// The SQL moves behind "--"; flags and their values stay flags.
	f([]string{"--lake", "l", "query", sql, "--format", "csv"}, []string{"query", "--lake", "l", "--format", "csv", "--", sql})
	f([]string{"query", "-o", "x.csv", "--stats", sql, "--now=2024-03-08", "--max-rows", "3"},
		[]string{"query", "-o", "x.csv", "--stats", "--now=2024-03-08", "--max-rows", "3", "--", sql})
	// Positional arguments keep their order.
	f([]string{"investigate", "principal", "-- odd name", "--last", "1d"}, []string{"investigate", "--last", "1d", "--", "principal", "-- odd name"})
	// The value of a flag is left where it is, even one that looks like text.
	f([]string{"query", "-f", "-- odd file", sql}, []string{"query", "-f", "-- odd file", "--", sql})
	f([]string{"hunt", "run", "--all", "--param", "- x y"}, []string{"hunt", "run", "--all", "--param", "- x y", "--"})
}
