package engine

import (
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

func writeTrailFiles(t *testing.T, dir string, first, files, perFile int) {
	t.Helper()
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	n := first * perFile
	for f := first; f < first+files; f++ {
		out, err := os.Create(filepath.Join(dir, fmt.Sprintf("trail-%04d.json.gz", f)))
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(out)
		fmt.Fprint(zw, `{"Records":[`)
		for i := 0; i < perFile; i++ {
			if i > 0 {
				fmt.Fprint(zw, ",")
			}
			fmt.Fprintf(zw, `{"eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventID":"rw-%08d"}`,
				base.Add(time.Duration(n%(3*24*60))*time.Minute).Format(time.RFC3339), n)
			n++
		}
		fmt.Fprint(zw, `]}`)
		zw.Close()
		out.Close()
	}
}

// Readers run queries in a loop while ingests and compactions commit: no
// query may fail, see an event twice, or see fewer events than before.
func TestReadersDuringIngestAndCompaction(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingests and compactions under readers")
	}
	root, input := t.TempDir(), t.TempDir()
	const files, perFile = 40, 150
	writer := func(ctx context.Context) error {
		for round := 0; round < 2; round++ {
			writeTrailFiles(t, input, round*files, files, perFile)
			w, err := lake.OpenWriter(root)
			if err != nil {
				return err
			}
			sources, skipped, err := source.Expand(source.CloudTrail, []string{input}, nil)
			if err != nil {
				w.Close()
				return err
			}
			opt := ingest.CloudTrailOptions(time.Now())
			opt.BatchRows = 400
			if _, err := ingest.Run(ctx, w, sources, skipped, opt); err != nil {
				w.Close()
				return err
			}
			parts, err := lake.ListPartitions(root, lake.CloudTrail)
			if err != nil {
				w.Close()
				return err
			}
			for _, p := range parts {
				if _, err := w.CompactPartition(lake.CloudTrail, p); err != nil {
					w.Close()
					return err
				}
			}
			w.Close()
		}
		return nil
	}
	// The lake must exist before the first reader opens it.
	if w, err := lake.OpenWriter(root); err != nil {
		t.Fatal(err)
	} else {
		w.Close()
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	done := make(chan struct{})
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		writeErr = writer(ctx)
	}()
	last, reads := int64(0), 0
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		e, err := Open(ctx, Options{Lake: root})
		if err != nil {
			t.Fatalf("read %d: open: %v", reads, err)
		}
		var count, distinct int64
		// Translating defines the view the statement names.
		q, err := e.Translate(`SELECT count(*), count(DISTINCT metadata.uid) FROM cloudtrail`)
		if err == nil {
			err = e.db.QueryRowContext(ctx, q).Scan(&count, &distinct)
		}
		e.Close()
		if err != nil {
			t.Fatalf("read %d: %v", reads, err)
		}
		if count != distinct {
			t.Fatalf("read %d: %d rows but %d distinct events: a file was counted twice", reads, count, distinct)
		}
		if count < last {
			t.Fatalf("read %d: count went from %d down to %d", reads, last, count)
		}
		last = count
		reads++
	}
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	if last != 2*files*perFile {
		t.Fatalf("final count %d, want %d", last, 2*files*perFile)
	}
	t.Logf("%d reads during 2 ingests and 2 compactions", reads)
}
