package ingest

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// keyIndex is the set of dedup keys per partition of each table: the
// committed ones, loaded when a partition is first touched, plus those of
// this run. Keys are kept per table as the lake keeps them: an event's
// table follows from its content, so the same event always meets its
// earlier copy in the same table.
//
// Memory is about 36 bytes a key (BenchmarkKeyIndexBytesPerKey, 2-core
// Intel Xeon), so a run that kept every partition it touched grew with its
// input: 'lakehunt bench --scale large' (20M
// CloudTrail events) peaked at 1.8 GiB against 0.86 GiB for 5M. Past
// budget keys, trim drops the partitions least recently touched whose keys
// are all committed: their sidecars then hold every key, and a partition
// touched again is read back from them. Sources arrive in path order, a
// day after another, so a dropped partition is seldom read twice.
type keyIndex struct {
	root   string
	budget int

	mu    sync.Mutex
	parts map[lake.Place]*partKeys
	keys  int   // in every set of parts
	clock int64 // trims so far
}

// partKeys are the keys of one partition.
type partKeys struct {
	set map[[16]byte]struct{}
	// pending counts the keys this run added that no commit holds yet: the
	// sidecars lack them, so the partition cannot be dropped.
	pending int
	touched int64 // clock of the last add
}

// defaultKeyBudget bounds the keys of partitions no row in flight needs:
// about 36 MiB. A CloudTrail partition (an account's region's day) holds
// tens of thousands of events.
const defaultKeyBudget = 1 << 20

func newKeyIndex(root string, budget int) *keyIndex {
	return &keyIndex{root: root, budget: cmp.Or(budget, defaultKeyBudget), parts: map[lake.Place]*partKeys{}}
}

// add records key and reports whether it was new.
func (k *keyIndex) add(p lake.Place, key [16]byte) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	part, ok := k.parts[p]
	if !ok {
		table, found := lake.TableBySource(p.Table)
		if !found {
			return false, fmt.Errorf("no lake table %s", p.Table)
		}
		loaded, err := lake.CommittedKeys(k.root, table, p.Part)
		if err != nil {
			return false, fmt.Errorf("cannot read dedup keys of %s %s: %w", p.Table, p.Part.Path(), err)
		}
		part = &partKeys{set: loaded}
		k.parts[p] = part
		k.keys += len(loaded)
	}
	part.touched = k.clock
	if _, dup := part.set[key]; dup {
		return false, nil
	}
	part.set[key] = struct{}{}
	part.pending++
	k.keys++
	return true, nil
}

// committed records that a commit holds the keys of rows, by partition,
// and trims the index to its budget.
func (k *keyIndex) committed(rows map[lake.Place]int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for p, n := range rows {
		if part, ok := k.parts[p]; ok {
			part.pending -= n
		}
	}
	k.trim()
}

// trim drops partitions, least recently touched first, while the index
// holds more than its budget. A partition touched since the last trim is
// kept: it is likely still filling.
func (k *keyIndex) trim() {
	defer func() { k.clock++ }()
	if k.keys <= k.budget {
		return
	}
	var idle []lake.Place
	for p, part := range k.parts {
		if part.pending == 0 && part.touched < k.clock {
			idle = append(idle, p)
		}
	}
	slices.SortFunc(idle, func(a, b lake.Place) int { return cmp.Compare(k.parts[a].touched, k.parts[b].touched) })
	for _, p := range idle {
		if k.keys <= k.budget {
			return
		}
		k.keys -= len(k.parts[p].set)
		delete(k.parts, p)
	}
}
