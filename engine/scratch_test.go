package engine

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Open removes the scratch dirs of engines whose process is gone (a lock
// file no one holds, older than the grace), and keeps those of live
// engines, those too young to judge and those without a lock file; Close
// removes its own.
func TestOpenRemovesScratchDirsOfGoneProcesses(t *testing.T) {
	temp := t.TempDir()
	t.Setenv("TMPDIR", temp)
	old := time.Now().Add(-2 * scratchGrace)
	dir := func(name string, lock bool, modified time.Time) string {
		t.Helper()
		path := filepath.Join(temp, scratchPrefix+name)
		if err := os.MkdirAll(filepath.Join(path, "spill"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(path, "cache.duckdb"), []byte("copy"), 0o600); err != nil {
			t.Fatal(err)
		}
		if lock {
			lockPath := filepath.Join(path, scratchLock)
			if err := os.WriteFile(lockPath, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(lockPath, modified, modified); err != nil {
				t.Fatal(err)
			}
		}
		return path
	}
	dead := dir("dead", true, old)
	young := dir("young", true, time.Now())
	unlocked := dir("nolock", false, old)
	live := dir("live", true, old)
	// A live engine's lock: flock conflicts between two opens of a file
	// even in one process, as between processes.
	held, err := os.Open(filepath.Join(live, scratchLock))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := syscall.Flock(int(held.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}

	root := t.TempDir()
	writeLake(t, root, smallTrail(), smallFlows())
	e, err := Open(context.Background(), Options{Lake: root, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	own := e.scratch.path
	exists := func(path string) bool {
		_, err := os.Stat(path)
		return err == nil
	}
	if exists(dead) {
		t.Errorf("the dir of a gone process, %s, is still there", dead)
	}
	for _, kept := range []string{young, unlocked, live, own} {
		if !exists(kept) {
			t.Errorf("%s was removed", kept)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if exists(own) {
		t.Errorf("Close left its dir %s", own)
	}
}
