package s3

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/crashchild"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Small batches make a run commit every few objects, so that a kill lands
// between, inside and around many commits.
const crashBatchRows = 700

// crashIngest runs the crash test's ingest of kind. The CloudTrail runs
// have a window (--from/--to), which makes the lister walk the day folders
// of AWS's layout; the flow runs list the prefix flat.
func crashIngest(ctx context.Context, c *Client, root string, kind source.Kind, uri string) (*ingest.Summary, error) {
	var from, to time.Time
	if kind == source.CloudTrail {
		from, to = day("2024-03-01"), day("2024-03-04")
	}
	return ingestLikeCLI(ctx, c, root, kind, uri, from, to, io.Discard)
}

// ingestLikeCLI is what 'lakehunt ingest cloudtrail|vpcflow s3://...' does
// for one URI, printing rejections and the summary to log.
func ingestLikeCLI(ctx context.Context, c *Client, root string, kind source.Kind, uri string, from, to time.Time, log io.Writer) (*ingest.Summary, error) {
	req, mu := requestLikeCLI(root, kind, log)
	var sum *ingest.Summary
	_, err := Ingest(ctx, IngestRequest{Client: c, Ingest: req, URIs: []string{uri}, From: from, To: to, OnSummary: func(s *ingest.Summary) {
		sum = s
		mu.Lock()
		defer mu.Unlock()
		s.Print(log)
	}})
	return sum, err
}

// pipelineLikeCLI runs the pipeline over sources already listed as the CLI
// does, printing rejections and the summary to log.
func pipelineLikeCLI(ctx context.Context, root string, kind source.Kind, sources []source.Source, skipped []source.Skipped, log io.Writer) (*ingest.Summary, error) {
	req, mu := requestLikeCLI(root, kind, log)
	sum, err := ingest.Sources(ctx, req, sources, skipped)
	if sum != nil {
		mu.Lock()
		sum.Print(log)
		mu.Unlock()
	}
	return sum, err
}

// requestLikeCLI is the crash tests' ingest: small batches, two workers,
// rejections printed to log under the returned lock.
func requestLikeCLI(root string, kind source.Kind, log io.Writer) (ingest.Request, *sync.Mutex) {
	mu := &sync.Mutex{}
	return ingest.Request{Lake: root, Kind: kind, Workers: 2, BatchRows: crashBatchRows, OnReject: func(r ingest.Rejection) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(log, "rejected: %s\n", r)
	}}, mu
}

// TestS3CrashChild is the ingest that TestS3CrashLeavesEveryEventOnce
// runs in a child process and kills; it does nothing in a normal run.
func TestS3CrashChild(t *testing.T) {
	root, uri, kind, endpoint := os.Getenv("LAKEHUNT_S3CRASH_LAKE"), os.Getenv("LAKEHUNT_S3CRASH_URI"), os.Getenv("LAKEHUNT_S3CRASH_KIND"), os.Getenv("LAKEHUNT_S3CRASH_ENDPOINT")
	if root == "" {
		t.Skip("only runs as the child of the S3 crash test")
	}
	k, err := strconv.Atoi(kind)
	if err != nil {
		t.Fatalf("LAKEHUNT_S3CRASH_KIND %q: %v", kind, err)
	}
	ctx := context.Background()
	c, err := NewClient(ctx, Config{EndpointURL: endpoint, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crashIngest(ctx, c, root, source.Kind(k), uri); err != nil {
		t.Fatal(err)
	}
}

// crashCase is one table of the matrix: its objects in the bucket and how
// to tell that the lake holds each of its events once.
type crashCase struct {
	kind    source.Kind
	objects int
	ids     func(root string) []string // the unique id of every event in the lake
	want    []string
}

// The S3 crash matrix: ingests of both tables from versitygw, in child
// processes, are killed with SIGKILL at random instants. Each round starts
// a fresh lake and kills up to four runs in a row, each one resuming what
// the last left, at an instant drawn over what is left of the work; then
// a run goes to the end. Every event is then in the lake exactly once (by
// count and by a checksum of the ids), the lake verifies, and another run
// fetches nothing: the manifest records every object.
func TestS3CrashLeavesEveryEventOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	v := startVersity(t)
	c := v.client(t, "crash")
	trailIDs := uploadCrashTrail(t, c, "crash", 24, 400)
	flowIDs := uploadCrashFlows(t, c, "crash", 16, 1500)
	// A digest beside the logs: listed and skipped, never fetched.
	putObject(t, c, "crash", "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/01/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240301T000500Z.json.gz", gzipBytes(t, []byte(`{}`)))

	const uri = "s3://crash/AWSLogs/"
	env := []string{
		"LAKEHUNT_S3CRASH_URI=" + uri,
		"LAKEHUNT_S3CRASH_ENDPOINT=" + v.Endpoint,
		"AWS_ACCESS_KEY_ID=" + testAccessKey,
		"AWS_SECRET_ACCESS_KEY=" + testSecretKey,
	}
	cases := []crashCase{
		{kind: source.CloudTrail, objects: 24, ids: lakeTrailIDs(t), want: trailIDs},
		{kind: source.VPCFlow, objects: 16, ids: lakeFlowIDs(t), want: flowIDs},
	}
	// Rounds go on until minKills children died mid-run. Kill instants are
	// drawn from one timed run, and when the machine speeds up mid-test (a
	// parallel package finishing) children end before their kill: with at
	// most 5 rounds, a clean-clone CI run got 7 of 8. maxRounds only bounds
	// a broken child.
	const minKills, killsPerRound, maxRounds = 8, 4, 20
	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	f := func(cc crashCase) {
		t.Helper()
		// child is the ingest of cc's table into root.
		child := func(root string) crashchild.Child {
			return crashchild.Child{Test: "TestS3CrashChild", Name: cc.kind.String(),
				Env: append(slices.Clone(env), "LAKEHUNT_S3CRASH_LAKE="+root, "LAKEHUNT_S3CRASH_KIND="+strconv.Itoa(int(cc.kind)))}
		}
		// A child that starts and skips times the start-up; a child that
		// runs to the end on a scratch lake times a whole run. Kills are
		// drawn between the two.
		_, startup := crashchild.Child{Test: "TestS3CrashChild", Name: "start-up"}.Run(t, 0)
		_, whole := child(t.TempDir()).Run(t, 0)
		if whole <= startup {
			whole = startup + 100*time.Millisecond
		}
		kills, rounds := 0, 0
		for rounds < maxRounds && kills < minKills {
			root := t.TempDir()
			for k := 0; k < killsPerRound; k++ {
				// Drawn over what is left of the run, so that kills late in a
				// round still land before its end.
				done := ingestedCount(t, root, cc.kind)
				if done == cc.objects {
					break // a killed child had committed everything
				}
				left := (whole - startup) * time.Duration(cc.objects-done) / time.Duration(cc.objects)
				delay := startup + time.Duration(rng.Int64N(int64(left)+1))
				killed, _ := child(root).Run(t, delay)
				if !killed {
					break // the lake is complete: the round's rerun is done
				}
				kills++
			}
			checkS3CrashLake(t, c, root, uri, cc)
			rounds++
		}
		t.Logf("%s: %d kills in %d rounds (whole run %s, start-up %s)", cc.kind, kills, rounds, whole.Round(time.Millisecond), startup.Round(time.Millisecond))
		if kills < minKills {
			t.Errorf("%s: only %d children were killed mid-run, want %d", cc.kind, kills, minKills)
		}
	}
	for _, cc := range cases {
		f(cc)
	}
}

// ingestedCount is the number of objects of kind the lake's manifest holds.
func ingestedCount(t *testing.T, root string, kind source.Kind) int {
	t.Helper()
	table, err := lake.TableOf(kind)
	if err != nil {
		t.Fatal(err)
	}
	commits, err := lake.ReadManifest(root)
	if err != nil {
		t.Fatal(err)
	}
	return len(lake.IngestedSources(commits, table))
}

// checkS3CrashLake runs the ingest to the end after the kills, then checks
// the lake: each event once, a clean verify, and a rerun that fetches
// nothing.
func checkS3CrashLake(t *testing.T, c *Client, root, uri string, cc crashCase) {
	t.Helper()
	ctx := context.Background()
	sum, err := crashIngest(ctx, c, root, cc.kind, uri)
	if err != nil {
		t.Fatalf("%s: ingest after the kills: %v", cc.kind, err)
	}
	if sum.Rejected != 0 {
		t.Fatalf("%s: ingest after the kills rejected %d records", cc.kind, sum.Rejected)
	}
	got := cc.ids(root)
	if len(got) != len(cc.want) || uidChecksum(got) != uidChecksum(cc.want) {
		t.Fatalf("%s: lake holds %d events (checksum %.12s), want %d (%.12s): %s",
			cc.kind, len(got), uidChecksum(got), len(cc.want), uidChecksum(cc.want), idDifference(got, cc.want))
	}
	if problems, err := lake.Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("%s: lake verify: %v %v", cc.kind, problems, err)
	}
	before := c.Requests()
	again, err := crashIngest(ctx, c, root, cc.kind, uri)
	if err != nil {
		t.Fatal(err)
	}
	if again.Sources != 0 || again.Unchanged != cc.objects || again.Events != 0 {
		t.Fatalf("%s: rerun read %d sources (%d unchanged) and wrote %d events, want 0 (%d) and 0",
			cc.kind, again.Sources, again.Unchanged, again.Events, cc.objects)
	}
	if gets := c.Requests().Get - before.Get; gets != 0 {
		t.Fatalf("%s: rerun fetched %d objects, want 0", cc.kind, gets)
	}
}

// uidChecksum hashes the sorted ids: equal for equal multisets.
func uidChecksum(ids []string) string {
	sorted := slices.Sorted(slices.Values(ids))
	h := sha256.New()
	for _, id := range sorted {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// idDifference names the first duplicate, missing and unexpected ids.
func idDifference(got, want []string) string {
	count := map[string]int{}
	for _, id := range got {
		count[id]++
	}
	var dup, missing, extra []string
	for id, n := range count {
		if n > 1 {
			dup = append(dup, id)
		}
	}
	wanted := map[string]bool{}
	for _, id := range want {
		wanted[id] = true
		if count[id] == 0 {
			missing = append(missing, id)
		}
	}
	for id := range count {
		if !wanted[id] {
			extra = append(extra, id)
		}
	}
	first := func(ids []string) []string { slices.Sort(ids); return ids[:min(len(ids), 5)] }
	return fmt.Sprintf("%d duplicated %q, %d missing %q, %d unexpected %q",
		len(dup), first(dup), len(missing), first(missing), len(extra), first(extra))
}

// uploadCrashTrail puts CloudTrail objects in AWS's layout over three days
// and two regions, and returns the eventIDs they hold.
func uploadCrashTrail(t *testing.T, c *Client, bucket string, objects, perObject int) []string {
	t.Helper()
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for o := 0; o < objects; o++ {
		region := []string{"us-east-1", "eu-west-1"}[o%2]
		delivered := base.Add(time.Duration(o) * 3 * time.Hour)
		var b strings.Builder
		b.WriteString(`{"Records":[`)
		for i := 0; i < perObject; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			n := len(ids)
			id := fmt.Sprintf("s3crash-%08d", n)
			ts := delivered.Add(-time.Duration(perObject-i) * time.Second).Format(time.RFC3339)
			fmt.Fprintf(&b, `{"eventVersion":"1.09","eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":%q,"sourceIPAddress":"203.0.113.%d","eventID":%q,"recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"u%d"},"requestParameters":{"bucketName":"b%d"}}`,
				ts, region, n%250, id, n%13, n)
			ids = append(ids, id)
		}
		b.WriteString(`]}`)
		key := fmt.Sprintf("AWSLogs/111122223333/CloudTrail/%s/%s/111122223333_CloudTrail_%s_%s_c%04d.json.gz",
			region, delivered.Format("2006/01/02"), region, delivered.Format("20060102T1504Z"), o)
		putObject(t, c, bucket, key, gzipBytes(t, []byte(b.String())))
	}
	return ids
}

// uploadCrashFlows puts VPC flow log objects in AWS's layout; each record's
// bytes field is its number, a unique id.
func uploadCrashFlows(t *testing.T, c *Client, bucket string, objects, perObject int) []string {
	t.Helper()
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for o := 0; o < objects; o++ {
		region := []string{"us-east-1", "us-west-2"}[o%2]
		delivered := start.Add(time.Duration(o) * 4 * time.Hour)
		var b strings.Builder
		b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
		for i := 0; i < perObject; i++ {
			n := len(ids)
			s := delivered.Unix() - int64(perObject-i)
			fmt.Fprintf(&b, "2 111122223333 eni-0a1b2c3d 10.1.%d.%d 198.51.100.9 %d 443 6 2 %d %d %d ACCEPT OK\n", n/250%250, n%250, 1024+n%60000, n, s, s+60)
			ids = append(ids, strconv.Itoa(n))
		}
		key := fmt.Sprintf("AWSLogs/111122223333/vpcflowlogs/%s/%s/111122223333_vpcflowlogs_%s_fl-0a1b2c3d4e5f60718_%s_f%04d.log.gz",
			region, delivered.Format("2006/01/02"), region, delivered.Format("20060102T1504Z"), o)
		putObject(t, c, bucket, key, gzipBytes(t, []byte(b.String())))
	}
	return ids
}

// lakeTrailIDs reads the metadata.uid (the eventID) of every CloudTrail
// row readers see.
func lakeTrailIDs(t *testing.T) func(root string) []string {
	return func(root string) []string {
		t.Helper()
		var ids []string
		for _, row := range readLakeRows[ocsf.CloudTrailEvent](t, root, lake.CloudTrail) {
			ids = append(ids, row.Metadata.UID)
		}
		return ids
	}
}

// lakeFlowIDs reads the planted bytes field of every flow row.
func lakeFlowIDs(t *testing.T) func(root string) []string {
	return func(root string) []string {
		t.Helper()
		var ids []string
		for _, row := range readLakeRows[ocsf.FlowEvent](t, root, lake.VPCFlow) {
			if row.Traffic.Bytes == nil {
				t.Fatalf("flow row without bytes: %+v", row)
			}
			ids = append(ids, strconv.FormatInt(*row.Traffic.Bytes, 10))
		}
		return ids
	}
}

// readLakeRows reads the committed files of a table, less those a
// compaction replaced: what readers see.
func readLakeRows[T any](t *testing.T, root string, table lake.Table) []T {
	t.Helper()
	files, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var all []T
	for _, f := range files {
		rows, err := parquet.ReadFile[T](f)
		if err != nil {
			t.Fatalf("cannot read %s: %v", f, err)
		}
		all = append(all, rows...)
	}
	return all
}
