package s3

import (
	"context"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestCorpusFromBucket puts the shared CloudTrail corpus in a bucket under
// the same keys and checks that ingesting the bucket gives the lake the
// counts of ingesting the directory: 491 distinct events (corpus README).
func TestCorpusFromBucket(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "cloudtrail")
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
