package s3

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// PullOptions configure Pull.
type PullOptions struct {
	// From and To select the eventDay partitions that meet [From, To); a
	// zero value leaves that side open.
	From, To time.Time
	// Concurrency bounds the downloads in flight (0: 8).
	Concurrency int
}

// PullSummary is the account of one pull.
type PullSummary struct {
	Files     int   // data files copied and committed
	Bytes     int64 // their size
	Rows      int64
	Unchanged int              // files the lake already holds (same key and ETag)
	Rejected  []source.Skipped // objects fetched but not readable as OCSF Parquet
	Skipped   []source.Skipped // keys outside the Security Lake layout, never fetched
	Commits   int
	Duration  time.Duration
}

// pullBatch is how many files one commit makes visible: a pull that is
// interrupted keeps what it committed and fetches the rest next time.
const pullBatch = 64

// Pull copies the Security Lake partitions under uri into the lake held by
// w, committing them like ingested files, with a manifest entry (key, ETag,
// size) per object so that pulling again fetches only new objects. The URI
// is a Security Lake bucket or prefix: above aws/, at a table
// (aws/CLOUD_TRAIL_MGMT/2.0/), or inside one (region=.../accountId=...).
// Every partition value and file name taken from a key is checked before
// it becomes a path; keys that fail are skipped and reported.
//
// Pulled files carry no dedup key sidecar: raw logs ingested later into the
// same partitions are not deduplicated against them.
func Pull(ctx context.Context, c *Client, w *lake.Writer, uri string, opt PullOptions) (*PullSummary, error) {
	start := time.Now()
	loc, err := ParseURI(uri)
	if err != nil {
		return nil, err
	}
	roots, err := tableRoots(loc.Prefix)
	if err != nil {
		return nil, fmt.Errorf("cannot pull %s: %w", uri, err)
	}
	commits, err := lake.ReadManifest(w.Root)
	if err != nil {
		return nil, err
	}
	sum := &PullSummary{}
	for _, r := range roots {
		pl := &partitionLister{c: c, loc: loc, table: r.table, win: NewWindow(opt.From, opt.To), sem: make(chan struct{}, listConcurrency)}
		if err := pl.run(ctx, r); err != nil {
			return sum, err
		}
		sum.Skipped = append(sum.Skipped, pl.skipped...)
		done := lake.IngestedSources(commits, r.table)
		var todo []pullItem
		for _, it := range pl.items {
			if _, ok := done[it.entry().Identity()]; ok {
				sum.Unchanged++
				continue
			}
			todo = append(todo, it)
		}
		if err := copyPartitions(ctx, c, w, r.table, todo, opt.Concurrency, sum); err != nil {
			sum.Duration = time.Since(start)
			return sum, err
		}
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// tableRoot is where one table lives in the bucket, and the part of the
// user's prefix below that.
type tableRoot struct {
	table lake.Table
	key   string // ends with "/"
	below []string
}

// tableRoots finds the tables a prefix selects.
func tableRoots(prefix string) ([]tableRoot, error) {
	segs := strings.Split(strings.TrimSuffix(prefix, "/"), "/")
	if prefix == "" {
		segs = nil
	}
	at := -1
	for i, s := range segs {
		if s == "aws" {
			at = i
		}
	}
	base := prefix
	if at >= 0 {
		base = strings.Join(segs[:at], "/")
		if base != "" {
			base += "/"
		}
	}
	if at < 0 || at == len(segs)-1 {
		var roots []tableRoot
		for _, t := range lake.Tables {
			roots = append(roots, tableRoot{table: t, key: base + t.Path() + "/"})
		}
		return roots, nil
	}
	name := segs[at+1]
	if t, ok := lake.TableBySource(name); ok {
		rest := segs[at+2:]
		if len(rest) > 0 && rest[0] != t.Version {
			return nil, fmt.Errorf("source version %q of %s is not supported (lakehunt reads %s)", rest[0], name, t.Version)
		}
		if len(rest) > 0 {
			rest = rest[1:]
		}
		return []tableRoot{{table: t, key: base + t.Path() + "/", below: rest}}, nil
	}
	var known []string
	for _, t := range lake.Tables {
		known = append(known, t.Source+"/"+t.Version)
	}
	return nil, fmt.Errorf("unknown Security Lake source %q (lakehunt reads %s)", name, strings.Join(known, " and "))
}

// pullItem is one data file to copy.
type pullItem struct {
	obj  object
	part lake.Partition
	name string // local file name
}

func (it pullItem) entry() lake.SourceEntry {
	return lake.SourceEntry{Name: it.obj.uri(), Size: it.obj.Size, ModTime: it.obj.ModTime, ETag: it.obj.ETag}
}

// partitionLister lists the data files of one table's partitions in a window.
type partitionLister struct {
	c     *Client
	loc   Location
	table lake.Table
	win   Window
	sem   chan struct{}

	mu      sync.Mutex
	items   []pullItem
	skipped []source.Skipped
}

// The levels below a table root, in order.
var partitionKeys = []string{"region", "accountId", "eventDay"}

func (pl *partitionLister) run(ctx context.Context, r tableRoot) error {
	prefix, values := r.key, []string{}
	for i, seg := range r.below {
		if i >= len(partitionKeys) {
			return fmt.Errorf("cannot pull %s: a prefix below eventDay= is not a partition", pl.loc)
		}
		v, ok := strings.CutPrefix(seg, partitionKeys[i]+"=")
		if !ok {
			return fmt.Errorf("cannot pull %s: %q is not a %s= partition folder", pl.loc, seg, partitionKeys[i])
		}
		prefix += seg + "/"
		values = append(values, v)
	}
	l := &logLister{c: pl.c, loc: pl.loc, sem: pl.sem}
	ctx, l.stop = context.WithCancel(ctx)
	defer l.stop()
	var wg sync.WaitGroup
	pl.walk(ctx, l, &wg, prefix, values)
	wg.Wait()
	if len(l.errs) > 0 {
		return l.errs[0]
	}
	sort.Slice(pl.items, func(i, j int) bool { return pl.items[i].obj.Key < pl.items[j].obj.Key })
	sort.Slice(pl.skipped, func(i, j int) bool { return pl.skipped[i].Name < pl.skipped[j].Name })
	return nil
}

func (pl *partitionLister) skip(name, reason string) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.skipped = append(pl.skipped, source.Skipped{Name: name, Reason: reason})
}

// walk descends region=, accountId= and eventDay= folders; values holds
// the partition values above prefix.
func (pl *partitionLister) walk(ctx context.Context, l *logLister, wg *sync.WaitGroup, prefix string, values []string) {
	descend := func(child string, v string) {
		next := append(append([]string{}, values...), v)
		wg.Add(1)
		go func() {
			defer wg.Done()
			pl.walk(ctx, l, wg, child, next)
		}()
	}
	level := len(values)
	if level == len(partitionKeys) {
		pl.listFiles(ctx, l, prefix, lake.Partition{Region: values[0], AccountID: values[1], EventDay: values[2]})
		return
	}
	key := partitionKeys[level]
	if key == "eventDay" {
		if days, ok := pl.win.daysWithin(time.Time{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), maxEnumeratedDays); ok {
			for _, d := range days {
				v := d.Format("20060102")
				descend(prefix+key+"="+v+"/", v)
			}
			return
		}
	}
	children, ok := l.listFolders(ctx, prefix)
	if !ok {
		return
	}
	for _, child := range children {
		seg := strings.TrimSuffix(strings.TrimPrefix(child, prefix), "/")
		v, ok := strings.CutPrefix(seg, key+"=")
		if !ok {
			continue // not a partition folder (Iceberg metadata/, for one)
		}
		if key == "eventDay" {
			d, err := time.Parse("20060102", v)
			if err == nil && !pl.win.Contains(d) {
				continue
			}
		}
		descend(child, v)
	}
}

// listFiles adds the data files of one partition folder.
func (pl *partitionLister) listFiles(ctx context.Context, l *logLister, prefix string, part lake.Partition) {
	l.list(ctx, prefix, "", func(page *awss3.ListObjectsV2Output) {
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			uri := pl.loc.ObjectURI(key)
			if err := part.Validate(); err != nil {
				pl.skip(uri, "not a Security Lake partition: "+err.Error())
				continue
			}
			name, err := dataFileName(strings.TrimPrefix(key, prefix))
			if err != nil {
				pl.skip(uri, err.Error())
				continue
			}
			obj := object{Bucket: pl.loc.Bucket, Key: key, ETag: normalizeETag(aws.ToString(o.ETag)), Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified)}
			pl.mu.Lock()
			pl.items = append(pl.items, pullItem{obj: obj, part: part, name: name})
			pl.mu.Unlock()
		}
	})
}

var safeFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$`)

// dataFileName checks the key below a partition folder and returns the
// local name of the file: the object's name, ending like every committed
// data file of the lake so that the lake's globs see it.
func dataFileName(rest string) (string, error) {
	switch {
	case strings.Contains(rest, "/"):
		return "", errors.New("not directly in a partition folder")
	case !strings.HasSuffix(rest, ".parquet"):
		return "", errors.New("not a .parquet file")
	case !safeFileName.MatchString(rest) || strings.Contains(rest, ".."):
		return "", errors.New("file name unsafe as a local path")
	}
	if strings.HasSuffix(rest, lake.DataFileSuffix) {
		return rest, nil
	}
	return strings.TrimSuffix(rest, ".parquet") + lake.DataFileSuffix, nil
}

// pulled is one fetched object: a staged file, or a rejection.
type pulled struct {
	entry  lake.SourceEntry
	staged *lake.Staged
}

// copyPartitions downloads the items concurrently and commits them in
// batches, in one goroutine so that commits never interleave.
func copyPartitions(parent context.Context, c *Client, w *lake.Writer, t lake.Table, items []pullItem, concurrency int, sum *PullSummary) error {
	if concurrency <= 0 {
		concurrency = 8
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	jobs := make(chan pullItem)
	results := make(chan pulled)
	errs := make(chan error, concurrency)
	names := &reservedNames{taken: map[string]bool{}}
	var wg sync.WaitGroup
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				p, err := fetchDataFile(ctx, c, w, t, it, names)
				if err != nil {
					errs <- err
					cancel()
					return
				}
				select {
				case results <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, it := range items {
			select {
			case jobs <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var batch []pulled
	commit := func() error {
		if len(batch) == 0 {
			return nil
		}
		var sources []lake.SourceEntry
		var staged []lake.Staged
		for _, p := range batch {
			sources = append(sources, p.entry)
			if p.staged != nil {
				staged = append(staged, *p.staged)
			}
		}
		if _, err := w.Commit(t, sources, staged, nil); err != nil {
			return err
		}
		sum.Commits++
		for _, p := range batch {
			if p.staged == nil {
				sum.Rejected = append(sum.Rejected, source.Skipped{Name: p.entry.Name, Reason: strings.Join(p.entry.Errors, "; ")})
				continue
			}
			sum.Files++
			sum.Bytes += p.staged.Entry.Bytes
			sum.Rows += p.staged.Entry.Rows
		}
		batch = batch[:0]
		return nil
	}
	for p := range results {
		batch = append(batch, p)
		if len(batch) == pullBatch {
			if err := commit(); err != nil {
				cancel()
				for range results {
				}
				return err
			}
		}
	}
	// Files fetched whole before a failure or an interrupt are committed:
	// the next pull need not fetch them again.
	if err := commit(); err != nil {
		return err
	}
	select {
	case err := <-errs:
		return err
	default:
	}
	return parent.Err()
}

// reservedNames keeps two objects of one run from claiming one local path.
type reservedNames struct {
	mu    sync.Mutex
	taken map[string]bool
}

// claim returns final, or a name made unique with the object's ETag when
// final exists or is claimed already (an object replaced since the last
// pull, or two keys that map to one name).
func (r *reservedNames) claim(final, etag string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := os.Stat(final); r.taken[final] || !errors.Is(err, fs.ErrNotExist) {
		h := sha256.Sum256([]byte(etag))
		final = strings.TrimSuffix(final, lake.DataFileSuffix) + "-" + hex.EncodeToString(h[:4]) + lake.DataFileSuffix
	}
	r.taken[final] = true
	return final
}

// fetchDataFile downloads one object to its temporary name in the
// partition and reads its footer. A file that is not OCSF Parquet is
// removed and recorded as rejected, so it is not fetched again.
func fetchDataFile(ctx context.Context, c *Client, w *lake.Writer, t lake.Table, it pullItem, names *reservedNames) (pulled, error) {
	entry := it.entry()
	dir := it.part.Dir(w.Root, t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return pulled{}, fmt.Errorf("cannot create partition %s: %w", it.part.Path(), err)
	}
	final := names.claim(filepath.Join(dir, it.name), it.obj.ETag)
	tmp := lake.TempName(final)
	size, err := download(ctx, c, it.obj, tmp)
	if err != nil {
		os.Remove(tmp)
		return pulled{}, err
	}
	meta, err := summarizeParquet(tmp)
	if err != nil {
		os.Remove(tmp)
		entry.Records, entry.Rejected = 0, 1
		entry.Errors = []string{fmt.Sprintf("%s: %v", entry.Name, err)}
		return pulled{entry: entry}, nil
	}
	entry.Records, entry.Events = meta.Rows, meta.Rows
	return pulled{entry: entry, staged: &lake.Staged{
		Final: final,
		Entry: lake.FileEntry{Path: w.Rel(final), Rows: meta.Rows, Bytes: size, MinTime: meta.MinTime, MaxTime: meta.MaxTime},
	}}, nil
}

// download writes an object to path and syncs it.
func download(ctx context.Context, c *Client, o object, path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := newObjectReader(ctx, c, o)
	defer r.Close()
	n, err := io.Copy(f, r)
	if err != nil {
		return n, err
	}
	if err := f.Sync(); err != nil {
		return n, err
	}
	return n, f.Close()
}
