package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// A trail delivery that mixes management events with S3 and Lambda data
// events lands in three tables, as Security Lake keeps them: the data
// events under aws/S3_DATA/2.0 and aws/LAMBDA_EXECUTION/2.0, everything
// else (a DynamoDB data event and a network activity event among them,
// which Security Lake does not collect) under aws/CLOUD_TRAIL_MGMT/2.0.
// A rerun, and the same events in another format, add nothing to any
// table.
func TestTrailLandsInSecurityLakeTables(t *testing.T) {
	input := filepath.Join("testdata", "AWSLogs")
	root := t.TempDir()
	s := ingestCloudTrail(t, root, input)
	if s.Events != 8 || s.Rejected != 0 {
		t.Fatalf("events %d rejected %d, want 8 and 0", s.Events, s.Rejected)
	}
	want := map[string][]string{
		"CLOUD_TRAIL_MGMT": {"ConsoleLogin", "CreateFunction20150331", "Decrypt", "GetItem", "ListBuckets"},
		"S3_DATA":          {"GetObject", "PutObject"},
		"LAMBDA_EXECUTION": {"Invoke"},
	}
	for _, table := range lake.CloudTrailAll.Tables {
		var ops []string
		for _, e := range tableEvents(t, root, table) {
			ops = append(ops, e.API.Operation)
		}
		slices.Sort(ops)
		if !slices.Equal(ops, want[table.Source]) {
			t.Errorf("%s holds %v, want %v", table.Source, ops, want[table.Source])
		}
		if s.ByTable[table.Source] != int64(len(want[table.Source])) {
			t.Errorf("summary counts %d events in %s", s.ByTable[table.Source], table.Source)
		}
	}

	layout := regexp.MustCompile(`^aws/(CLOUD_TRAIL_MGMT|S3_DATA|LAMBDA_EXECUTION)/2\.0/region=us-east-1/accountId=111122223333/eventDay=20240305/[0-9a-f]{32}\.zstd\.parquet$`)
	perTable := map[string]int{}
	err := filepath.WalkDir(filepath.Join(root, "aws"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		m := layout.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil {
			t.Errorf("%s is not a Security Lake data file path", rel)
			return nil
		}
		perTable[m[1]]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if perTable["CLOUD_TRAIL_MGMT"] != 1 || perTable["S3_DATA"] != 1 || perTable["LAMBDA_EXECUTION"] != 1 {
		t.Errorf("data files per table %v, want one each", perTable)
	}
	if got := lake.S3Data.GlueTable("us-east-1"); got != "amazon_security_lake_table_us_east_1_s3_data_2_0" {
		t.Errorf("S3_DATA Glue name %s", got)
	}
	if got := lake.LambdaExecution.GlueTable("us-east-1"); got != "amazon_security_lake_table_us_east_1_lambda_execution_2_0" {
		t.Errorf("LAMBDA_EXECUTION Glue name %s", got)
	}

	infos, err := lake.Info(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range infos {
		wantRows, wantSources := int64(len(want[ti.Table])), 0
		if ti.Table == "CLOUD_TRAIL_MGMT" {
			wantSources = 1 // the sources are recorded with the management events
		}
		if ti.Rows != wantRows || ti.Sources != wantSources {
			t.Errorf("lake info %s: %d rows, %d sources; want %d and %d", ti.Table, ti.Rows, ti.Sources, wantRows, wantSources)
		}
	}
	if problems, err := lake.Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("verify: %v %v", problems, err)
	}

	if again := ingestCloudTrail(t, root, input); again.Sources != 0 || again.Unchanged != 1 {
		t.Fatalf("rerun read %d sources, %d unchanged", again.Sources, again.Unchanged)
	}
	// The same events as NDJSON, in a new file: each is a duplicate of its
	// copy in its own table.
	raw, err := os.ReadFile(filepath.Join(input, "111122223333", "CloudTrail", "us-east-1", "2024", "03", "05",
		"111122223333_CloudTrail_us-east-1_20240305T1025Z_Mx7KsOhtH1ar15ZZ.json"))
	if err != nil {
		t.Fatal(err)
	}
	var envelope struct{ Records []json.RawMessage }
	if err := json.Unmarshal(raw, &envelope); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range envelope.Records {
		lines = append(lines, string(r))
	}
	ndjson := filepath.Join(t.TempDir(), "export.jsonl")
	writeFile(t, ndjson, []byte(strings.Join(lines, "\n")+"\n"))
	if again := ingestCloudTrail(t, root, ndjson); again.Events != 0 || again.Duplicates != 8 {
		t.Fatalf("the same events again: %d written, %d duplicates", again.Events, again.Duplicates)
	}
}
