package ingest

import (
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/crashchild"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestCrashChild is the work that the crash tests run in a child process
// and kill; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	root, input, work := os.Getenv("LAKEHUNT_CRASH_LAKE"), os.Getenv("LAKEHUNT_CRASH_INPUT"), os.Getenv("LAKEHUNT_CRASH_WORK")
	if root == "" {
		t.Skip("only runs as the child of the crash tests")
	}
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if work == "compact" {
		for _, table := range lake.Tables {
			parts, err := lake.ListPartitions(root, table)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				if _, err := w.CompactPartition(table, p); err != nil {
					t.Fatal(err)
				}
			}
		}
		return
	}
	kind := source.CloudTrail
	if work == "vpcflow" {
		kind = source.VPCFlow
	}
	sources, skipped, err := source.Expand(kind, []string{input}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if kind == source.VPCFlow {
		o := VPCFlowOptions(FlowConfig{})
		o.Workers, o.BatchRows = 2, 700
		_, err = Run(context.Background(), w, sources, skipped, o)
	} else {
		o := CloudTrailOptions(time.Now())
		o.Workers, o.BatchRows = 2, 700
		_, err = Run(context.Background(), w, sources, skipped, o)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// runChild runs the child work on root and kills it after delay, unless it
// finishes first (a zero delay never kills). It tells whether the child
// was killed and how long it ran.
func runChild(t *testing.T, work, root, input string, delay time.Duration) (bool, time.Duration) {
	t.Helper()
	child := crashchild.Child{Test: "TestCrashChild", Name: work,
		Env: []string{"LAKEHUNT_CRASH_LAKE=" + root, "LAKEHUNT_CRASH_INPUT=" + input, "LAKEHUNT_CRASH_WORK=" + work}}
	return child.Run(t, delay)
}

// minIngestKills is how many ingests each local crash test kills at
// least; with the S3 crash tests and the compactions the suite kills well
// over 50 children.
const minIngestKills = 15

// killInRounds kills children doing work until wantKills of them died
// mid-run. Kill instants are drawn from timed runs, not from a fixed
// bound: a child's speed varies severalfold with the machine and its load
// (with a fixed 400 ms bound, a run beside other test binaries killed 7 of
// the 8 compactions it needed). One child run to the end on a scratch lake
// times the whole work, a second one on the finished lake times start-up;
// each kill lands between the two. Each round starts from prepare's fresh
// lake and kills up to four children in a row, each resuming what the last
// left; finish then completes and checks the lake. It returns the last
// round's lake.
func killInRounds(t *testing.T, work, input string, wantKills int, prepare func() string, finish func(root string)) string {
	t.Helper()
	const killsPerRound, maxRounds = 4, 30
	scratch := prepare()
	_, whole := runChild(t, work, scratch, input, 0)
	_, startup := runChild(t, work, scratch, input, 0)
	if whole <= startup {
		whole = startup + 50*time.Millisecond
	}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	kills, rounds, root := 0, 0, ""
	for ; rounds < maxRounds && kills < wantKills; rounds++ {
		root = prepare()
		for k := 0; k < killsPerRound; k++ {
			delay := startup + time.Duration(rng.Int64N(int64(whole-startup)+1))
			killed, ran := runChild(t, work, root, input, delay)
			if !killed {
				if k == 0 && ran > startup {
					// A round's first child does the whole work: it ran
					// faster than timed (the machine's load changed), so
					// later kills are drawn over its time.
					whole = ran
				}
				break // the work is done: later children would find none
			}
			kills++
		}
		finish(root)
	}
	t.Logf("%s: %d kills in %d rounds (whole run %s, start-up %s)", work, kills, rounds, whole.Round(time.Millisecond), startup.Round(time.Millisecond))
	if kills < wantKills {
		t.Fatalf("%s: only %d children were killed mid-run in %d rounds, want %d", work, kills, rounds, wantKills)
	}
	return root
}

func writeCrashInput(t *testing.T, dir string, files, perFile int) int {
	t.Helper()
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for f := 0; f < files; f++ {
		times := make([]time.Time, perFile)
		for i := range times {
			times[i] = base.Add(time.Duration(n+i) * 37 * time.Second)
		}
		n = writeTrailFile(t, filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_%03d.json.gz", f)), n, times, mixedEvents)
	}
	return n
}

// trailRecord is the JSON of a test trail's event number n, at ts, with the
// event id "crash-%08d" that checkEveryEventOnce looks for.
type trailRecord func(n int, ts time.Time) string

// describeInstances is a management event in the region region(n) names.
func describeInstances(region func(n int) string) trailRecord {
	return func(n int, ts time.Time) string {
		return fmt.Sprintf(`{"eventVersion":"1.09","eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":%q,"sourceIPAddress":"198.51.100.%d","eventID":"crash-%08d","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"u%d"},"managementEvent":true,"eventCategory":"Management"}`,
			ts.Format(time.RFC3339), region(n), n%250, n, n%17)
	}
}

// mixedEvents are, in turn, a management event, an S3 data event and a
// Lambda data event, in two regions: every source file writes to the three
// CloudTrail tables, so every commit spans them.
func mixedEvents(n int, ts time.Time) string {
	region := []string{"us-east-1", "eu-west-1"}[n%2]
	switch n % 3 {
	case 1:
		return fmt.Sprintf(`{"eventVersion":"1.10","eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":%q,"sourceIPAddress":"198.51.100.%d","requestParameters":{"bucketName":"crash-bucket","key":"k/%d"},"eventID":"crash-%08d","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"u%d"},"readOnly":true,"managementEvent":false,"eventCategory":"Data"}`,
			ts.Format(time.RFC3339), region, n%250, n, n, n%17)
	case 2:
		return fmt.Sprintf(`{"eventVersion":"1.09","eventTime":%q,"eventSource":"lambda.amazonaws.com","eventName":"Invoke","awsRegion":%q,"sourceIPAddress":"198.51.100.%d","requestParameters":{"functionName":"arn:aws:lambda:%s:111122223333:function:f%d"},"eventID":"crash-%08d","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"u%d"},"readOnly":false,"managementEvent":false,"eventCategory":"Data"}`,
			ts.Format(time.RFC3339), region, n%250, region, n%5, n, n%17)
	}
	return describeInstances(func(int) string { return region })(n, ts)
}

// tableOfTestEvent is the table an event of these tests belongs in.
func tableOfTestEvent(operation string) string {
	switch operation {
	case "GetObject":
		return lake.S3Data.Source
	case "Invoke":
		return lake.LambdaExecution.Source
	}
	return lake.CloudTrail.Source
}

// writeTrailFile writes a CloudTrail file of one event per time, numbered
// from first, and returns the number after the last.
func writeTrailFile(t *testing.T, path string, first int, times []time.Time, record trailRecord) int {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(out)
	fmt.Fprint(zw, `{"Records":[`)
	n := first
	for i, ts := range times {
		if i > 0 {
			fmt.Fprint(zw, ",")
		}
		fmt.Fprint(zw, record(n, ts))
		n++
	}
	fmt.Fprint(zw, `]}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkEveryEventOnce checks that events 0 to want-1 are each in the lake
// once, across its tables, and in the table they belong in.
func checkEveryEventOnce(t *testing.T, root string, want int) {
	t.Helper()
	seen := make(map[string]bool, want)
	for _, table := range lake.CloudTrailAll.Tables {
		for _, e := range tableEvents(t, root, table) {
			if seen[e.Metadata.UID] {
				t.Fatalf("event %s is in the lake twice", e.Metadata.UID)
			}
			seen[e.Metadata.UID] = true
			if belongs := tableOfTestEvent(e.API.Operation); belongs != table.Source {
				t.Fatalf("event %s (%s) is in %s, not %s", e.Metadata.UID, e.API.Operation, table.Source, belongs)
			}
		}
	}
	for i := 0; i < want; i++ {
		if !seen[fmt.Sprintf("crash-%08d", i)] {
			t.Fatalf("event %d missing (lake holds %d of %d)", i, len(seen), want)
		}
	}
	if len(seen) != want {
		t.Fatalf("lake holds %d events, want %d", len(seen), want)
	}
	if problems, err := lake.Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("lake verify: %v %v", problems, err)
	}
}

// The crash matrix: ingests of both kinds and compactions are killed at
// random instants; after the same work runs again, every event is in the
// lake exactly once (checked by count and by id) and the lake verifies.
// Each CloudTrail source mixes management, S3 data and Lambda data events,
// so each commit spans three tables: a kill leaves a source's rows in all
// of them or in none that its rerun would not drop as duplicates.
func TestKilledIngestLeavesEveryEventOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	input := t.TempDir()
	want := writeCrashInput(t, input, 60, 500)
	root := killInRounds(t, "cloudtrail", input, minIngestKills, func() string { return t.TempDir() }, func(root string) {
		ingestCloudTrail(t, root, input)
		checkEveryEventOnce(t, root, want)
	})

	// Compactions are killed in rounds too, each over a fresh copy of the
	// ingested lake, so that every round has all of its partitions to merge.
	defer func(grace time.Duration) { lake.SetPurgeGracePeriod(grace) }(lake.SetPurgeGracePeriod(0))
	killInRounds(t, "compact", input, 8, func() string {
		copied := filepath.Join(t.TempDir(), "lake")
		if err := os.CopyFS(copied, os.DirFS(root)); err != nil {
			t.Fatal(err)
		}
		return copied
	}, func(copied string) {
		checkEveryEventOnce(t, copied, want)
		w, err := lake.OpenWriter(copied)
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range lake.Tables {
			parts, err := lake.ListPartitions(copied, table)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				if _, err := w.CompactPartition(table, p); err != nil {
					t.Fatal(err)
				}
			}
		}
		w.Close()
		checkEveryEventOnce(t, copied, want)
	})
}

func writeFlowCrashInput(t *testing.T, dir string, files, perFile int) int {
	t.Helper()
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Unix()
	n := 0
	for f := 0; f < files; f++ {
		out, err := os.Create(filepath.Join(dir, fmt.Sprintf("111122223333_vpcflowlogs_us-east-1_fl-1_%03d.log.gz", f)))
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(out)
		fmt.Fprintln(zw, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status region")
		for i := 0; i < perFile; i++ {
			s := start + int64(n*13)
			fmt.Fprintf(zw, "2 111122223333 eni-0a1b2c3d 10.0.%d.%d 198.51.100.7 %d 443 6 3 %d %d %d ACCEPT OK us-east-1\n", n/250%250, n%250, 1024+n%60000, n, s, s+60)
			n++
		}
		zw.Close()
		out.Close()
	}
	return n
}

func TestKilledFlowIngestLeavesEveryRecordOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	input := t.TempDir()
	want := writeFlowCrashInput(t, input, 40, 2000)
	killInRounds(t, "vpcflow", input, minIngestKills, func() string { return t.TempDir() }, func(root string) {
		checkEveryFlowOnce(t, root, input, want)
	})
}

func checkEveryFlowOnce(t *testing.T, root, input string, want int) {
	t.Helper()
	if s, _ := ingestFlows(t, root, FlowConfig{}, input); s.Rejected != 0 {
		t.Fatalf("rejected %d", s.Rejected)
	}
	flows := lakeFlows(t, root)
	seen := map[int64]bool{}
	for _, f := range flows {
		// bytes was written as the record's number: a unique id.
		id := *f.Traffic.Bytes
		if seen[id] {
			t.Fatalf("flow %d is in the lake twice", id)
		}
		seen[id] = true
	}
	if len(seen) != want {
		t.Fatalf("lake holds %d flows, want %d", len(seen), want)
	}
}
