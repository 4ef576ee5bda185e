package s3

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// sharedCorpus is ../shared/corpus beside the module root, or "" when the
// reference material is absent.
func sharedCorpus(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		return ""
	}
	return corpus
}

// TestCorpusFromBucket puts the shared CloudTrail corpus in a bucket under
// the same keys and checks that ingesting the bucket gives the lake the
// counts of ingesting the directory: 491 distinct events (corpus README).
func TestCorpusFromBucket(t *testing.T) {
	corpus := sharedCorpus(t)
	if corpus == "" {
		t.Skip("../shared/corpus is absent: the conformance test needs the shared reference corpus")
	}
	dir := filepath.Join(corpus, "cloudtrail")
	v := startVersity(t)
	c := v.client(t, "corpus")
	uploadTree(t, c, "corpus", dir, func(string) bool { return false })
	ctx := context.Background()

	run := func(sources []source.Source, skipped []source.Skipped) *ingest.Summary {
		t.Helper()
		w, err := lake.OpenWriter(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	local, localSkipped, err := source.Expand(source.CloudTrail, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := run(local, localSkipped)
	remote, remoteSkipped, err := ExpandS3(ctx, c, source.CloudTrail, "s3://corpus/", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := run(remote, remoteSkipped)
	if got.Events != 491 || want.Events != 491 {
		t.Errorf("events: %d from the bucket, %d from the directory; the corpus holds 491", got.Events, want.Events)
	}
	if got.Sources != want.Sources || got.Records != want.Records || got.Rejected != want.Rejected ||
		got.Duplicates != want.Duplicates || len(got.Skipped) != len(want.Skipped) {
		t.Errorf("bucket: %d sources, %d records, %d rejected, %d duplicates, %d skipped; directory: %d, %d, %d, %d, %d",
			got.Sources, got.Records, got.Rejected, got.Duplicates, len(got.Skipped),
			want.Sources, want.Records, want.Rejected, want.Duplicates, len(want.Skipped))
	}
	if gets := c.Requests().Get; gets != int64(want.Sources) {
		t.Errorf("fetched %d objects for %d sources", gets, want.Sources)
	}
}
