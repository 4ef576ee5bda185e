package lake

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/bloom"
	"github.com/parquet-go/parquet-go/bloom/xxhash"
)

// Flow summaries: for each data file of the flow table, the groups that
// the console's three costliest flow panels rank (top talkers, egress to
// the internet, admin ports reached from the internet), the best
// flowSummaryTop of each, the measure of the best one left out, and a
// bloom filter of every group's key. They are written beside the manifest
// when the file is, and committed with it (FileEntry.Summary).
//
// Why: over the 50M flows of the medium bench lake those three panels
// cost 47 CPU-s, and reading the two address columns alone 6.4 CPU-s, so
// no exact query of the flows fits the console's 5 s on two cores. From
// the summaries, TopFlowGroups answers the same question exactly, or says
// it cannot (then the panel reads the flows): a group left out of every
// file's list is bounded by the sum (or, for a latest time, the maximum)
// of the files' cuts, and a listed group that a file's filter says it may
// hold unlisted is counted from the rows of that file that can hold it.

// FlowRanking names one ranked grouping of flows.
type FlowRanking int

const (
	// FlowTalkers groups every flow by (source, destination) address,
	// ranked by bytes.
	FlowTalkers FlowRanking = iota
	// FlowEgress groups allowed flows from a private to a public address
	// by destination, ranked by bytes, with the distinct sources.
	FlowEgress
	// FlowAdmin groups flows from a public address to an admin port by
	// (source, destination, port, action), ranked by their latest time.
	FlowAdmin
	flowRankings
)

// AdminPorts are the ports FlowAdmin counts: SSH, RDP, WinRM and telnet.
var AdminPorts = []int32{22, 3389, 5985, 5986, 23}

// PrivateIPPattern matches the addresses that are not on the internet:
// RFC 1918, loopback, link-local, carrier-grade NAT and IPv6 unique-local
// and link-local. The engine's lh_private_ip macro is this pattern, so the
// summaries and the SQL they stand for agree on every address.
const PrivateIPPattern = `^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|127\.|169\.254\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|(?i:f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:|::1$))`

// flowSummaryTop is how many groups a ranking keeps per file. On the
// medium bench lake (64 flow files) the cuts of 1,000 talkers sum to
// 0.64 GB, under the 2.3 GB of the hundredth pair, so no pair left out
// everywhere can reach the panel; the cuts of 1,000 egress destinations
// sum to 178 MB, over the 125 MB of the hundredth destination, those of
// 5,000 to 47 MB.
var flowSummaryTop = [flowRankings]int{FlowTalkers: 1000, FlowEgress: 5000, FlowAdmin: 1000}

const flowSummaryVersion = 2

// flowSummaryBitsPerKey sizes the key filters: about 1% false positives.
const flowSummaryBitsPerKey = 10

// FlowSummary is the summary of one flow data file.
type FlowSummary struct {
	Version int
	// MinTime and MaxTime are the file's first and last time_dt, in ms.
	MinTime, MaxTime int64
	Rankings         [flowRankings]RankedFlows
	// Traffic is the bytes of every minute and action, by time.
	Traffic []FlowMinute
	// Rejected is the flows with action Denied, by destination port.
	Rejected []FlowPort
}

// FlowMinute is the flows of one minute and action (NULL is "").
type FlowMinute struct {
	Minute   int64 // ms
	Action   string
	Bytes    int64
	HasBytes bool
}

// FlowPort is the count of flows to one port (none when !HasPort).
type FlowPort struct {
	Port    int32
	HasPort bool
	Flows   int64
}

// RankedFlows is one ranking of a file's groups.
type RankedFlows struct {
	// Groups are the best groups, best first.
	Groups []FlowGroup
	// Partial tells that groups were left out; Cut is then the measure of
	// the best of them, and Present a split-block bloom filter of the keys
	// of every group of the file (flowKeyHash).
	Partial bool
	Cut     int64
	Present []byte
}

// FlowGroup is one group's key and measures. A NULL key value is "":
// the writer stores an empty optional string as NULL, so no flow holds an
// empty address or action.
type FlowGroup struct {
	Key []string
	// Bytes is the sum of the bytes, valid when HasBytes (a group whose
	// flows all lack bytes sums to NULL).
	Bytes    int64
	HasBytes bool
	Flows    int64
	// Last is the latest time_dt, in ms (FlowAdmin; 0 for the others).
	Last int64
	// Sources are the distinct source addresses (FlowEgress), sorted.
	Sources []string
}

// measure is what a ranking orders groups by: bytes (a NULL sum below
// every number) or the latest time.
func (r FlowRanking) measure(g *FlowGroup) int64 { return r.measureOf(g.HasBytes, g.Bytes, g.Last) }

func (r FlowRanking) measureOf(hasBytes bool, bytes, last int64) int64 {
	if r == FlowAdmin {
		return last
	}
	if !hasBytes {
		return -1
	}
	return bytes
}

// flowFacts are the columns the summaries read of a flow. The strings
// point into the Parquet page being read: whatever outlives the call that
// gets them is cloned.
type flowFacts struct {
	SrcIP, DstIP, Action string
	DstPort              int32
	HasPort              bool
	Bytes                int64
	HasBytes             bool
	TimeDt               int64 // ms
}

// flowFactColumns are the leaf columns flowFacts come from, by the
// indexes below.
var flowFactColumns = [][]string{{"src_endpoint", "ip"}, {"dst_endpoint", "ip"}, {"dst_endpoint", "port"},
	{"traffic", "bytes"}, {"time_dt"}, {"action"}}

const (
	factSrcIP = iota
	factDstIP
	factPort
	factBytes
	factTime
	factAction
)

// allFlowFacts reads every column of flowFactColumns.
var allFlowFacts = []int{factSrcIP, factDstIP, factPort, factBytes, factTime, factAction}

// key is the flow's key in ranking r, and whether r counts the flow.
func (r FlowRanking) key(f *flowFacts, buf []string) ([]string, bool) {
	switch r {
	case FlowTalkers:
		return append(buf[:0], f.SrcIP, f.DstIP), true
	case FlowEgress:
		if f.Action != "Allowed" || f.SrcIP == "" || f.DstIP == "" || !isPrivateIP(f.SrcIP) || isPrivateIP(f.DstIP) {
			return nil, false
		}
		return append(buf[:0], f.DstIP), true
	default:
		if !f.HasPort || !slices.Contains(AdminPorts, f.DstPort) || f.SrcIP == "" || isPrivateIP(f.SrcIP) {
			return nil, false
		}
		return append(buf[:0], f.SrcIP, f.DstIP, strconv.Itoa(int(f.DstPort)), f.Action), true
	}
}

// groupAcc is a group being counted: a FlowGroup without its sources,
// which egress alone has (groupTable.sources). A flow file has groups by
// the hundred thousand, and a FlowGroup is half as large again.
type groupAcc struct {
	key                []string
	bytes, flows, last int64
	hasBytes           bool
}

// add counts the flow into the group.
func (a *groupAcc) add(r FlowRanking, f *flowFacts) {
	if f.HasBytes {
		a.bytes += f.Bytes
		a.hasBytes = true
	}
	if r == FlowAdmin && (a.flows == 0 || f.TimeDt > a.last) {
		a.last = f.TimeDt
	}
	a.flows++
}

// group is the counted group, with its sources.
func (a *groupAcc) group(sources []string) FlowGroup {
	g := FlowGroup{Key: a.key, Bytes: a.bytes, HasBytes: a.hasBytes, Flows: a.flows, Last: a.last, Sources: sources}
	g.finish()
	return g
}

// addSource adds a flow's source to sources (made distinct by finish).
func addSource(sources []string, ip string) []string {
	if n := len(sources); n > 0 && sources[n-1] == ip {
		return sources
	}
	return append(sources, strings.Clone(ip))
}

// merge adds another part of the same group.
func (g *FlowGroup) merge(o *FlowGroup) {
	if o.Flows == 0 {
		return
	}
	if g.Flows == 0 || o.Last > g.Last {
		g.Last = o.Last
	}
	g.Bytes += o.Bytes
	g.HasBytes = g.HasBytes || o.HasBytes
	g.Flows += o.Flows
	g.Sources = append(g.Sources, o.Sources...)
}

// finish makes the sources distinct and sorted.
func (g *FlowGroup) finish() { g.Sources = distinct(g.Sources) }

func distinct(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// flowKey joins a key's values; flowKeyHash hashes that.
func flowKey(key []string) string { return strings.Join(key, "\x00") }

func flowKeyHash(key string) uint64 { return xxhash.Sum64([]byte(key)) }

// groupTable holds a ranking's groups as flows arrive. Groups are found
// by a hash of their key, checked against the key, so that a flow costs
// no allocation unless it starts a group.
type groupTable struct {
	r     FlowRanking
	seed  maphash.Seed
	index map[uint64]int32
	spill map[string]int32 // keys whose hash another key took
	accs  []groupAcc
	// sources are each group's sources, for FlowEgress, and distinct how
	// many were distinct when last made so.
	sources  [][]string
	distinct []int32
	// text and keys hold the groups' keys in large blocks instead of an
	// allocation per group.
	text []byte
	keys []string
}

// newGroupTable sizes the table for about size groups.
func newGroupTable(r FlowRanking, size int) *groupTable {
	return &groupTable{r: r, seed: maphash.MakeSeed(), index: make(map[uint64]int32, size), spill: map[string]int32{},
		accs: make([]groupAcc, 0, size)}
}

// add counts the flow into the group of key.
func (t *groupTable) add(key []string, f *flowFacts) {
	var h maphash.Hash
	h.SetSeed(t.seed)
	for _, k := range key {
		h.WriteString(k)
		h.WriteByte(0)
	}
	sum := h.Sum64()
	i, ok := t.index[sum]
	switch {
	case !ok:
		i = t.newGroup(key)
		t.index[sum] = i
	case !slices.Equal(t.accs[i].key, key):
		k := flowKey(key)
		if i, ok = t.spill[k]; !ok {
			i = t.newGroup(key)
			t.spill[strings.Clone(k)] = i
		}
	}
	t.accs[i].add(t.r, f)
	if t.r == FlowEgress {
		t.sources[i] = addSource(t.sources[i], f.SrcIP)
		if len(t.sources[i]) >= 2*max(int(t.distinct[i]), 32) {
			t.sources[i] = distinct(t.sources[i]) // keeps a busy destination's list short
			t.distinct[i] = int32(len(t.sources[i]))
		}
	}
}

func (t *groupTable) newGroup(key []string) int32 {
	const block = 1 << 16
	if len(t.keys)+len(key) > cap(t.keys) {
		t.keys = make([]string, 0, block)
	}
	n := len(t.keys)
	for _, k := range key {
		if len(t.text)+len(k) > cap(t.text) {
			t.text = make([]byte, 0, max(block*16, len(k)))
		}
		t.text = append(t.text, k...)
		if len(k) == 0 {
			t.keys = append(t.keys, "")
			continue
		}
		own := t.text[len(t.text)-len(k):]
		t.keys = append(t.keys, unsafe.String(&own[0], len(own)))
	}
	t.accs = append(t.accs, groupAcc{key: t.keys[n:len(t.keys):len(t.keys)]})
	if t.r == FlowEgress {
		t.sources = append(t.sources, nil)
		t.distinct = append(t.distinct, 0)
	}
	return int32(len(t.accs) - 1)
}

// group is the ith group, counted.
func (t *groupTable) group(i int32) FlowGroup {
	var sources []string
	if t.r == FlowEgress {
		sources = t.sources[i]
	}
	return t.accs[i].group(sources)
}

// SummarizeFlowFile reads the flow data file at path and summarizes it.
func SummarizeFlowFile(path string) (*FlowSummary, error) {
	var tables [flowRankings]*groupTable
	s := &FlowSummary{Version: flowSummaryVersion}
	first := true
	var key []string
	traffic := map[minuteKey]*FlowMinute{}
	rejected := map[portKey]int64{}
	// The medium bench's flow files hold up to three quarters as many pairs as
	// flows, an eighth as many destinations of egress.
	sized := func(rows int64) {
		tables[FlowTalkers] = newGroupTable(FlowTalkers, int(rows*3/4))
		tables[FlowEgress] = newGroupTable(FlowEgress, int(rows/8))
		tables[FlowAdmin] = newGroupTable(FlowAdmin, int(rows/64))
	}
	err := readFlowFacts(path, nil, allFlowFacts, sized, func(f *flowFacts) {
		if first || f.TimeDt < s.MinTime {
			s.MinTime = f.TimeDt
		}
		if first || f.TimeDt > s.MaxTime {
			s.MaxTime = f.TimeDt
		}
		first = false
		minute := f.TimeDt - f.TimeDt%60_000
		if f.TimeDt < 0 && f.TimeDt%60_000 != 0 {
			minute -= 60_000
		}
		m := traffic[minuteKey{minute, f.Action}]
		if m == nil {
			m = &FlowMinute{Minute: minute, Action: strings.Clone(f.Action)}
			traffic[minuteKey{minute, m.Action}] = m
		}
		if f.HasBytes {
			m.Bytes += f.Bytes
			m.HasBytes = true
		}
		if f.Action == "Denied" {
			rejected[portKey{f.DstPort, f.HasPort}]++
		}
		for r, t := range tables {
			var ok bool
			if key, ok = FlowRanking(r).key(f, key); ok {
				t.add(key, f)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for r, t := range tables {
		s.Rankings[r] = rankFlowGroups(t)
	}
	for _, m := range traffic {
		s.Traffic = append(s.Traffic, *m)
	}
	slices.SortFunc(s.Traffic, func(a, b FlowMinute) int {
		return cmp.Or(cmp.Compare(a.Minute, b.Minute), strings.Compare(a.Action, b.Action))
	})
	for k, n := range rejected {
		s.Rejected = append(s.Rejected, FlowPort{Port: k.port, HasPort: k.has, Flows: n})
	}
	slices.SortFunc(s.Rejected, func(a, b FlowPort) int { return cmp.Compare(a.Port, b.Port) })
	return s, nil
}

type minuteKey struct {
	minute int64
	action string
}

type portKey struct {
	port int32
	has  bool
}

// rankFlowGroups keeps the best flowSummaryTop groups of the table, and
// the filter of all keys when some are left out.
func rankFlowGroups(t *groupTable) RankedFlows {
	r := t.r
	measure := func(i int32) int64 { a := &t.accs[i]; return r.measureOf(a.hasBytes, a.bytes, a.last) }
	better := func(i, j int32) int {
		if c := cmp.Compare(measure(j), measure(i)); c != 0 {
			return c
		}
		return slices.Compare(t.accs[j].key, t.accs[i].key)
	}
	// The best flowSummaryTop+1 by a heap of the best so far, worst on top.
	keep := flowSummaryTop[r] + 1
	best := make([]int32, 0, min(keep, len(t.accs)))
	for i := range int32(len(t.accs)) {
		if len(best) < keep {
			best = append(best, i)
			heapUp(best, len(best)-1, better)
			continue
		}
		if better(i, best[0]) < 0 {
			best[0] = i
			heapDown(best, 0, better)
		}
	}
	slices.SortFunc(best, better)
	var ranked RankedFlows
	for n, i := range best {
		if n == flowSummaryTop[r] {
			ranked.Partial = true
			ranked.Cut = max(measure(i), 0)
			break
		}
		ranked.Groups = append(ranked.Groups, t.group(i))
	}
	if ranked.Partial {
		filter := make(bloom.SplitBlockFilter, bloom.NumSplitBlocksOf(int64(len(t.accs)), flowSummaryBitsPerKey))
		for i := range t.accs {
			filter.Insert(flowKeyHash(flowKey(t.accs[i].key)))
		}
		ranked.Present = filter.Bytes()
	}
	return ranked
}

// heapUp and heapDown keep h a heap whose top is the worst by better.
func heapUp(h []int32, i int, better func(a, b int32) int) {
	for i > 0 {
		parent := (i - 1) / 2
		if better(h[i], h[parent]) <= 0 {
			return
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

func heapDown(h []int32, i int, better func(a, b int32) int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && better(h[l], h[worst]) > 0 {
			worst = l
		}
		if r < len(h) && better(h[r], h[worst]) > 0 {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// mayHold tells whether the file may hold a group of the key unlisted.
func (rf *RankedFlows) mayHold(keyHash uint64) bool {
	if !rf.Partial {
		return false
	}
	return bloom.MakeSplitBlockFilter(rf.Present).Check(keyHash)
}

// readFlowFacts calls each with every flow of the file at path, or, when
// pick is not nil, of the row groups it picks (all when it picks nil),
// with the columns of flowFactColumns listed in columns and NULL in the
// others. sized, if not nil, learns the file's rows first. It reads the
// columns page by page: decoding rows into structs cost ten times more.
func readFlowFacts(path string, pick func(*os.File, *parquet.File) ([]bool, error), columns []int, sized func(rows int64), each func(*flowFacts)) error {
	f, pf, err := openParquet(path, footerOnly...)
	if err != nil {
		return err
	}
	defer f.Close()
	if sized != nil {
		sized(pf.NumRows())
	}
	leaves := make([]int, len(flowFactColumns))
	for i, col := range flowFactColumns {
		leaves[i] = -1 // not read, or a file without the column: NULL
		if !slices.Contains(columns, i) {
			continue
		}
		if leaf, ok := pf.Schema().Lookup(col...); ok {
			leaves[i] = leaf.ColumnIndex
		}
	}
	var picked []bool
	if pick != nil {
		if picked, err = pick(f, pf); err != nil {
			return err
		}
	}
	const batch = 4096
	values := make([][]parquet.Value, len(leaves))
	for i := range values {
		values[i] = make([]parquet.Value, batch)
	}
	for g, rg := range pf.RowGroups() {
		n := rg.NumRows()
		if picked != nil && !picked[g] {
			continue
		}
		cursors := make([]columnCursor, len(leaves))
		for i, leaf := range leaves {
			if leaf >= 0 {
				cursors[i].pages = rg.ColumnChunks()[leaf].Pages()
			}
		}
		var facts flowFacts
		for done := int64(0); done < n; done += batch {
			k := int(min(batch, n-done))
			for i := range cursors {
				if err := cursors[i].read(values[i][:k]); err != nil {
					closeCursors(cursors)
					return fmt.Errorf("cannot read flows of %s: %w", path, err)
				}
			}
			for j := range k {
				facts = flowFacts{
					SrcIP: pageString(values[factSrcIP][j]), DstIP: pageString(values[factDstIP][j]), Action: pageString(values[factAction][j]),
					TimeDt: values[factTime][j].Int64(),
				}
				if v := values[factPort][j]; !v.IsNull() {
					facts.DstPort, facts.HasPort = v.Int32(), true
				}
				if v := values[factBytes][j]; !v.IsNull() {
					facts.Bytes, facts.HasBytes = v.Int64(), true
				}
				each(&facts)
			}
		}
		closeCursors(cursors)
	}
	return nil
}

// pageString is a string value without a copy: valid while its page is.
func pageString(v parquet.Value) string {
	if v.IsNull() {
		return ""
	}
	b := v.ByteArray()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// columnCursor reads one column chunk's values across its pages.
type columnCursor struct {
	pages  parquet.Pages
	values parquet.ValueReader
}

func (c *columnCursor) read(dst []parquet.Value) error {
	if c.pages == nil {
		clear(dst)
		return nil
	}
	for n := 0; n < len(dst); {
		if c.values == nil {
			page, err := c.pages.ReadPage()
			if err != nil {
				return err
			}
			c.values = page.Values()
		}
		m, err := c.values.ReadValues(dst[n:])
		n += m
		if errors.Is(err, io.EOF) {
			c.values = nil
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func closeCursors(cs []columnCursor) {
	for _, c := range cs {
		if c.pages != nil {
			c.pages.Close()
		}
	}
}

// summarizing lets one summary be made at a time in a process: making
// one holds every group of a file in memory (tens of MB for a file of the
// medium bench), and the workers of an ingest finish their files
// together, at each commit.
var summarizing sync.Mutex

// flowSummaryPath is where the summary of a data file lives, beside the
// manifest like the dedup keys, so the data files keep Security Lake's
// layout.
func flowSummaryPath(root string, t Table, p Partition, dataFile string) string {
	return filepath.Join(root, metaDir, "summaries", t.Source, t.Version, p.Path(), strings.TrimSuffix(dataFile, DataFileSuffix)+".summary")
}

// writeFlowSummary summarizes the data file written at tempData and writes
// the summary under its temporary name, for a commit to rename.
func writeFlowSummary(root string, t Table, p Partition, final, tempData string) (string, error) {
	summarizing.Lock()
	s, err := SummarizeFlowFile(tempData)
	summarizing.Unlock()
	if err != nil {
		return "", err
	}
	// Not compressed: the key filters, nine tenths of it, would not
	// shrink, and reading the 64 gzipped summaries of the medium bench
	// lake took 0.61 s, each panel again (2-core AMD EPYC, timed by hand
	// around SummarizedFlowFiles). Now they are read as they are, once
	// per process (decoded).
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return "", err
	}
	path := flowSummaryPath(root, t, p, filepath.Base(final))
	if err := writeFileBytes(TempName(path), buf.Bytes()); err != nil {
		return "", fmt.Errorf("cannot write summary of %s: %w", filepath.Base(final), err)
	}
	return path, nil
}

// ReadFlowSummary reads the summary of the committed data file at path, or
// returns nil when it has none (written before summaries, pulled from
// Security Lake, or replaced by a compaction since it was listed).
func ReadFlowSummary(root string, t Table, path string) (*FlowSummary, error) {
	p, ok := PartitionOf(root, t, path)
	if !ok {
		return nil, nil
	}
	summaryPath := flowSummaryPath(root, t, p, filepath.Base(path))
	decoded.Lock()
	s := decoded.byPath[summaryPath]
	decoded.Unlock()
	if s != nil {
		return s, nil
	}
	data, err := os.ReadFile(summaryPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s, err = decodeFlowSummary(data); err != nil {
		return nil, fmt.Errorf("cannot read summary of %s: %w", path, err)
	}
	if s == nil {
		return nil, nil // another version's: read the flows instead
	}
	decoded.Lock()
	defer decoded.Unlock()
	if decoded.byPath == nil || decoded.bytes+int64(len(data)) > maxDecodedSummaryBytes {
		decoded.byPath, decoded.bytes = map[string]*FlowSummary{}, 0
	}
	decoded.byPath[summaryPath] = s
	decoded.bytes += int64(len(data))
	return s, nil
}

// decoded remembers the summaries ReadFlowSummary decoded, by path: a
// console draws three panels from the same summaries, page after page,
// and a summary never changes (a data file is never rewritten in place,
// and its summary is named after it). Past maxDecodedSummaryBytes of
// summaries it starts again empty. Callers only read them.
var decoded struct {
	sync.Mutex
	byPath map[string]*FlowSummary
	bytes  int64
}

const maxDecodedSummaryBytes = 512 << 20

func decodeFlowSummary(data []byte) (*FlowSummary, error) {
	var s FlowSummary
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, err
	}
	if s.Version != flowSummaryVersion {
		return nil, nil
	}
	return &s, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// isPrivateIP tells what PrivateIPPattern tells, without the regular
// expression: the flow summaries ask it of two addresses of most flows.
// Even a per-address cache of the pattern's answers cost 0.55 of the 3.55
// CPU-s of two summaries of the medium bench's largest flow file (CPU
// profile of BenchmarkSummarizeFlowFile over that file, 2-core AMD EPYC).
// TestIsPrivateIPIsThePattern holds the two to the same answers.
func isPrivateIP(ip string) bool {
	digit := func(i int, lo, hi byte) bool { return i < len(ip) && ip[i] >= lo && ip[i] <= hi }
	at := func(i int, c byte) bool { return i < len(ip) && ip[i] == c }
	// in tells whether ip[i] is one of set, letters in either case.
	in := func(i int, set string) bool {
		if i >= len(ip) {
			return false
		}
		c := ip[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		return strings.IndexByte(set, c) >= 0
	}
	hex := func(i int) bool { return in(i, "0123456789abcdef") }
	switch {
	case strings.HasPrefix(ip, "10."), strings.HasPrefix(ip, "192.168."), strings.HasPrefix(ip, "127."), strings.HasPrefix(ip, "169.254."):
		return true
	case strings.HasPrefix(ip, "172."):
		return at(6, '.') && ((at(4, '1') && digit(5, '6', '9')) || (at(4, '2') && digit(5, '0', '9')) || (at(4, '3') && digit(5, '0', '1')))
	case strings.HasPrefix(ip, "100."):
		if at(6, '.') {
			return (at(4, '6') && digit(5, '4', '9')) || (digit(4, '7', '9') && digit(5, '0', '9'))
		}
		return at(7, '.') && at(4, '1') && ((digit(5, '0', '1') && digit(6, '0', '9')) || (at(5, '2') && digit(6, '0', '7')))
	case ip == "::1":
		return true
	}
	return in(0, "f") && ((in(1, "cd") && hex(2) && hex(3) && at(4, ':')) ||
		(in(1, "e") && in(2, "89ab") && hex(3) && at(4, ':')))
}
