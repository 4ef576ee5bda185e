package ingest

import (
	"fmt"
	"sync"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// keyIndex is the set of dedup keys per partition of each table: the
// committed ones, loaded when a partition is first touched, plus those of
// this run. Memory is about 40 bytes per event of the partitions a run
// touches. Keys are kept per table as the lake keeps them: an event's
// table follows from its content, so the same event always meets its
// earlier copy in the same table.
type keyIndex struct {
	root string

	mu    sync.Mutex
	parts map[lake.Place]map[[16]byte]struct{}
}

func newKeyIndex(root string) *keyIndex {
	return &keyIndex{root: root, parts: map[lake.Place]map[[16]byte]struct{}{}}
}

// add records key and reports whether it was new.
func (k *keyIndex) add(p lake.Place, key [16]byte) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	set, ok := k.parts[p]
	if !ok {
		table, found := lake.TableBySource(p.Table)
		if !found {
			return false, fmt.Errorf("no lake table %s", p.Table)
		}
		loaded, err := lake.CommittedKeys(k.root, table, p.Part)
		if err != nil {
			return false, fmt.Errorf("cannot read dedup keys of %s %s: %w", p.Table, p.Part.Path(), err)
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
