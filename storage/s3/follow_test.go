package s3

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

func TestFollow(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "trail")
	uploadTree(t, c, "trail", "testdata/bucket", onlyLogs)
	root := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	summaries := make(chan *ingest.Summary, 10)
	follow := &Follow{
		Client:   c,
		Kind:     source.CloudTrail,
		URIs:     []string{"s3://trail/AWSLogs/444455556666/"},
		Interval: 50 * time.Millisecond,
		Now:      func() time.Time { return time.Date(2024, 3, 5, 13, 0, 0, 0, time.UTC) },
		Ingested: func() (func(string, string) bool, error) { return IngestedObjects(root, lake.CloudTrail) },
		Ingest: func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error {
			w, err := lake.OpenWriter(root)
			if err != nil {
				return err
			}
			defer w.Close()
			sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
			if err == nil {
				summaries <- sum
			}
			return err
		},
		OnError: func(err error) { t.Errorf("round failed: %v", err) },
	}
	done := make(chan error, 1)
	go func() { done <- follow.Run(ctx) }()
	next := func() *ingest.Summary {
		t.Helper()
		select {
		case s := <-summaries:
			return s
		case <-ctx.Done():
			t.Fatal("no ingest round within the time limit")
		}
		return nil
	}

	if first := next(); first.Sources != 2 || first.Events != 4 {
		t.Fatalf("first round read %d sources and wrote %d events, want 2 and 4", first.Sources, first.Events)
	}
	original, err := os.ReadFile("testdata/bucket/AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1200Z_Ff06.json")
	if err != nil {
		t.Fatal(err)
	}
	fresh := strings.ReplaceAll(string(original), `"eventID": "`, `"eventID": "new-`)
	putObject(t, c, "trail", "AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1300Z_Hh08.json.gz", gzipBytes(t, []byte(fresh)))
	if picked := next(); picked.Sources != 1 || picked.Events != 2 || picked.Unchanged != 1 {
		t.Errorf("round after a new delivery read %d sources (%d unchanged) and wrote %d events, want 1 (1) and 2: later rounds list the recent days only",
			picked.Sources, picked.Unchanged, picked.Events)
	}
	// Quiet rounds list a few day folders and run no ingest.
	lists := c.Requests().List
	time.Sleep(6 * follow.Interval)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run ended with %v, want nil on cancellation", err)
	}
	if len(summaries) != 0 {
		t.Errorf("quiet rounds ran the pipeline %d times", len(summaries))
	}
	if c.Requests().List == lists {
		t.Error("no List request while following")
	}
}
