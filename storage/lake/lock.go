package lake

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// metaDir holds lakehunt's own state beside the Security Lake tree: the
// manifest of commits, pending transactions and dedup keys. It is outside
// aws/, so no glob over the tables ever sees it.
const metaDir = "_lakehunt"

// lockFile takes the writer lock: one ingest or maintenance process at a
// time per lake. Readers never take it.
func lockFile(root string) (*os.File, error) {
	path := filepath.Join(root, metaDir, "lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lake %s is being written by another lakehunt process", root)
		}
		return nil, fmt.Errorf("cannot lock lake: %w", err)
	}
	return f, nil
}
