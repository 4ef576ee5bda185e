package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
	Table  lake.Table
	Decode Decoder[T]
	// ClassOf tells a row's OCSF class, counted for the summary.
	ClassOf func(*T) Class
	// Dedup drops rows whose key is already in the lake or earlier in the run.
	Dedup bool
	// Workers read sources in parallel; 0 means one per CPU.
	Workers int
	// BatchRows bounds the rows a worker holds in memory; past it they are
	// staged to disk (still uncommitted). Sources are committed once a
	// worker's staged and buffered rows reach it, or CommitInterval passes.
	BatchRows      int
	CommitInterval time.Duration
	// OnReject is called for every rejected record or source, as it happens.
	OnReject func(Rejection)
	// Progress, when set, receives the counters for a progress display.
	Progress *Progress
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
const (
	DefaultBatchRows      = 32 * 1024
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

	// The manifest names local sources by absolute path; the working
	// directory is read once because os.Getwd per source cost 4% of an
	// ingest of many small files.
	cwd, _ := os.Getwd()
	r := &run[T]{
		w:       w,
		opt:     opt,
		cwd:     cwd,
		keys:    newKeyIndex(w.Root, opt.Table),
		summary: &Summary{Table: opt.Table.Source, Skipped: skipped, ByClass: map[string]int64{}},
	}
	jobs := make(chan source.Source)
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
	opt.Progress.SourcesTotal.Store(int64(len(sources)))
	var sendErr error
feed:
	for _, src := range sources {
		entry := sourceEntry(r.cwd, src)
		if _, ok := done[entry.Identity()]; ok && (entry.Size >= 0 || entry.ETag != "") {
			r.mu.Lock()
			r.summary.Unchanged++
			r.mu.Unlock()
			opt.Progress.SourcesDone.Add(1)
			continue
		}
		select {
		case jobs <- src:
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
	w    *lake.Writer
	opt  Options[T]
	keys *keyIndex
	cwd  string

	mu      sync.Mutex
	summary *Summary
}

// batch is a worker's uncommitted state: rows in memory, files staged on
// disk, and the sources that are wholly inside them.
type batch[T any] struct {
	rows    []lake.Row[T] // allocated once per worker, reused after each spill
	staged  []lake.Staged
	nstaged int
	sources []lake.SourceEntry
	byClass map[Class]int64
	started time.Time
}

func (r *run[T]) worker(ctx context.Context, jobs <-chan source.Source) error {
	b := &batch[T]{byClass: map[Class]int64{}, started: time.Now()}
	for src := range jobs {
		if err := ctx.Err(); err != nil {
			// Drop the uncommitted batch: its sources are not in the
			// manifest, so the next run reads them again.
			continue
		}
		if err := r.ingestSource(ctx, b, src); err != nil {
			return err
		}
		if len(b.rows)+b.nstaged >= r.opt.BatchRows || time.Since(b.started) >= r.opt.CommitInterval {
			if err := r.commit(b); err != nil {
				return err
			}
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return r.commit(b)
}

func (r *run[T]) ingestSource(ctx context.Context, b *batch[T], src source.Source) error {
	entry := sourceEntry(r.cwd, src)
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
		if r.opt.Dedup {
			fresh, err := r.keys.add(row.Part, row.Key)
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
		// Asked of the row in the batch: a pointer to the argument would
		// move every row to the heap.
		if r.opt.ClassOf != nil {
			b.byClass[r.opt.ClassOf(&b.rows[len(b.rows)-1].Value)]++
		}
		if len(b.rows) >= r.opt.BatchRows {
			return r.spill(b)
		}
		return nil
	}
	counted := &countingSource{src: src}
	err := r.opt.Decode(ctx, counted.source(), emit, reject)
	r.opt.Progress.Bytes.Add(counted.n.Load())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var fatal *FatalError
		if errors.As(err, &fatal) {
			return fatal.Err
		}
		reject(-1, err)
	}
	r.mu.Lock()
	r.summary.Sources++
	r.summary.BytesRead += counted.n.Load()
	r.mu.Unlock()
	r.opt.Progress.SourcesDone.Add(1)
	b.sources = append(b.sources, entry)
	return nil
}

// FatalError stops the whole run (a write failure, not bad input).
type FatalError struct{ Err error }

func (e *FatalError) Error() string { return e.Err.Error() }

func (r *run[T]) spill(b *batch[T]) error {
	order, runs := lake.SortByPartitionAndTime(b.rows)
	for _, run := range runs {
		part := b.rows[order[run[0]]].Part
		st, err := lake.StageRows(r.w, r.opt.Table, part, b.rows, order[run[0]:run[1]], r.opt.Dedup)
		if err != nil {
			return &FatalError{Err: err}
		}
		b.staged = append(b.staged, st)
		b.nstaged += run[1] - run[0]
	}
	// Zero the rows so the strings they point to can be collected before
	// the slots are reused.
	clear(b.rows)
	b.rows = b.rows[:0]
	return nil
}

func (r *run[T]) commit(b *batch[T]) error {
	if err := r.spill(b); err != nil {
		var fatal *FatalError
		if errors.As(err, &fatal) {
			return fatal.Err
		}
		return err
	}
	if len(b.sources) == 0 && len(b.staged) == 0 {
		return nil
	}
	if _, err := r.w.Commit(r.opt.Table, b.sources, b.staged, nil); err != nil {
		return err
	}
	r.mu.Lock()
	s := r.summary
	for _, src := range b.sources {
		s.Records += src.Records
		s.Events += src.Events
		s.Duplicates += src.Duplicates
		s.Rejected += src.Rejected
	}
	for c, n := range b.byClass {
		s.ByClass[c.String()] += n
	}
	s.Files += len(b.staged)
	s.Commits++
	r.mu.Unlock()
	b.staged = nil
	b.nstaged = 0
	b.sources = nil
	clear(b.byClass)
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
