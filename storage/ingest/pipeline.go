package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Decoder reads one source and hands each record to emit (with the row and
// its partition already computed) or to reject. It returns a source-level
// error when the source could not be read to its end (a truncated gzip, a
// wrong envelope); the records emitted before the error are kept.
type Decoder[T any] func(ctx context.Context, src source.Source, emit func(lake.Row[T]) error, reject func(index int64, err error)) error

// Options configure a run.
type Options[T any] struct {
	// Table records the run's sources, and holds the rows whose Table is
	// "". A decoder may route rows to other tables of the same row type
	// (Row.Table): a source is committed with all its rows, whatever their
	// tables, in one commit.
	Table  lake.Table
	Decode Decoder[T]
	// ClassOf tells a row's OCSF class, counted for the summary.
	ClassOf func(*T) Class
	// Dedup drops rows whose key is already in the lake or earlier in the run.
	Dedup bool
	// Rules keep or drop events before dedup (see Rules); each source's
	// drops are counted by rule in the manifest.
	Rules Rules
	// view reads the fields rules match; nil for a kind without rules.
	view func(*lake.Row[T], *ruleView)
	// Workers read sources in parallel; 0 means one per CPU.
	Workers int
	// BatchRows bounds the rows a worker holds in memory; past it they are
	// appended to the partitions' open files (still uncommitted). Without
	// Dedup, sources are committed once a worker's staged and buffered rows
	// reach CommitRows; with it, see maybeCommit. CommitInterval bounds the
	// time between commits either way.
	BatchRows      int
	CommitRows     int
	CommitInterval time.Duration
	// OnReject is called for every rejected record or source, as it happens.
	OnReject func(Rejection)
	// Progress, when set, receives the counters for a progress display.
	Progress *Progress
	// keyBudget bounds the dedup keys held of partitions no uncommitted row
	// needs (keyIndex); 0 means defaultKeyBudget. Tests make it small.
	keyBudget int
}

// Class is an OCSF class: its uid and name.
type Class struct {
	UID  int32
	Name string
}

func (c Class) String() string { return strconv.Itoa(int(c.UID)) + " " + c.Name }

// Rejection is one record (Index >= 0) or whole source (Index < 0) that
// could not be ingested.
type Rejection struct {
	Source string
	Index  int64
	Err    error
}

func (r Rejection) String() string {
	if r.Index < 0 {
		return fmt.Sprintf("%s: %v", r.Source, r.Err)
	}
	return fmt.Sprintf("%s: record %d: %v", r.Source, r.Index, r.Err)
}

// Progress counts a running ingest; fields are updated atomically.
type Progress struct {
	SourcesTotal atomic.Int64
	SourcesDone  atomic.Int64
	Events       atomic.Int64
	Bytes        atomic.Int64
}

// Default sizes. BatchRows trades memory for fewer, larger files: on a
// 300k-event CloudTrail file ('ingest --batch-rows N' under /usr/bin/time -v)
// peak RSS was 495 MB at 64k rows, 330 MB at 32k and 218 MB at 16k, for 2%
// and 6% more CPU than 64k; 'lakehunt bench --scale medium' measured 1.6 GiB
// at 64k, over the 1 GiB budget.
//
// CommitRows trades the work redone after a crash for fewer files: a file
// per partition and commit. At 32k rows a commit, the medium bench's 50M
// flows made 2,253 files.
const (
	DefaultBatchRows      = 32 * 1024
	DefaultCommitRows     = 1 << 20
	DefaultCommitInterval = 30 * time.Second
)

// Run ingests sources into the lake held by w.
func Run[T any](ctx context.Context, w *lake.Writer, sources []source.Source, skipped []source.Skipped, opt Options[T]) (*Summary, error) {
	start := time.Now()
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.BatchRows <= 0 {
		opt.BatchRows = DefaultBatchRows
	}
	if opt.CommitRows <= 0 {
		opt.CommitRows = DefaultCommitRows
	}
	if opt.CommitInterval <= 0 {
		opt.CommitInterval = DefaultCommitInterval
	}
	if opt.Progress == nil {
		opt.Progress = &Progress{}
	}
	commits, err := lake.ReadManifest(w.Root)
	if err != nil {
		return nil, err
	}
	done := lake.IngestedSources(commits, opt.Table)
	var rules *ruleMatcher
	fingerprint := opt.Rules.Fingerprint()
	if len(opt.Rules) > 0 {
		if opt.view == nil {
			return nil, fmt.Errorf("cannot apply ingest rules to %s", opt.Table.Source)
		}
		if err := w.RecordRules(fingerprint, opt.Rules.Texts()); err != nil {
			return nil, err
		}
		rules = newRuleMatcher(opt.Rules)
	}

	// The manifest names local sources by absolute path; the working
	// directory is read once because os.Getwd per source cost 4% of an
	// ingest of many small files.
	cwd, _ := os.Getwd()
	r := &run[T]{
		w:           w,
		opt:         opt,
		cwd:         cwd,
		keys:        newKeyIndex(w.Root, opt.keyBudget),
		rules:       rules,
		fingerprint: fingerprint,
		summary:     newSummary(opt.Table.Source, skipped, fingerprint, rules),
	}
	opt.Progress.SourcesTotal.Store(int64(len(sources)))
	var fresh []source.Source
	for _, src := range sources {
		entry := sourceEntry(r.cwd, src)
		if prev, ok := done[entry.Identity()]; ok && (entry.Size >= 0 || entry.ETag != "") {
			r.summary.Unchanged++
			if prev.Rules != fingerprint {
				r.summary.noteOtherRules(prev.Rules)
			}
			opt.Progress.SourcesDone.Add(1)
			continue
		}
		fresh = append(fresh, src)
	}
	jobs := make(chan []source.Source)
	var wg sync.WaitGroup
	errs := make([]error, opt.Workers)
	// A failing worker stops the feed; the others commit what they hold.
	feedCtx, stopFeed := context.WithCancel(ctx)
	defer stopFeed()
	for i := 0; i < opt.Workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = r.worker(ctx, jobs)
			if errs[i] != nil {
				stopFeed()
			}
		}(i)
	}
	var sendErr error
feed:
	for _, group := range chunkSources(fresh, opt.Workers) {
		select {
		case jobs <- group:
		case <-feedCtx.Done():
			sendErr = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	r.summary.Duration = time.Since(start)
	if err := errors.Join(append(errs, sendErr)...); err != nil {
		return r.summary, err
	}
	return r.summary, nil
}

type run[T any] struct {
	w           *lake.Writer
	opt         Options[T]
	keys        *keyIndex
	cwd         string
	rules       *ruleMatcher // nil without rules
	fingerprint string

	mu      sync.Mutex
	summary *Summary
}

// batch is a worker's uncommitted state: rows in memory, files being
// written on disk, and the sources that are wholly read.
type batch[T any] struct {
	rows     []lake.Row[T] // allocated once per worker, reused after each spill
	partRows map[lake.Place]int
	// appended counts the rows of each partition appended to files since
	// the last commit: the commit holds their dedup keys (keyIndex).
	appended map[lake.Place]int
	files    []*lake.PartFile[T] // open, least recently appended first
	staged   []lake.Staged       // finished files awaiting the commit
	nstaged  int
	sources  []*readSource
	reading  *readSource
	byClass  map[Class]int64
	byTable  map[string]int64
	started  time.Time
	view     ruleView
}

// readSource is a source read to its end (or being read), with the
// partitions (of any table) that still hold some of its rows in memory. It
// can be committed once that list is empty.
type readSource struct {
	entry lake.SourceEntry
	parts []lake.Place
}

func (s *readSource) add(p lake.Place) {
	if n := len(s.parts); n > 0 && s.parts[n-1] == p {
		return
	}
	if !slices.Contains(s.parts, p) {
		s.parts = append(s.parts, p)
	}
}

// keepParts forgets the partitions whose rows were just staged.
func (s *readSource) keepParts(held []lake.Place) {
	s.parts = slices.DeleteFunc(s.parts, func(p lake.Place) bool { return !slices.Contains(held, p) })
}

func (r *run[T]) worker(ctx context.Context, jobs <-chan []source.Source) error {
	b := &batch[T]{partRows: map[lake.Place]int{}, appended: map[lake.Place]int{}, byClass: map[Class]int64{}, byTable: map[string]int64{}, started: time.Now()}
	// Files still open when the worker stops belong to no commit.
	defer func() {
		for _, f := range b.files {
			f.Discard()
		}
	}()
	for group := range jobs {
		for _, src := range group {
			if err := ctx.Err(); err != nil {
				// Drop the uncommitted batch: its sources are not in the
				// manifest, so the next run reads them again.
				break
			}
			last, err := r.ingestSource(ctx, b, src)
			if err != nil {
				return err
			}
			if err := r.maybeCommit(b, last); err != nil {
				return err
			}
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return r.commit(b, nil)
}

// maybeCommit commits after a source when enough is held. With keys, the
// partitions the last source wrote to stay in memory: sources arrive in
// time order, so those partitions are probably not finished, and writing
// them later makes one file of a day where writing them now makes two. A
// source with rows in a held partition waits for the next commit; its other
// rows may be committed before it, which is safe only with keys: were the
// run killed in between, reading the source again drops them as
// duplicates. Without keys every row of a committed source is written.
func (r *run[T]) maybeCommit(b *batch[T], last *readSource) error {
	if time.Since(b.started) >= r.opt.CommitInterval {
		return r.commit(b, nil)
	}
	if !r.opt.Dedup {
		if len(b.rows)+b.nstaged >= r.opt.CommitRows {
			return r.commit(b, nil)
		}
		return nil
	}
	if len(last.parts) == 0 {
		// A source that left no rows in memory (empty, or all duplicates)
		// does not tell which partitions are still filling: releasing them
		// all here would cut the day being read in two.
		return nil
	}
	finished := len(b.rows)
	for _, p := range last.parts {
		finished -= b.partRows[p]
	}
	if finished+b.nstaged >= r.opt.BatchRows/2 {
		return r.commit(b, last.parts)
	}
	return nil
}

func (r *run[T]) ingestSource(ctx context.Context, b *batch[T], src source.Source) (*readSource, error) {
	rs := &readSource{entry: sourceEntry(r.cwd, src)}
	rs.entry.Rules = r.fingerprint
	b.reading = rs
	entry := &rs.entry
	var dropped []int64 // by r.rules.keys
	reject := func(index int64, err error) {
		entry.Rejected++
		if index >= 0 {
			entry.Records++
		}
		if len(entry.Errors) < 10 {
			entry.Errors = append(entry.Errors, Rejection{Source: src.Name, Index: index, Err: err}.String())
		}
		if r.opt.OnReject != nil {
			r.opt.OnReject(Rejection{Source: src.Name, Index: index, Err: err})
		}
	}
	emit := func(row lake.Row[T]) error {
		entry.Records++
		if row.Table == "" {
			row.Table = r.opt.Table.Source
		}
		if r.rules != nil {
			r.opt.view(&row, &b.view)
			if k := r.rules.verdict(&b.view); k >= 0 {
				if dropped == nil {
					dropped = make([]int64, len(r.rules.keys))
				}
				dropped[k]++
				return nil
			}
		}
		place := row.Place()
		if r.opt.Dedup {
			fresh, err := r.keys.add(place, row.Key)
			if err != nil {
				return &FatalError{Err: err}
			}
			if !fresh {
				entry.Duplicates++
				return nil
			}
		}
		entry.Events++
		r.opt.Progress.Events.Add(1)
		if b.rows == nil {
			b.rows = make([]lake.Row[T], 0, r.opt.BatchRows)
		}
		b.rows = append(b.rows, row)
		b.byTable[row.Table]++
		if r.opt.Dedup {
			// Only a run with keys holds partitions back (maybeCommit).
			b.partRows[place]++
			rs.add(place)
		}
		// Asked of the row in the batch: a pointer to the argument would
		// move every row to the heap.
		if r.opt.ClassOf != nil {
			b.byClass[r.opt.ClassOf(&b.rows[len(b.rows)-1].Value)]++
		}
		if len(b.rows) >= r.opt.BatchRows {
			return r.spill(b, nil)
		}
		return nil
	}
	counted := &countingSource{src: src}
	err := r.opt.Decode(ctx, counted.source(), emit, reject)
	r.opt.Progress.Bytes.Add(counted.n.Load())
	b.reading = nil
	for k, n := range dropped {
		if n > 0 {
			if entry.Dropped == nil {
				entry.Dropped = map[string]int64{}
			}
			entry.Dropped[r.rules.keys[k]] = n
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var fatal *FatalError
		if errors.As(err, &fatal) {
			return nil, fatal.Err
		}
		reject(-1, err)
	}
	r.mu.Lock()
	r.summary.Sources++
	r.summary.BytesRead += counted.n.Load()
	r.mu.Unlock()
	r.opt.Progress.SourcesDone.Add(1)
	b.sources = append(b.sources, rs)
	return rs, nil
}

// FatalError stops the whole run (a write failure, not bad input).
type FatalError struct{ Err error }

func (e *FatalError) Error() string { return e.Err.Error() }

// spill appends the rows of every partition but the held ones to the
// partitions' open files and keeps the held ones in memory.
func (r *run[T]) spill(b *batch[T], held []lake.Place) error {
	order, runs := lake.SortByPartitionAndTime(b.rows)
	var keep []int32
	for _, run := range runs {
		part := b.rows[order[run[0]]].Place()
		if slices.Contains(held, part) {
			keep = append(keep, order[run[0]:run[1]]...)
			continue
		}
		f, err := r.fileFor(b, part)
		if err != nil {
			return &FatalError{Err: err}
		}
		if err := f.Append(b.rows, order[run[0]:run[1]]); err != nil {
			return &FatalError{Err: err}
		}
		b.nstaged += run[1] - run[0]
		b.appended[part] += run[1] - run[0]
		delete(b.partRows, part)
	}
	// Moving the kept rows down in index order never overwrites one not yet
	// moved; zeroing the rest lets the strings they point to be collected.
	slices.Sort(keep)
	for i, idx := range keep {
		b.rows[i] = b.rows[idx]
	}
	clear(b.rows[len(keep):])
	b.rows = b.rows[:len(keep)]
	for _, s := range b.sources {
		s.keepParts(held)
	}
	if b.reading != nil {
		b.reading.keepParts(held)
	}
	return nil
}

// maxOpenFiles bounds the files a worker keeps open across spills: a
// CloudTrail writer buffers pages for over a hundred columns, and input
// spanning many days would otherwise open a writer for each (unbounded, the
// 540 records of the shared corpus left 850 MB of heap in use, which
// TestMalformedInputs caught). The bound of 4 was not swept.
const maxOpenFiles = 4

// fileFor returns the open file of a partition, opening one, and finishing
// the least recently used, as needed.
func (r *run[T]) fileFor(b *batch[T], part lake.Place) (*lake.PartFile[T], error) {
	for i, f := range b.files {
		if f.Partition() == part.Part && f.Table().Source == part.Table {
			b.files = append(append(b.files[:i:i], b.files[i+1:]...), f)
			return f, nil
		}
	}
	if len(b.files) >= maxOpenFiles {
		if err := b.finishOldest(); err != nil {
			return nil, err
		}
	}
	table, ok := lake.TableBySource(part.Table)
	if !ok {
		return nil, fmt.Errorf("no lake table %s", part.Table)
	}
	f, err := lake.CreatePartFile[T](r.w, table, part.Part, r.opt.Dedup)
	if err != nil {
		return nil, err
	}
	b.files = append(b.files, f)
	return f, nil
}

// finishOldest closes the least recently appended file; it waits, staged,
// for the next commit.
func (b *batch[T]) finishOldest() error {
	f := b.files[0]
	b.files = slices.Delete(b.files, 0, 1)
	st, ok, err := f.Finish()
	if err != nil {
		return err
	}
	if ok {
		b.staged = append(b.staged, st)
	}
	return nil
}

// commit writes what is not held, finishes every open file and commits
// them with the sources that no longer have rows in memory.
func (r *run[T]) commit(b *batch[T], held []lake.Place) error {
	if err := r.spill(b, held); err != nil {
		var fatal *FatalError
		if errors.As(err, &fatal) {
			return fatal.Err
		}
		return err
	}
	for len(b.files) > 0 {
		if err := b.finishOldest(); err != nil {
			return err
		}
	}
	var ready []lake.SourceEntry
	waiting := b.sources[:0]
	for _, s := range b.sources {
		if len(s.parts) == 0 {
			ready = append(ready, s.entry)
		} else {
			waiting = append(waiting, s)
		}
	}
	clear(b.sources[len(waiting):])
	b.sources = waiting
	if len(ready) == 0 && len(b.staged) == 0 {
		return nil
	}
	if _, err := r.w.Commit(r.opt.Table, ready, b.staged, nil); err != nil {
		return err
	}
	r.mu.Lock()
	s := r.summary
	for _, src := range ready {
		s.Records += src.Records
		s.Events += src.Events
		s.Duplicates += src.Duplicates
		s.Rejected += src.Rejected
		s.addDropped(src.Dropped)
	}
	for c, n := range b.byClass {
		s.ByClass[c.String()] += n
	}
	for t, n := range b.byTable {
		s.ByTable[t] += n
	}
	s.Files += len(b.staged)
	s.Commits++
	r.mu.Unlock()
	if r.opt.Dedup {
		r.keys.committed(b.appended)
	}
	clear(b.appended)
	b.staged = nil
	b.nstaged = 0
	clear(b.byClass)
	clear(b.byTable)
	b.started = time.Now()
	return nil
}

func sourceEntry(cwd string, src source.Source) lake.SourceEntry {
	name := src.Name
	if name != "-" && !strings.Contains(name, "://") {
		if filepath.IsAbs(name) || cwd == "" {
			name = filepath.Clean(name)
		} else {
			name = filepath.Join(cwd, name)
		}
	}
	return lake.SourceEntry{Name: name, Size: src.Size, ModTime: src.ModTime, ETag: src.ETag}
}
