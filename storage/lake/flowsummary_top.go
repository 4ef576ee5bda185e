package lake

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/parquet-go/parquet-go"
)

// SummarizedFlowFile is a flow data file and its summary.
type SummarizedFlowFile struct {
	Path    string
	Summary *FlowSummary
}

// SummarizedFlowFiles returns the flow data files of the window [from,
// to) in the partitions of account and region ("" is any), with their
// summaries. It answers false when the summaries cannot stand for the
// window's flows: a file without a summary, or one that the window cuts
// through (the flows of a file the window holds whole are all in it).
func SummarizedFlowFiles(root string, from, to time.Time, account, region string) ([]SummarizedFlowFile, bool, error) {
	paths, err := ListWindowFiles(root, VPCFlow, from, to)
	if err != nil {
		return nil, false, err
	}
	fromMs, toMs := ceilMs(from), ceilMs(to)
	var files []SummarizedFlowFile
	for _, path := range paths {
		p, ok := PartitionOf(root, VPCFlow, path)
		if !ok {
			return nil, false, nil
		}
		if (account != "" && p.AccountID != account) || (region != "" && p.Region != region) {
			continue
		}
		s, err := ReadFlowSummary(root, VPCFlow, path)
		if err != nil || s == nil {
			return nil, false, err
		}
		switch {
		case s.MaxTime < fromMs || s.MinTime >= toMs:
			continue // no flow of the file is in the window
		case s.MinTime < fromMs || s.MaxTime >= toMs:
			return nil, false, nil
		}
		files = append(files, SummarizedFlowFile{Path: path, Summary: s})
	}
	return files, true, nil
}

// ceilMs is the first whole millisecond at or after t: time_dt >= t holds
// for a time in ms exactly when it is >= ceilMs(t), and time_dt < t when
// it is < ceilMs(t).
func ceilMs(t time.Time) int64 {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	return ms
}

// maxFlowResolutions caps the (group, file) pairs TopFlowGroups counts
// from the flows; past it the panel reads the flows itself.
const maxFlowResolutions = 4000

// TopFlowGroups returns the groups of ranking r over the flows of files
// that rank among the first n by r's measure, with their exact measures,
// and those tied with the nth: ordering what it returns as the panel
// orders its groups, and keeping n, gives the panel's rows. It answers
// false when the summaries cannot decide which groups those are.
func TopFlowGroups(r FlowRanking, files []SummarizedFlowFile, n int) ([]FlowGroup, bool, error) {
	// combine adds a file's part of a measure to the rest: bytes add up,
	// the latest time is the latest of the files'.
	combine := func(a, b int64) int64 {
		if r == FlowAdmin {
			return max(a, b)
		}
		return max(a, 0) + max(b, 0)
	}
	type candidate struct {
		key     string
		group   FlowGroup
		listed  []bool // by file
		pending []int  // files that may hold the group unlisted
		upper   int64
		below   bool // cannot rank among the first n
	}
	cands := map[string]*candidate{}
	unseen, partial := int64(math.MinInt64), false // bounds a group no file lists
	for fi, f := range files {
		rf := &f.Summary.Rankings[r]
		if rf.Partial {
			unseen, partial = combine(unseen, rf.Cut), true
		}
		for i := range rf.Groups {
			g := &rf.Groups[i]
			k := flowKey(g.Key)
			c := cands[k]
			if c == nil {
				c = &candidate{key: k, group: FlowGroup{Key: g.Key}, listed: make([]bool, len(files))}
				cands[k] = c
			}
			c.group.merge(g)
			c.listed[fi] = true
		}
	}
	// The nth best lower bound: a group whose upper bound is below it
	// cannot rank among the first n. The upper bound adds the cut of every
	// file that does not list the group, then of those whose filters say
	// they may hold it.
	lower := make([]int64, 0, len(cands))
	for _, c := range cands {
		lower = append(lower, r.measure(&c.group))
	}
	slices.SortFunc(lower, func(a, b int64) int { return cmp.Compare(b, a) })
	threshold := int64(math.MinInt64)
	if len(lower) >= n {
		threshold = lower[n-1]
	}
	bound := unseen
	byFile := map[int][]*candidate{}
	var work int
	for _, c := range cands {
		upper := r.measure(&c.group)
		for fi, f := range files {
			if rf := &f.Summary.Rankings[r]; rf.Partial && !c.listed[fi] {
				upper = combine(upper, rf.Cut)
			}
		}
		if upper >= threshold {
			upper = r.measure(&c.group)
			hash := flowKeyHash(c.key)
			for fi, f := range files {
				if rf := &f.Summary.Rankings[r]; !c.listed[fi] && rf.mayHold(hash) {
					c.pending = append(c.pending, fi)
					upper = combine(upper, rf.Cut)
				}
			}
		}
		if upper < threshold {
			c.below, bound = true, max(bound, upper)
			continue
		}
		for _, fi := range c.pending {
			byFile[fi] = append(byFile[fi], c)
		}
		work += len(c.pending)
	}
	if work > maxFlowResolutions {
		return nil, false, nil
	}
	// Count the groups that may rank from the flows of the files that may
	// hold them unlisted, a file at a time.
	for fi, cs := range byFile {
		parts, err := countFlowGroups(r, files[fi].Path, cs, func(c *candidate) []string { return c.group.Key })
		if err != nil {
			return nil, false, err
		}
		for i, c := range cs {
			c.group.merge(&parts[i])
		}
	}
	var exact []FlowGroup
	for _, c := range cands {
		if !c.below {
			c.group.finish()
			exact = append(exact, c.group)
		}
	}
	exact = slices.DeleteFunc(exact, func(g FlowGroup) bool { return partial && r.measure(&g) <= bound })
	if partial && len(exact) < n {
		return nil, false, nil
	}
	slices.SortFunc(exact, func(a, b FlowGroup) int { return cmp.Compare(r.measure(&b), r.measure(&a)) })
	if len(exact) > n {
		last := r.measure(&exact[n-1])
		exact = slices.DeleteFunc(exact, func(g FlowGroup) bool { return r.measure(&g) < last })
	}
	return exact, true, nil
}

// countFlowGroups counts, from the flows of the data file at path, the
// groups of ranking r with the keys of items, in the same order: only the
// row groups whose bloom filters may hold each address of a key are read,
// and of them only the columns r needs.
func countFlowGroups[T any](r FlowRanking, path string, items []T, keyOf func(T) []string) ([]FlowGroup, error) {
	flowResolutions.Add(1)
	keys := make([][]string, len(items))
	byFirst := map[string][]int{} // a key's first value is compared first
	for i, it := range items {
		keys[i] = keyOf(it)
		byFirst[keys[i][0]] = append(byFirst[keys[i][0]], i)
	}
	pick := func(f *os.File, pf *parquet.File) ([]bool, error) {
		var leaves []int
		for _, col := range flowKeyColumns[r] {
			leaf, ok := pf.Schema().Lookup(strings.Split(col, ".")...)
			if !ok {
				return nil, nil // no filters: read every row group
			}
			leaves = append(leaves, leaf.ColumnIndex)
		}
		picked := make([]bool, len(pf.RowGroups()))
		for g, rg := range pf.RowGroups() {
			filters := make([]*parquet.FileBloomFilter, len(leaves))
			for j, leaf := range leaves {
				chunk, ok := rg.ColumnChunks()[leaf].(*parquet.FileColumnChunk)
				if !ok {
					continue
				}
				filter, err := chunk.BloomFilterFrom(f)
				if err != nil && !errors.Is(err, parquet.ErrMissingBloomFilter) {
					return nil, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
				}
				filters[j] = filter
			}
			for _, key := range keys {
				held := true
				for j, filter := range filters {
					if filter == nil || key[j] == "" { // NULL is in no filter
						continue
					}
					if in, err := filter.Check(parquet.ByteArrayValue([]byte(key[j]))); err != nil {
						return nil, fmt.Errorf("cannot read bloom filter of %s: %w", path, err)
					} else if !in {
						held = false
						break
					}
				}
				if held {
					picked[g] = true
					break
				}
			}
		}
		return picked, nil
	}
	accs := make([]groupAcc, len(items))
	sources := make([][]string, len(items))
	var buf []string
	err := readFlowFacts(path, pick, flowRankingColumns[r], nil, func(f *flowFacts) {
		key, ok := r.key(f, buf)
		buf = key
		if !ok {
			return
		}
		for _, i := range byFirst[key[0]] {
			if slices.Equal(keys[i], key) {
				accs[i].add(r, f)
				if r == FlowEgress {
					sources[i] = addSource(sources[i], f.SrcIP)
				}
			}
		}
	})
	parts := make([]FlowGroup, len(items))
	for i := range accs {
		accs[i].key = keys[i]
		parts[i] = accs[i].group(sources[i])
	}
	return parts, err
}

// flowResolutions counts the files countFlowGroups read, for tests.
var flowResolutions atomic.Int64

// flowRankingColumns are the flowFactColumns a ranking reads, by index.
var flowRankingColumns = [flowRankings][]int{
	FlowTalkers: {factSrcIP, factDstIP, factBytes},
	FlowEgress:  {factSrcIP, factDstIP, factBytes, factAction},
	FlowAdmin:   {factSrcIP, factDstIP, factPort, factTime, factAction},
}

// flowKeyColumns are the columns of a ranking's key that have bloom
// filters in the data files, in the key's order.
var flowKeyColumns = [flowRankings][]string{
	FlowTalkers: {"src_endpoint.ip", "dst_endpoint.ip"},
	FlowEgress:  {"dst_endpoint.ip"},
	FlowAdmin:   {"src_endpoint.ip", "dst_endpoint.ip"},
}

// FlowBucket is the bytes of one action over one bucket of time.
type FlowBucket struct {
	Bucket   int64 // the bucket's number, counted from the window's start
	Action   string
	Bytes    int64
	HasBytes bool
}

// FlowTraffic sums the traffic of files by action and bucket of bucket,
// counted from start. Its minutes bucket exactly only when start and
// bucket are whole minutes; it answers false otherwise.
func FlowTraffic(files []SummarizedFlowFile, start time.Time, bucket time.Duration) ([]FlowBucket, bool) {
	if start.UnixNano()%int64(time.Minute) != 0 || bucket <= 0 || bucket%time.Minute != 0 {
		return nil, false
	}
	type key struct {
		bucket int64
		action string
	}
	sums := map[key]*FlowBucket{}
	startMs, bucketMs := start.UnixMilli(), bucket.Milliseconds()
	for _, f := range files {
		for _, m := range f.Summary.Traffic {
			k := key{(m.Minute - startMs) / bucketMs, m.Action}
			b := sums[k]
			if b == nil {
				b = &FlowBucket{Bucket: k.bucket, Action: m.Action}
				sums[k] = b
			}
			b.Bytes += m.Bytes
			b.HasBytes = b.HasBytes || m.HasBytes
		}
	}
	out := make([]FlowBucket, 0, len(sums))
	for _, b := range sums {
		out = append(out, *b)
	}
	return out, true
}

// FlowRejected sums the rejected flows of files by destination port.
func FlowRejected(files []SummarizedFlowFile) []FlowPort {
	sums := map[portKey]int64{}
	for _, f := range files {
		for _, p := range f.Summary.Rejected {
			sums[portKey{p.Port, p.HasPort}] += p.Flows
		}
	}
	out := make([]FlowPort, 0, len(sums))
	for k, n := range sums {
		out = append(out, FlowPort{Port: k.port, HasPort: k.has, Flows: n})
	}
	return out
}
