package main

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// testFactory is a factory over buffers, with a lake directory that is
// never opened: the flag tests replace the commands' work.
func testFactory() *Factory {
	f := newFactory(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	f.Lake = "lake"
	return f
}

// execute parses args into cmd and runs it, as cobra does for the root.
func execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage = true
	_, err := cmd.ExecuteC()
	return err
}

// flagClock is the clock of the flag tests.
var flagClock = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)

func day(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }

// TestEngineFlagsAreTheSameEverywhere checks that query, shell, hunt run
// and investigate take the engine flags under the same names, with the
// same help and the same default from LAKEHUNT_NOW.
func TestEngineFlagsAreTheSameEverywhere(t *testing.T) {
	t.Setenv("LAKEHUNT_NOW", "2024-03-08T00:00:00Z")
	f := testFactory()
	cmds := []*cobra.Command{newCmdQuery(f, nil), newCmdShell(f, nil), newCmdHuntRun(f, nil), newCmdInvestigate(f, nil)}
	for _, name := range []string{"from", "to", "last", "now", "threads", "memory-limit", "temp-dir"} {
		want := cmds[0].Flags().Lookup(name)
		for _, cmd := range cmds {
			got := cmd.Flags().Lookup(name)
			if got == nil {
				t.Errorf("%s has no --%s", cmd.Name(), name)
				continue
			}
			if got.Usage != want.Usage || got.DefValue != want.DefValue {
				t.Errorf("%s --%s: %q (default %q), but query's: %q (default %q)", cmd.Name(), name, got.Usage, got.DefValue, want.Usage, want.DefValue)
			}
		}
	}
	if now := cmds[0].Flags().Lookup("now").DefValue; now != "2024-03-08T00:00:00Z" {
		t.Errorf("--now defaults to %q, want LAKEHUNT_NOW", now)
	}
	for _, cmd := range cmds[:2] {
		if cmd.Flags().Lookup("dialect").Usage != cmds[0].Flags().Lookup("dialect").Usage {
			t.Errorf("%s --dialect differs from query's", cmd.Name())
		}
	}
}

// flagTest returns the check of a flag test: it runs the command newCmd
// makes on args with its work replaced by parse (what the command would
// hand the workflow), and compares that with want, or, with wantErr, the
// error with one holding wantErr: a usage error where parse made it
// (cobra's own argument errors come before parse runs).
func flagTest[O, R any](t *testing.T, newCmd func(*Factory, func(*O) error) *cobra.Command, parse func(*Factory, *O) (R, error)) func(args []string, want R, wantErr string) {
	return func(args []string, want R, wantErr string) {
		t.Helper()
		fac := testFactory()
		var got R
		parsed := false
		err := execute(newCmd(fac, func(o *O) (err error) {
			parsed = true
			got, err = parse(fac, o)
			return err
		}), args...)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) || parsed && exitCodeOf(err) != exitUsage {
				t.Fatalf("%q: error %v, want a usage error with %q", args, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %+v\nwant %+v", args, got, want)
		}
	}
}
