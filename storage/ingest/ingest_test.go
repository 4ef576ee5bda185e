package ingest

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

func ingestCloudTrail(t testing.TB, root string, paths ...string) *Summary {
	t.Helper()
	opt := CloudTrailOptions(time.Now())
	opt.Workers = 2
	return runCloudTrail(t, root, opt, paths...)
}

// runCloudTrail ingests the CloudTrail at paths into the lake at root with
// opt.
func runCloudTrail(t testing.TB, root string, opt Options[ocsf.CloudTrailEvent], paths ...string) *Summary {
	t.Helper()
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sources, skipped, err := source.Expand(source.CloudTrail, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Run(context.Background(), w, sources, skipped, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lakeEvents reads every committed CloudTrail row back from Parquet, from
// the three CloudTrail tables.
func lakeEvents(t testing.TB, root string) []ocsf.CloudTrailEvent {
	t.Helper()
	var all []ocsf.CloudTrailEvent
	for _, table := range lake.CloudTrailAll.Tables {
		all = append(all, tableEvents(t, root, table)...)
	}
	return all
}

// tableEvents reads the committed rows of one CloudTrail table.
func tableEvents(t testing.TB, root string, table lake.Table) []ocsf.CloudTrailEvent {
	t.Helper()
	// What readers see: committed files, less those a compaction replaced.
	files, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var all []ocsf.CloudTrailEvent
	for _, f := range files {
		all = append(all, readEvents(t, f)...)
	}
	return all
}

// readEvents reads the rows of one CloudTrail data file, which must be
// sorted by time.
func readEvents(t testing.TB, file string) []ocsf.CloudTrailEvent {
	t.Helper()
	rows, err := parquet.ReadFile[ocsf.CloudTrailEvent](file)
	if err != nil {
		t.Fatalf("cannot read %s: %v", file, err)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Time < rows[i-1].Time {
			t.Fatalf("%s: rows not sorted by time", file)
		}
	}
	return rows
}

func TestCloudTrailCorpusConformance(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus", "cloudtrail")
	root := t.TempDir()
	s := ingestCloudTrail(t, root, corpus)
	if s.Records != 540 || s.Rejected != 17 || s.Events != 491 {
		t.Fatalf("records %d rejected %d events %d, want 540, 17, 491", s.Records, s.Rejected, s.Events)
	}
	if len(s.Skipped) != 1 || !strings.Contains(s.Skipped[0].Name, "CloudTrail-Digest") {
		t.Fatalf("want the digest skipped, got %+v", s.Skipped)
	}
	classes := map[int32]int{}
	for _, e := range lakeEvents(t, root) {
		classes[e.ClassUID]++
	}
	if len(classes) != 3 || classes[3001]+classes[3002]+classes[6003] != 491 {
		t.Fatalf("classes in lake: %v", classes)
	}
	// The corpus's S3 data events (CopyObject, DeleteObject, ListBucket,
	// PutObject of Panther's tests; eventVersion 1.08 without
	// eventCategory, so managementEvent tells them) are S3_DATA's. Its
	// other data events, a DynamoDB GetRecords and a test event that marks
	// cloudtrail:EnableRegion as a data event, stay in CLOUD_TRAIL_MGMT.
	perTable := map[string]int{}
	for _, table := range lake.CloudTrailAll.Tables {
		for _, e := range tableEvents(t, root, table) {
			perTable[table.Source]++
			if table.Source != lake.CloudTrail.Source && (e.API.Service.Name != "s3.amazonaws.com" || e.Unmapped["managementEvent"] != "false") {
				t.Errorf("%s holds %s %s (managementEvent %q)", table.Source, e.API.Service.Name, e.API.Operation, e.Unmapped["managementEvent"])
			}
		}
	}
	if perTable["S3_DATA"] != 10 || perTable["LAMBDA_EXECUTION"] != 0 || perTable["CLOUD_TRAIL_MGMT"] != 481 {
		t.Errorf("events per table %v, want 481 management and 10 S3 data events", perTable)
	}
	if s.ByTable["S3_DATA"] != 10 || s.ByTable["CLOUD_TRAIL_MGMT"] != 481 {
		t.Errorf("summary counts %v per table", s.ByTable)
	}

	again := ingestCloudTrail(t, root, corpus)
	if again.Events != 0 || again.Sources != 0 || again.Unchanged != s.Sources {
		t.Fatalf("rerun: %+v", again)
	}
	if n := len(lakeEvents(t, root)); n != 491 {
		t.Fatalf("after rerun the lake holds %d events", n)
	}
}

func TestSameEventFromTwoFormatsIsStoredOnce(t *testing.T) {
	dir := t.TempDir()
	event := map[string]any{
		"eventVersion": "1.09", "eventTime": "2024-03-05T10:00:00Z", "eventSource": "s3.amazonaws.com",
		"eventName": "ListBuckets", "awsRegion": "us-east-1", "sourceIPAddress": "192.0.2.1",
		"eventID": "0b7a2f7c-0000-4000-8000-000000000001", "recipientAccountId": "111122223333",
		"userIdentity": map[string]any{"type": "IAMUser", "accountId": "111122223333", "userName": "alice"},
	}
	compact, _ := json.Marshal(event)
	pretty, _ := json.MarshalIndent(map[string]any{"Records": []any{event}}, "", "  ")
	lookup, _ := json.Marshal(map[string]any{"Events": []any{map[string]any{"EventId": "x", "CloudTrailEvent": string(compact)}}})
	writeFile(t, filepath.Join(dir, "a.json"), pretty)
	writeFile(t, filepath.Join(dir, "b.jsonl"), append(compact, '\n'))
	writeFile(t, filepath.Join(dir, "c.json"), lookup)
	root := t.TempDir()
	s := ingestCloudTrail(t, root, dir)
	if s.Events != 1 || s.Duplicates != 2 {
		t.Fatalf("events %d duplicates %d, want 1 and 2", s.Events, s.Duplicates)
	}
	// A later run with the same event in a new file adds nothing either.
	writeFile(t, filepath.Join(dir, "d.jsonl"), append(compact, '\n'))
	if s := ingestCloudTrail(t, root, dir); s.Events != 0 || s.Duplicates != 1 {
		t.Fatalf("second run: events %d duplicates %d", s.Events, s.Duplicates)
	}
}

func TestBadInputIsRejectedAndTheRunCarriesOn(t *testing.T) {
	dir := t.TempDir()
	good := `{"eventTime":"2024-03-05T10:00:00Z","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventID":"%d"}`
	writeFile(t, filepath.Join(dir, "mixed.jsonl"), []byte(strings.Join([]string{
		fmt.Sprintf(good, 1),
		`{"eventName":"NoTime"}`,
		`{not json`,
		fmt.Sprintf(good, 2),
		`{"eventTime":"1999-01-01T00:00:00Z","eventName":"Old"}`,
		`{"eventTime":"2024-03-05T10:00:00Z","eventName":"X","awsRegion":"../../etc"}`,
	}, "\n")))
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"Records":[` + fmt.Sprintf(good, 3) + `,` + fmt.Sprintf(good, 4)))
	zw.Close()
	writeFile(t, filepath.Join(dir, "truncated.json.gz"), []byte(gz.String()[:gz.Len()-8]))
	root := t.TempDir()
	s := ingestCloudTrail(t, root, dir)
	// Kept: records 0 and 3 of mixed.jsonl, the one whose region tries a
	// path traversal (it goes to region=unknown), and the two records the
	// truncated file held before it broke off.
	if s.Events != 5 || s.Rejected != 4 {
		t.Fatalf("events %d rejected %d: %+v", s.Events, s.Rejected, s)
	}
	if _, err := os.Stat(filepath.Join(lake.CloudTrail.Dir(root), "region=unknown", "accountId=000000000000")); err != nil {
		t.Fatalf("record with a traversal region not in the placeholder partition: %v", err)
	}
	infos, err := lake.Info(root)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, r := range infos[0].Rejections {
		msgs = append(msgs, r.Errors...)
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{"mixed.jsonl: record 1", "mixed.jsonl: record 2", "before 2006", "truncated.json.gz"} {
		if !strings.Contains(joined, want) {
			t.Errorf("rejections lack %q:\n%s", want, joined)
		}
	}
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
