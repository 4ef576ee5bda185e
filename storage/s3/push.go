package s3

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// PushOptions configure Push.
type PushOptions struct {
	// Delete removes remote data files that the local lake no longer has
	// (compaction replaced them); without it they are only counted, since
	// Athena would read their rows twice.
	Delete bool
	// Concurrency bounds the uploads in flight (0: 8).
	Concurrency int
}

// PushSummary is the account of one push.
type PushSummary struct {
	Uploaded  int
	Bytes     int64
	Unchanged int      // already in the bucket with the same size
	Stale     []string // remote data files the lake does not have
	Deleted   int
	Duration  time.Duration
}

// maxPutObjectBytes is S3's limit for a single PUT; lakehunt's data files
// are bounded by the writer's batch and compaction sizes, far below it.
const maxPutObjectBytes = 5 << 30

// Push uploads the committed data files of the local lake to uri in the
// same layout (aws/<source>/<version>/region=.../accountId=.../eventDay=...),
// skipping files already there with the same size: data file names are
// random and never reused, so name and size identify a file. It uploads
// only data files, never the manifest, temporary files or key sidecars.
func Push(ctx context.Context, c *Client, root, uri string, opt PushOptions) (*PushSummary, error) {
	start := time.Now()
	loc, err := ParseURI(uri)
	if err != nil {
		return nil, err
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 8
	}
	sum := &PushSummary{}
	for _, t := range lake.Tables {
		if err := pushTable(ctx, c, root, loc, t, opt, sum); err != nil {
			sum.Duration = time.Since(start)
			return sum, err
		}
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

// tableKey is the key prefix of table t under loc.
func tableKey(loc Location, t lake.Table) string {
	return loc.Prefix + t.Path() + "/"
}

type pushFile struct {
	path, key string
	size      int64
}

func pushTable(ctx context.Context, c *Client, root string, loc Location, t lake.Table, opt PushOptions, sum *PushSummary) error {
	files, _, err := lake.ListFiles(root, t, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	prefix := tableKey(loc, t)
	remote := map[string]int64{}
	l := &logLister{c: c, loc: loc, sem: make(chan struct{}, 1)}
	l.stop = func() {}
	err = l.list(ctx, prefix, "", func(page *awss3.ListObjectsV2Output) {
		for _, o := range page.Contents {
			remote[aws.ToString(o.Key)] = aws.ToInt64(o.Size)
		}
	})
	if err != nil {
		return err
	}
	local := map[string]bool{}
	var todo []pushFile
	for _, path := range files {
		rel, err := filepath.Rel(t.Dir(root), path)
		if err != nil {
			return err
		}
		key := prefix + filepath.ToSlash(rel)
		local[key] = true
		info, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", path, err)
		}
		if size, ok := remote[key]; ok && size == info.Size() {
			sum.Unchanged++
			continue
		}
		if info.Size() > maxPutObjectBytes {
			return fmt.Errorf("cannot push %s: %d bytes is more than one PUT takes (5 GiB)", path, info.Size())
		}
		todo = append(todo, pushFile{path: path, key: key, size: info.Size()})
	}
	if err := uploadAll(ctx, c, loc, todo, opt.Concurrency, sum); err != nil {
		return err
	}
	var stale []string
	for key := range remote {
		if !local[key] && strings.HasSuffix(key, ".parquet") {
			stale = append(stale, key)
		}
	}
	sort.Strings(stale)
	if !opt.Delete {
		for _, key := range stale {
			sum.Stale = append(sum.Stale, loc.ObjectURI(key))
		}
		return nil
	}
	return deleteKeys(ctx, c, loc, stale, sum)
}

func uploadAll(ctx context.Context, c *Client, loc Location, todo []pushFile, concurrency int, sum *PushSummary) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var firstErr error
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for _, u := range todo {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			err := putFile(ctx, c, loc, u)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			sum.Uploaded++
			sum.Bytes += u.size
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func putFile(ctx context.Context, c *Client, loc Location, u pushFile) error {
	f, err := os.Open(u.path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = c.S3.PutObject(ctx, &awss3.PutObjectInput{
		Bucket:        aws.String(loc.Bucket),
		Key:           aws.String(u.key),
		Body:          f,
		ContentLength: aws.Int64(u.size),
		ContentType:   aws.String("application/vnd.apache.parquet"),
	})
	if err != nil {
		return c.explain(ctx, err, "upload to", loc.ObjectURI(u.key))
	}
	return nil
}

// deleteKeys removes keys in batches of 1000, the most one request takes.
func deleteKeys(ctx context.Context, c *Client, loc Location, keys []string, sum *PushSummary) error {
	for len(keys) > 0 {
		n := min(len(keys), 1000)
		ids := make([]types.ObjectIdentifier, n)
		for i, k := range keys[:n] {
			ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
		}
		out, err := c.S3.DeleteObjects(ctx, &awss3.DeleteObjectsInput{Bucket: aws.String(loc.Bucket), Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return c.explain(ctx, err, "delete stale files from", loc.String())
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("cannot delete %s: %s: %s", loc.ObjectURI(aws.ToString(e.Key)), aws.ToString(e.Code), aws.ToString(e.Message))
		}
		sum.Deleted += n
		keys = keys[n:]
	}
	return nil
}
