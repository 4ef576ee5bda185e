package s3

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func sourceKeys(sources []source.Source, bucket string) []string {
	var keys []string
	for _, s := range sources {
		keys = append(keys, strings.TrimPrefix(s.Name, "s3://"+bucket+"/"))
	}
	return keys
}

func TestExpandS3(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "trail")
	uploadTree(t, c, "trail", "testdata/bucket", onlyLogs)
	ctx := context.Background()

	f := func(kind source.Kind, uri string, from, to time.Time, wantKeys []string, wantSkipped map[string]string, wantLists int64) {
		t.Helper()
		before := c.Requests()
		sources, skipped, err := ExpandS3(ctx, c, kind, uri, from, to)
		if err != nil {
			t.Fatalf("ExpandS3(%s): %v", uri, err)
		}
		got := sourceKeys(sources, "trail")
		if !slices.Equal(got, wantKeys) {
			t.Errorf("ExpandS3(%s %s..%s) sources:\n got %q\nwant %q", uri, from.Format(time.DateOnly), to.Format(time.DateOnly), got, wantKeys)
		}
		gotSkipped := map[string]string{}
		for _, s := range skipped {
			gotSkipped[strings.TrimPrefix(s.Name, "s3://trail/")] = s.Reason
		}
		for key, reason := range wantSkipped {
			if !strings.Contains(gotSkipped[key], reason) {
				t.Errorf("ExpandS3(%s): %s skipped for %q, want a reason with %q", uri, key, gotSkipped[key], reason)
			}
		}
		if len(gotSkipped) != len(wantSkipped) {
			t.Errorf("ExpandS3(%s): skipped %v, want %d entries", uri, gotSkipped, len(wantSkipped))
		}
		used := c.Requests()
		if lists := used.List - before.List; wantLists >= 0 && lists != wantLists {
			t.Errorf("ExpandS3(%s %s..%s) sent %d List requests, want %d", uri, from.Format(time.DateOnly), to.Format(time.DateOnly), lists, wantLists)
		}
		if used.Get != before.Get {
			t.Errorf("ExpandS3(%s) fetched %d objects while listing", uri, used.Get-before.Get)
		}
		for _, s := range sources {
			if s.ETag == "" || s.Size <= 0 || s.ModTime.IsZero() {
				t.Errorf("source %s lacks ETag, size or time: %+v", s.Name, s)
			}
		}
	}

	const (
		org      = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/"
		digest   = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240305T100500Z.json.gz"
		flow05   = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240305T1000Z_a1b2c3d4.log.gz"
		flow07   = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/07/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240307T1000Z_b1b2c3d4.log.gz"
		flowHive = "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=03/day=05/hour=10/111122223333_vpcflowlogs_us-west-2_fl-0fedcba987654321f_20240305T1000Z_c1b2c3d4.log.gz"
	)
	trail := []string{
		"AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1200Z_Ff06.json.gz",
		"AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/08/444455556666_CloudTrail_us-east-1_20240308T1200Z_Gg07.json.gz",
		org + "eu-west-1/2024/03/05/111122223333_CloudTrail_eu-west-1_20240305T0930Z_Ee05.json.gz",
		org + "us-east-1/2024/03/04/111122223333_CloudTrail_us-east-1_20240304T2355Z_Aa01.json.gz",
		org + "us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T1005Z_Bb02.json.gz",
		org + "us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T1015Z_Cc03.json.gz",
		org + "us-east-1/2024/03/06/111122223333_CloudTrail_us-east-1_20240306T0005Z_Dd04.json.gz",
	}
	notTrail := "VPC Flow Logs file (not CloudTrail)"
	var zero time.Time

	// No window: one flat listing of the bucket; the digest and the flow
	// logs are listed but skipped, never fetched.
	f(source.CloudTrail, "s3://trail", zero, zero, trail,
		map[string]string{digest: "digest", flow05: notTrail, flow07: notTrail, flowHive: notTrail}, 1)

	// One day from the bucket root. Lists: the root, AWSLogs/, the org
	// folder, then the CloudTrail/ region folders of the three accounts (the
	// Hive account has no CloudTrail layout), then one day folder per
	// region: us-east-1 and eu-west-1 of the org account, us-east-1 of
	// 444455556666. The digest folder is never listed.
	f(source.CloudTrail, "s3://trail/", day("2024-03-05"), day("2024-03-06"),
		[]string{trail[0], trail[2], trail[4], trail[5]}, nil, 1+1+1+3+3)

	// Two days from an account's trail folder: its regions, then two day
	// folders in each of them.
	f(source.CloudTrail, "s3://trail/"+org, day("2024-03-04"), day("2024-03-06"),
		[]string{trail[2], trail[3], trail[4], trail[5]}, nil, 1+2*2)

	// A window given in instants covers the days that hold them.
	f(source.CloudTrail, "s3://trail/"+org+"us-east-1/", time.Date(2024, 3, 5, 23, 0, 0, 0, time.UTC), time.Date(2024, 3, 6, 1, 0, 0, 0, time.UTC),
		[]string{trail[4], trail[5], trail[6]}, nil, 2)

	// A long window descends the year and month folders instead of
	// listing each of its days.
	f(source.CloudTrail, "s3://trail/AWSLogs/444455556666/", day("2020-01-01"), day("2025-01-01"),
		[]string{trail[0], trail[1]}, nil, 1+1+1+1+2)

	// Outside AWS's layout (no AWSLogs/ folder) the walk falls back to a
	// flat listing and keeps the keys whose delivery day is in the window.
	putObject(t, c, "trail", "exports/manual.json", []byte(`{"Records":[]}`))
	putObject(t, c, "trail", "exports/copy/"+trail[1], []byte(`{"Records":[]}`))
	putObject(t, c, "trail", "exports/copy/"+trail[0], []byte(`{"Records":[]}`))
	f(source.CloudTrail, "s3://trail/exports/", day("2024-03-05"), day("2024-03-06"), []string{"exports/copy/" + trail[0]},
		map[string]string{"exports/manual.json": "no AWS delivery day"}, 1+1)

	// VPC Flow Logs, plain and Hive-compatible (with an hour folder). Lists:
	// the root, AWSLogs/, the vpcflowlogs/ region folders of two accounts and
	// the Hive account's, two days in us-east-1 and two in us-west-2.
	f(source.VPCFlow, "s3://trail/", day("2024-03-05"), day("2024-03-07"), []string{flow05, flowHive}, nil, 1+1+3+2+2)
}

// TestIngestFromS3 runs bucket objects through the real pipeline: the lake
// gets the same events as from the same files on disk, a rerun fetches
// nothing, and the window limits what is fetched.
func TestIngestFromS3(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "trail")
	uploadTree(t, c, "trail", "testdata/bucket", onlyLogs)
	ctx := context.Background()

	ingestInto := func(root string, sources []source.Source, skipped []source.Skipped) *ingest.Summary {
		t.Helper()
		w, err := lake.OpenWriter(root)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
		if err != nil {
			t.Fatalf("ingest: %v", err)
		}
		return sum
	}
	run := func(root string, from, to time.Time) *ingest.Summary {
		t.Helper()
		ingested, err := IngestedObjects(root, lake.CloudTrail)
		if err != nil {
			t.Fatal(err)
		}
		sources, skipped, err := ExpandS3(ctx, c, source.CloudTrail, "s3://trail/", from, to, WithIngested(ingested))
		if err != nil {
			t.Fatal(err)
		}
		return ingestInto(root, sources, skipped)
	}

	local, localSkipped, err := source.Expand(source.CloudTrail, []string{"testdata/bucket"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := ingestInto(t.TempDir(), local, localSkipped)

	root := t.TempDir()
	before := c.Requests()
	got := run(root, time.Time{}, time.Time{})
	if got.Events != want.Events || got.Records != want.Records || got.Rejected != 0 || got.Sources != want.Sources {
		t.Errorf("ingest from S3: %d sources, %d records, %d events, %d rejected; from disk: %d sources, %d records, %d events",
			got.Sources, got.Records, got.Events, got.Rejected, want.Sources, want.Records, want.Events)
	}
	if gets := c.Requests().Get - before.Get; gets != int64(want.Sources) {
		t.Errorf("ingest fetched %d objects, want %d (one per log, none for the digest)", gets, want.Sources)
	}
	commits, err := lake.ReadManifest(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lake.IngestedSources(commits, lake.CloudTrail) {
		if !strings.HasPrefix(s.Name, "s3://trail/AWSLogs/") || s.ETag == "" || s.Size <= 0 {
			t.Errorf("manifest entry %+v lacks the object's URI, ETag or size", s)
		}
	}

	before = c.Requests()
	again := run(root, time.Time{}, time.Time{})
	if again.Sources != 0 || again.Unchanged != want.Sources {
		t.Errorf("rerun read %d sources (%d unchanged), want 0 (%d)", again.Sources, again.Unchanged, want.Sources)
	}
	if gets := c.Requests().Get - before.Get; gets != 0 {
		t.Errorf("rerun fetched %d objects, want 0", gets)
	}

	// A new object in the window is the only one fetched.
	original, err := os.ReadFile("testdata/bucket/AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1200Z_Ff06.json")
	if err != nil {
		t.Fatal(err)
	}
	fresh := strings.ReplaceAll(string(original), `"eventID": "`, `"eventID": "new-`)
	putObject(t, c, "trail", "AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1300Z_Hh08.json.gz", gzipBytes(t, []byte(fresh)))
	before = c.Requests()
	third := run(root, day("2024-03-05"), day("2024-03-06"))
	if third.Sources != 1 || third.Events != 2 {
		t.Errorf("windowed rerun read %d sources and wrote %d events, want 1 and 2", third.Sources, third.Events)
	}
	if gets := c.Requests().Get - before.Get; gets != 1 {
		t.Errorf("windowed rerun fetched %d objects, want 1", gets)
	}
}

// TestIngestFlowLogsFromS3 runs plain and Hive-layout flow logs from the
// bucket through the pipeline: the regions come from the keys, as from
// the same files on disk.
func TestIngestFlowLogsFromS3(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "flows")
	uploadTree(t, c, "flows", "testdata/bucket", onlyLogs)
	ctx := context.Background()
	sources, skipped, err := ExpandS3(ctx, c, source.VPCFlow, "s3://flows/AWSLogs/", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sum, err := ingest.Run(ctx, w, sources, skipped, ingest.VPCFlowOptions(ingest.FlowConfig{}))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sources != 3 || sum.Events != 9 || sum.Rejected != 0 {
		t.Errorf("flow logs from S3: %d sources, %d events, %d rejected; want 3, 9, 0", sum.Sources, sum.Events, sum.Rejected)
	}
	parts, err := lake.ListPartitions(root, lake.VPCFlow)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range parts {
		got = append(got, p.Path())
	}
	want := []string{
		"region=us-east-1/accountId=111122223333/eventDay=20240305",
		"region=us-east-1/accountId=111122223333/eventDay=20240307",
		"region=us-west-2/accountId=111122223333/eventDay=20240305",
	}
	if !slices.Equal(got, want) {
		t.Errorf("flow partitions %q, want %q", got, want)
	}
}
