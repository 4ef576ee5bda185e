package gen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
)

// fileSet is a run's files, rendered one at a time by index. Each file
// draws from its own random stream, so the bytes do not depend on which
// worker renders it or when.
type fileSet interface {
	len() int
	// render appends file i's uncompressed content to b and returns it with
	// the file's path relative to the output directory and its record count.
	render(i int, b []byte) (rel string, content []byte, records int)
}

// writeFiles renders and gzips the files of set on parallel workers. The
// gzip level is BestSpeed: generation must outrun the ingest it feeds, and
// AWS's own files are not compressed much harder.
func writeFiles(ctx context.Context, out string, set fileSet, workers int) (Stats, error) {
	start := time.Now()
	var (
		next                    atomic.Int64
		events, rawN, gzN, nOut atomic.Int64
		dirs                    sync.Map
		wg                      sync.WaitGroup
		errOnce                 sync.Once
		firstErr                error
		failed                  atomic.Bool
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		failed.Store(true)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var content []byte
			var packed bytes.Buffer
			gz, _ := gzip.NewWriterLevel(&packed, gzip.BestSpeed)
			for {
				i := int(next.Add(1) - 1)
				if i >= set.len() || failed.Load() {
					return
				}
				if i%64 == 0 && ctx.Err() != nil {
					fail(ctx.Err())
					return
				}
				var rel string
				var records int
				rel, content, records = set.render(i, content[:0])
				if records == 0 {
					continue
				}
				packed.Reset()
				gz.Reset(&packed)
				if _, err := gz.Write(content); err != nil {
					fail(err)
					return
				}
				if err := gz.Close(); err != nil {
					fail(err)
					return
				}
				path := filepath.Join(out, rel)
				dir := filepath.Dir(path)
				if _, ok := dirs.Load(dir); !ok {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						fail(fmt.Errorf("cannot create %s: %w", dir, err))
						return
					}
					dirs.Store(dir, true)
				}
				if err := os.WriteFile(path, packed.Bytes(), 0o644); err != nil {
					fail(fmt.Errorf("cannot write %s: %w", path, err))
					return
				}
				events.Add(int64(records))
				rawN.Add(int64(len(content)))
				gzN.Add(int64(packed.Len()))
				nOut.Add(1)
			}
		}()
	}
	wg.Wait()
	st := Stats{Files: int(nOut.Load()), Events: events.Load(), RawBytes: rawN.Load(), GzipBytes: gzN.Load(), Duration: time.Since(start)}
	return st, firstErr
}

// plan spreads total records over files in proportion to their weights:
// each file gets the rounded difference of the cumulative share, so the
// counts add up to total exactly and stay deterministic.
func plan(weights []float64, total int64) []int32 {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	counts := make([]int32, len(weights))
	if sum == 0 {
		return counts
	}
	cum, prev := 0.0, int64(0)
	for i, w := range weights {
		cum += w
		upto := int64(cum / sum * float64(total))
		if i == len(weights)-1 {
			upto = total
		}
		counts[i] = int32(upto - prev)
		prev = upto
	}
	return counts
}
