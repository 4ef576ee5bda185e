package ingest

import (
	"fmt"
	"sync"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// keyIndex is the set of dedup keys per partition: the committed ones,
// loaded when a partition is first touched, plus those of this run.
// Memory is about 40 bytes per event of the partitions a run touches.
type keyIndex struct {
	root  string
	table lake.Table

	mu    sync.Mutex
	parts map[lake.Partition]map[[16]byte]struct{}
}

func newKeyIndex(root string, t lake.Table) *keyIndex {
	return &keyIndex{root: root, table: t, parts: map[lake.Partition]map[[16]byte]struct{}{}}
}

// add records key and reports whether it was new.
func (k *keyIndex) add(p lake.Partition, key [16]byte) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	set, ok := k.parts[p]
	if !ok {
		loaded, err := lake.CommittedKeys(k.root, k.table, p)
		if err != nil {
			return false, fmt.Errorf("cannot read dedup keys of %s: %w", p.Path(), err)
		}
		set = loaded
		k.parts[p] = set
	}
	if _, dup := set[key]; dup {
		return false, nil
	}
	set[key] = struct{}{}
	return true, nil
}
