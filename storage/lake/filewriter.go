package lake

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// RowsPerRowGroup bounds a row group: small enough that the time_dt
// statistics of a time-sorted file prune windows of hours, large enough to
// keep per-group overhead low.
const RowsPerRowGroup = 64 * 1024

// Row is a row bound for a partition with its time and optional dedup key.
// Table is the sourceName of the row's table when a run writes to several
// (a CloudTrail ingest routes data events to their own tables); "" is the
// run's table.
// ThenMs orders rows of the same time (and Order): a flow's end time,
// so that files come out the same whatever order the rows arrived in.
// Order is the row's values of its table's OrderColumns (FlowOrder), ""
// for a table without.
type Row[T any] struct {
	Value  T
	Table  string
	Part   Partition
	TimeMs int64
	ThenMs int64
	Order  string
	Key    [16]byte
}

// Place is where a row goes: a partition of a table, the table named by
// its sourceName as in Row.
type Place struct {
	Table string
	Part  Partition
}

// Place is where the row goes.
func (r *Row[T]) Place() Place { return Place{Table: r.Table, Part: r.Part} }

// PartFile is a data file of one partition being written under its
// temporary name. It stays open across spills: each Append adds one
// time-sorted row group, so a worker writes one file per partition and
// commit instead of one per spill. The medium bench's 50M flows came to 64
// files instead of 2,253, and its filtered count over them took 0.75 s
// instead of 1.21 s ('lakehunt bench --scale medium', scenario 4). Rows are
// sorted within each row group, not across the file: compaction merges row
// groups.
type PartFile[T any] struct {
	w        *Writer
	table    Table
	part     Partition
	withKeys bool
	final    string
	f        *os.File
	buf      *bufio.Writer
	pw       *parquet.GenericWriter[T]
	guard    nullGuard
	batch    []T
	keys     []byte
	entry    FileEntry
	// issuing is the copy of the issuing calls, for tables with Issuing,
	// written as the file is.
	issuing      *issuingFile
	issuingPW    *parquet.GenericWriter[T]
	issuingBatch []T
}

// Partition is the partition the file belongs to.
func (p *PartFile[T]) Partition() Partition { return p.part }

// Table is the table the file belongs to.
func (p *PartFile[T]) Table() Table { return p.table }

// CreatePartFile starts a new data file in the partition.
func CreatePartFile[T any](w *Writer, table Table, part Partition, withKeys bool) (*PartFile[T], error) {
	if err := part.Validate(); err != nil {
		return nil, err
	}
	dir := part.Dir(w.Root, table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create partition %s: %w", part.Path(), err)
	}
	final := filepath.Join(dir, newDataFileName())
	w.uncommitted.Add(1)
	f, err := os.OpenFile(TempName(final), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", w.Rel(final), err)
	}
	buf := bufio.NewWriterSize(f, 1<<20)
	p := &PartFile[T]{w: w, table: table, part: part, withKeys: withKeys, final: final, f: f, buf: buf,
		pw: newParquetWriter[T](buf, table), guard: newNullGuard(reflect.TypeFor[T]()), batch: make([]T, 0, 256), entry: FileEntry{Path: w.Rel(final)}}
	if table.Issuing {
		if p.issuing, err = createIssuingFile(w.Root, table, part, final); err != nil {
			p.Discard()
			return nil, fmt.Errorf("cannot write %s: %w", w.Rel(final), err)
		}
		p.issuingPW = parquet.NewGenericWriter[T](p.issuing.buf, issuingWriterOptions(table)...)
	}
	return p, nil
}

// Append writes the rows picked from rows by order (indexes sorted by
// time) as a row group of their own. Sorting indexes rather than rows keeps
// the caller's large row values in place.
func (p *PartFile[T]) Append(rows []Row[T], order []int32) error {
	if len(order) == 0 {
		return nil
	}
	for _, i := range order {
		if p.withKeys {
			p.keys = append(p.keys, rows[i].Key[:]...)
		}
		if err := p.add(p.pw, &p.batch, &rows[i].Value); err != nil {
			return p.fail(err)
		}
		if p.issuing != nil {
			if c := issuingCopy(any(&rows[i].Value)); c != nil {
				if err := p.add(p.issuingPW, &p.issuingBatch, any(c).(*T)); err != nil {
					return p.fail(err)
				}
			}
		}
	}
	if err := p.write(p.pw, &p.batch); err != nil {
		return p.fail(err)
	}
	if err := p.pw.Flush(); err != nil {
		return p.fail(err)
	}
	if p.issuing != nil {
		if err := p.write(p.issuingPW, &p.issuingBatch); err != nil {
			return p.fail(err)
		}
	}
	// Rows are in time order by five minutes only (OrderColumns).
	first, last := rows[order[0]].TimeMs, rows[order[0]].TimeMs
	for _, i := range order {
		first, last = min(first, rows[i].TimeMs), max(last, rows[i].TimeMs)
	}
	if p.entry.Rows == 0 || first < p.entry.MinTime {
		p.entry.MinTime = first
	}
	if p.entry.Rows == 0 || last > p.entry.MaxTime {
		p.entry.MaxTime = last
	}
	p.entry.Rows += int64(len(order))
	return nil
}

// add adds a row to a writer's batch, writing the batch when it is full;
// a row with a list shredded apart, where parquet-go would write absent
// values as ” (see nullGuard), is written alone after the batch.
func (p *PartFile[T]) add(pw *parquet.GenericWriter[T], batch *[]T, v *T) error {
	if p.guard.misreadList(unsafe.Pointer(v)) {
		if err := p.write(pw, batch); err != nil {
			return err
		}
		_, err := pw.WriteRows([]parquet.Row{pw.Schema().Deconstruct(nil, v)})
		return err
	}
	if *batch == nil {
		*batch = make([]T, 0, 256)
	}
	*batch = append(*batch, *v)
	if len(*batch) == cap(*batch) {
		return p.write(pw, batch)
	}
	return nil
}

// write writes a writer's batch, cut where nullGuard says.
func (p *PartFile[T]) write(pw *parquet.GenericWriter[T], batch *[]T) error {
	for rest := *batch; len(rest) > 0; {
		n := cut(&p.guard, rest)
		if _, err := pw.Write(rest[:n]); err != nil {
			return err
		}
		rest = rest[n:]
	}
	clear(*batch)
	*batch = (*batch)[:0]
	return nil
}

func (p *PartFile[T]) fail(err error) error {
	return fmt.Errorf("cannot write %s: %w", p.entry.Path, err)
}

// Finish closes the file, synced, with its key sidecar, and returns what a
// commit needs. A file that got no rows is discarded.
func (p *PartFile[T]) Finish() (Staged, bool, error) {
	if p.entry.Rows == 0 {
		p.Discard()
		return Staged{}, false, nil
	}
	err := p.pw.Close()
	if err == nil {
		err = p.buf.Flush()
	}
	if err == nil {
		err = p.f.Sync()
	}
	var st os.FileInfo
	if err == nil {
		st, err = p.f.Stat()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(TempName(p.final))
		if p.issuing != nil {
			p.issuing.discard()
		}
		return Staged{}, false, p.fail(err)
	}
	p.entry.Bytes = st.Size()
	staged := Staged{Final: p.final, Entry: p.entry}
	if p.withKeys {
		keysFinal := keysPath(p.w.Root, p.table, p.part, filepath.Base(p.final))
		if err := writeFileBytes(TempName(keysFinal), p.keys); err != nil {
			os.Remove(TempName(p.final))
			return Staged{}, false, fmt.Errorf("cannot write keys of %s: %w", p.entry.Path, err)
		}
		staged.KeysFinal = keysFinal
		staged.Entry.Keys = p.w.Rel(keysFinal)
	}
	if p.table.FlowSummaries {
		summary, err := writeFlowSummary(p.w.Root, p.table, p.part, p.final, TempName(p.final))
		if err != nil {
			os.Remove(TempName(p.final))
			return Staged{}, false, p.fail(err)
		}
		staged.Entry.Summary = p.w.Rel(summary)
	}
	if p.issuing != nil {
		issuing, err := p.issuing.finish(p.issuingPW)
		if err != nil {
			os.Remove(TempName(p.final))
			return Staged{}, false, p.fail(err)
		}
		staged.Entry.Issuing = p.w.Rel(issuing)
	}
	return staged, true, nil
}

// Discard closes and removes the unfinished file.
func (p *PartFile[T]) Discard() {
	if p.issuing != nil {
		p.issuing.discard()
	}
	p.f.Close()
	if err := os.Remove(TempName(p.final)); err == nil {
		p.w.uncommitted.Add(-1)
	}
}

// SortByPartitionAndTime returns the indexes of rows ordered by table and
// partition, then time (compareRowOrder: by five minutes, then Row.Order,
// for a table with OrderColumns), and the boundaries of each partition's run. Rows
// are first bucketed by partition, so that the sort itself compares
// numbers only: comparing partition strings inside the sort was 5% of a
// flow ingest's CPU ('ingest vpcflow --cpuprofile', one region of the
// medium bench data).
func SortByPartitionAndTime[T any](rows []Row[T]) (order []int32, runs [][2]int) {
	ids := map[Place]int32{}
	var parts []Place
	partOf := make([]int32, len(rows))
	last := int32(-1)
	for i := range rows {
		// Consecutive rows mostly share a partition: one comparison instead
		// of hashing three strings.
		if last >= 0 && rows[i].Part == parts[last].Part && rows[i].Table == parts[last].Table {
			partOf[i] = last
			continue
		}
		p := rows[i].Place()
		id, ok := ids[p]
		if !ok {
			id = int32(len(parts))
			ids[p] = id
			parts = append(parts, p)
		}
		partOf[i], last = id, id
	}
	rank := make([]int32, len(parts))
	for i := range rank {
		rank[i] = int32(i)
	}
	slices.SortFunc(rank, func(a, b int32) int {
		pa, pb := &parts[a].Part, &parts[b].Part
		return cmp.Or(cmp.Compare(parts[a].Table, parts[b].Table),
			cmp.Compare(pa.Region, pb.Region), cmp.Compare(pa.AccountID, pb.AccountID), cmp.Compare(pa.EventDay, pb.EventDay))
	})
	// starts[id] is where partition id's run begins in order.
	counts := make([]int, len(parts))
	for _, id := range partOf {
		counts[id]++
	}
	starts := make([]int, len(parts))
	next := 0
	for _, id := range rank {
		starts[id] = next
		runs = append(runs, [2]int{next, next + counts[id]})
		next += counts[id]
	}
	order = make([]int32, len(rows))
	fill := slices.Clone(starts)
	for i, id := range partOf {
		order[fill[id]] = int32(i)
		fill[id]++
	}
	for _, run := range runs {
		slices.SortFunc(order[run[0]:run[1]], func(a, b int32) int {
			ra, rb := &rows[a], &rows[b]
			if c := compareRowOrder(ra.TimeMs, ra.Order, ra.ThenMs, rb.TimeMs, rb.Order, rb.ThenMs); c != 0 {
				return c
			}
			return cmp.Compare(a, b) // arrival order: deterministic files
		})
	}
	return order, runs
}

// newParquetWriter is built per file: GenericWriter.Reset in parquet-go
// v0.32.0 loses the column paths of the footer (path_in_schema comes out
// empty), which DuckDB tolerates but Trino and Spark would not. The page
// buffer is a trade: the CloudTrail schema has over a hundred columns, so
// the default 256 KiB each costs a writer 30 MB, while small pages compress
// worse. Ingesting the small bench data ('lakehunt bench --scale small
// --keep', then 'ingest' of its data directory under /usr/bin/time -v), 64
// KiB pages gave a lake 5% larger than 256 KiB at 633 MB peak RSS instead of
// 863 MB; 32 KiB pages made the flow lake 17% larger, and flows take larger pages
// (Table.PageBuffer).
func newParquetWriter[T any](out io.Writer, t Table) *parquet.GenericWriter[T] {
	size := cmp.Or(t.PageBuffer, pageBufferSize)
	return parquet.NewGenericWriter[T](out, append(writerOptions(t), parquet.PageBufferSize(size))...)
}

// writerOptions are shared by ingest and compaction: encodingOptions and
// the entity columns' bloom filters.
func writerOptions(t Table) []parquet.WriterOption {
	opts := encodingOptions(t)
	if len(t.EntityColumns) > 0 {
		filters := make([]parquet.BloomFilterColumn, len(t.EntityColumns))
		for i, c := range t.EntityColumns {
			filters[i] = parquet.SplitBlockFilter(bloomBitsPerValue, strings.Split(c, ".")...)
		}
		opts = append(opts, parquet.BloomFilters(filters...))
	}
	return opts
}

// encodingOptions are those of every Parquet file lakehunt writes for t,
// its data files and their copies of the issuing calls. Statistics are
// kept per column chunk, where DuckDB prunes row groups, and not repeated
// in every page header, where it does not look.
//
// Pages are version 1: version 2 leaves a page's repetition and
// definition levels outside its compressed bytes, and those of lists and
// optional columns (a constant metadata.profiles, the endpoints' ids that
// only one side of a flow has) do not compress as bit-packed runs. With
// version 1 pages, one account and region of the medium bench's flows
// (3.44M, 'ingest vpcflow' into new lakes on the 2-core AMD EPYC of
// family 26) made a lake 5.0% smaller (80.9 -> 76.8 MB) at the same CPU
// time.
func encodingOptions(t Table) []parquet.WriterOption {
	opts := []parquet.WriterOption{
		parquet.Compression(zstdCodec),
		parquet.MaxRowsPerRowGroup(RowsPerRowGroup),
		parquet.CreatedBy("lakehunt", "", ""),
		parquet.DataPageStatistics(false),
		parquet.DataPageVersion(1),
	}
	for _, c := range t.UnboundedColumns {
		opts = append(opts, parquet.SkipPageBounds(strings.Split(c, ".")...))
	}
	return opts
}

// bloomBitsPerValue sizes the entity columns' bloom filters: 16 bits a
// distinct value of the row group is a false positive rate of about 0.1%,
// so a value absent from a file opens about one row group and column in a
// thousand. At 10 bits (1%) the medium bench's intruder address, in 3 of
// the flows' 1,574 row groups, passed the filters of 30 more.
const bloomBitsPerValue = 16

const pageBufferSize = 64 * 1024

// zstdCodec is shared by every file written: the codec pools its encoders,
// and a codec per file made each file allocate fresh encoder history (11% of
// an ingest's CPU on 77,760 small .json.gz files, most of it clearing memory).
//
// SpeedBetterCompression (about zstd's level 7) instead of SpeedDefault
// (level 3): one account and region of the medium bench's flows made a
// lake 3.1% smaller with version 1 pages (76.8 -> 74.4 MB; 3.6% with
// version 2) for 1-2% more CPU time, compression being a small part of an
// ingest; SpeedBestCompression saved 2% more for 40% more CPU time (the
// same machine and runs as encodingOptions').
var zstdCodec = &zstd.Codec{Level: zstd.SpeedBetterCompression}
