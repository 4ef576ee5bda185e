// Package crashchild runs work in a child process that a crash test kills
// with SIGKILL: the test binary itself, running only the test that does
// the work. Only tests import it.
package crashchild

import (
	"bytes"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Child is the work a crash test kills.
type Child struct {
	// Test is the test function of the binary that does the work; it
	// should skip when its environment is not set, as in a normal run.
	Test string
	// Name is what failure messages call the child.
	Name string
	// Env is added to the parent's environment.
	Env []string
}

// Run starts the child and kills it with SIGKILL after delay, unless it
// finishes first (a zero delay never kills). It tells whether the child
// was killed and how long it ran; a child that fails on its own fails the
// test with its output.
func (c Child) Run(tb testing.TB, delay time.Duration) (killed bool, ran time.Duration) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+c.Test+"$", "-test.count=1")
	// A killed child leaves its temporary files behind (an engine's
	// scratch dir holds a DuckDB database): they go to a dir of the test's.
	cmd.Env = append(append(os.Environ(), "TMPDIR="+tb.TempDir()), c.Env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var timeout <-chan time.Time
	if delay > 0 {
		timeout = time.After(delay)
	}
	select {
	case <-timeout:
		cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		return true, time.Since(start)
	case err := <-exited:
		if err != nil {
			tb.Fatalf("child %s failed on its own: %v\n%s", c.Name, err, out.String())
		}
		return false, time.Since(start)
	}
}
