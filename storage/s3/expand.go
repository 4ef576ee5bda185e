package s3

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/lakehunt/lakehunt/storage/source"
)

// maxEnumeratedDays bounds the day folders listed one by one, without
// listing the year and month folders above them. A longer window lists the
// date folders level by level instead, so that a window of years over a
// sparse bucket does not cost a request per empty day.
const maxEnumeratedDays = 31

// listConcurrency bounds the List requests in flight.
const listConcurrency = 16

// object is one listed S3 object.
type object struct {
	Bucket, Key string
	ETag        string // without the quotes S3 puts around it
	Size        int64
	ModTime     time.Time
}

func (o object) uri() string { return "s3://" + o.Bucket + "/" + o.Key }

// ExpandOption adjusts ExpandS3.
type ExpandOption func(*expandConfig)

type expandConfig struct {
	ingested func(name, etag string) bool
	prefetch prefetchLimits
}

// WithIngested names the objects the lake already holds (the pipeline skips
// them), so that they are not fetched ahead of the pipeline for nothing.
func WithIngested(ingested func(name, etag string) bool) ExpandOption {
	return func(c *expandConfig) { c.ingested = ingested }
}

// ExpandS3 lists the log objects of kind under an s3:// URI and returns them
// as sources whose Open streams the object through gunzip. Objects that the
// local rules skip (CloudTrail digest and Insights files, the other kind's
// logs, hidden and non-log names) come back as skipped, never fetched.
//
// With a bounded window [from, to) and a prefix inside AWS's delivery
// layout (AWSLogs/...), it lists only the day folders of the window
// for each account and region it finds, instead of walking the bucket;
// outside that layout it walks the prefix and keeps the objects whose key
// holds a delivery day in the window. Days are UTC delivery days of the
// keys: events of a window's first minutes may sit in the previous day's
// folder.
//
// Opens fetch ahead: while the pipeline decodes one object, the next ones
// are already downloading (bounded in count and bytes).
func ExpandS3(ctx context.Context, c *Client, kind source.Kind, uri string, from, to time.Time, opts ...ExpandOption) ([]source.Source, []source.Skipped, error) {
	cfg := expandConfig{prefetch: defaultPrefetchLimits}
	for _, o := range opts {
		o(&cfg)
	}
	loc, err := ParseURI(uri)
	if err != nil {
		return nil, nil, err
	}
	l := &logLister{c: c, kind: kind, loc: loc, win: NewWindow(from, to), sem: make(chan struct{}, listConcurrency)}
	if err := l.run(ctx); err != nil {
		return nil, nil, err
	}
	return newPrefetcher(ctx, c, l.objects, cfg).sources(), l.skipped, nil
}

type logLister struct {
	c    *Client
	kind source.Kind
	loc  Location
	win  Window
	sem  chan struct{}
	stop context.CancelFunc // after the first error

	mu      sync.Mutex
	objects []object
	skipped []source.Skipped
	errs    []error
}

func (l *logLister) run(ctx context.Context) error {
	ctx, l.stop = context.WithCancel(ctx)
	defer l.stop()
	start, inLayout := locate(l.kind, l.loc.Prefix)
	var wg sync.WaitGroup
	switch {
	case l.win.Unbounded():
		l.listObjects(ctx, l.loc.Prefix, false)
	case !inLayout:
		l.listObjects(ctx, l.loc.Prefix, true)
	default:
		l.walk(ctx, &wg, l.loc.Prefix, start)
	}
	wg.Wait()
	if len(l.errs) > 0 {
		return l.errs[0]
	}
	sort.Slice(l.objects, func(i, j int) bool { return l.objects[i].Key < l.objects[j].Key })
	sort.Slice(l.skipped, func(i, j int) bool { return l.skipped[i].Name < l.skipped[j].Name })
	return nil
}

// walk descends the delivery layout from prefix, which is at position p.
// Each child folder is walked in its own goroutine; the semaphore bounds
// the requests, not the goroutines, so that a parent waiting for children
// never holds a slot.
func (l *logLister) walk(ctx context.Context, wg *sync.WaitGroup, prefix string, p position) {
	descend := func(child string, next position) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.walk(ctx, wg, child, next)
		}()
	}
	switch p.level {
	case levelAbove:
		children, ok := l.listFolders(ctx, prefix)
		if !ok {
			return
		}
		for _, child := range children {
			if child == prefix+"AWSLogs/" {
				descend(child, position{level: levelAccount})
				return
			}
		}
		l.listObjects(ctx, prefix, true)
	case levelService:
		// The service folder is known: going straight to it never lists the
		// sibling digest and Insights folders.
		service := serviceSegment(l.kind, p.hive)
		if service == "" { // no Hive layout for this kind
			return
		}
		next, _ := advance(l.kind, p, service)
		descend(prefix+service+"/", next)
	case levelYear, levelMonth, levelDay:
		first, last := span(p)
		if !l.win.Overlaps(first, last) {
			return
		}
		days, ok := l.win.daysWithin(first, last, maxEnumeratedDays)
		if ok && !p.datesListed {
			for _, d := range days {
				next := p
				next.level, next.year, next.month, next.day = levelInDay, d.Year(), int(d.Month()), d.Day()
				descend(prefix+datePath(p, d), next)
			}
			return
		}
		p.datesListed = true
		l.descendFolders(ctx, prefix, p, descend)
	case levelInDay:
		if l.win.Contains(dayOf(p)) {
			l.listObjects(ctx, prefix, false)
		}
	default:
		l.descendFolders(ctx, prefix, p, descend)
	}
}

// descendFolders walks the child folders that continue the layout.
func (l *logLister) descendFolders(ctx context.Context, prefix string, p position, descend func(string, position)) {
	children, ok := l.listFolders(ctx, prefix)
	if !ok {
		return
	}
	for _, child := range children {
		seg := strings.TrimSuffix(strings.TrimPrefix(child, prefix), "/")
		if next, ok := advance(l.kind, p, seg); ok {
			descend(child, next)
		}
	}
}

// listFolders returns the common prefixes one level below prefix.
func (l *logLister) listFolders(ctx context.Context, prefix string) ([]string, bool) {
	var folders []string
	err := l.list(ctx, prefix, "/", func(page *awss3.ListObjectsV2Output) {
		for _, cp := range page.CommonPrefixes {
			folders = append(folders, aws.ToString(cp.Prefix))
		}
	})
	return folders, err == nil
}

// listObjects adds every object below prefix; filtered keeps only the keys
// whose delivery day is in the window.
func (l *logLister) listObjects(ctx context.Context, prefix string, filtered bool) {
	l.list(ctx, prefix, "", func(page *awss3.ListObjectsV2Output) {
		l.mu.Lock()
		defer l.mu.Unlock()
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if strings.HasSuffix(key, "/") { // a folder marker made by a console
				continue
			}
			name := l.loc.ObjectURI(key)
			if reason := source.SkipReason(l.kind, key, false); reason != "" {
				l.skipped = append(l.skipped, source.Skipped{Name: name, Reason: reason})
				continue
			}
			if filtered {
				day, ok := deliveryDay(l.kind, key)
				if !ok {
					l.skipped = append(l.skipped, source.Skipped{Name: name, Reason: "no AWS delivery day in the key (--from/--to select objects by it)"})
					continue
				}
				if !l.win.Contains(day) {
					continue
				}
			}
			l.objects = append(l.objects, object{
				Bucket:  l.loc.Bucket,
				Key:     key,
				ETag:    normalizeETag(aws.ToString(o.ETag)),
				Size:    aws.ToInt64(o.Size),
				ModTime: aws.ToTime(o.LastModified),
			})
		}
	})
}

// list pages through ListObjectsV2, recording the first error.
func (l *logLister) list(ctx context.Context, prefix, delimiter string, page func(*awss3.ListObjectsV2Output)) error {
	in := &awss3.ListObjectsV2Input{Bucket: aws.String(l.loc.Bucket), Prefix: aws.String(prefix)}
	if delimiter != "" {
		in.Delimiter = aws.String(delimiter)
	}
	pages := awss3.NewListObjectsV2Paginator(l.c.S3, in)
	for pages.HasMorePages() {
		l.sem <- struct{}{}
		out, err := pages.NextPage(ctx)
		<-l.sem
		if err != nil {
			err = l.c.explain(ctx, err, "list", l.loc.ObjectURI(prefix))
			l.mu.Lock()
			l.errs = append(l.errs, err)
			l.mu.Unlock()
			l.stop()
			return err
		}
		page(out)
	}
	return nil
}

func normalizeETag(etag string) string { return strings.Trim(etag, `"`) }
