package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// An engine keeps its private files in a scratch dir of the system's temp
// dir: DuckDB's spill files and the sorted copy of a window (cache.go),
// which for a month of the medium bench is gigabytes. Close removes it,
// but a process killed with SIGKILL, or by the kernel out of memory,
// cannot, so every engine holds a lock on a file in its dir while open,
// and Open removes the dirs whose lock it can take: their process is gone.
// A lock (flock) ends with its process whoever reads it, unlike a process
// id, which a container's /tmp shared with another PID namespace or a
// reused id would misread.
const (
	scratchPrefix = "lakehunt-engine-"
	scratchLock   = "owner.lock"
)

// scratchGrace is how old a lock file must be before Open removes its dir:
// an engine creates its dir and then locks it, and a dir caught between
// the two is not a dead one.
const scratchGrace = time.Minute

// scratchDir is an engine's locked private temp dir.
type scratchDir struct {
	path string
	lock *os.File
}

// newScratchDir removes the scratch dirs that dead processes left, then
// creates and locks a dir of its own.
func newScratchDir() (*scratchDir, error) {
	sweepScratchDirs(os.TempDir(), time.Now())
	path, err := os.MkdirTemp("", scratchPrefix)
	if err != nil {
		return nil, fmt.Errorf("cannot create engine temp dir: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(path, scratchLock), os.O_CREATE|os.O_RDWR, 0o600)
	if err == nil {
		if err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			lock.Close()
		}
	}
	if err != nil {
		os.RemoveAll(path)
		return nil, fmt.Errorf("cannot lock engine temp dir %s: %w", path, err)
	}
	return &scratchDir{path: path, lock: lock}, nil
}

// remove deletes the dir, then lets its lock go.
func (s *scratchDir) remove() error {
	return errors.Join(os.RemoveAll(s.path), s.lock.Close())
}

// sweepScratchDirs removes the scratch dirs in tempDir whose lock no
// process holds and whose lock file is older than scratchGrace. A dir it
// cannot judge (no lock file, unreadable) is left alone; so is any error:
// sweeping is housekeeping, and the engine opens without it.
func sweepScratchDirs(tempDir string, now time.Time) {
	entries, err := os.ReadDir(tempDir)
	if err != nil {
		return
	}
	for _, entry := range entries {
		if !entry.IsDir() || !strings.HasPrefix(entry.Name(), scratchPrefix) {
			continue
		}
		dir := filepath.Join(tempDir, entry.Name())
		lock, err := os.OpenFile(filepath.Join(dir, scratchLock), os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if info, err := lock.Stat(); err == nil && now.Sub(info.ModTime()) >= scratchGrace &&
			syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.RemoveAll(dir)
		}
		lock.Close()
	}
}
