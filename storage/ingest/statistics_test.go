package ingest

import (
	"bytes"
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
)

// Columns whose bounds could never skip a row group are written without
// them, by ingest and by compaction alike; the others keep theirs. The
// records are S3 data events, so the files are S3_DATA's.
func TestUnboundedColumnsHaveNoStatistics(t *testing.T) {
	table := lake.S3Data
	schema := parquet.SchemaOf(ocsf.CloudTrailEvent{})
	for _, c := range table.UnboundedColumns {
		if _, ok := schema.Lookup(strings.Split(c, ".")...); !ok {
			t.Fatalf("UnboundedColumns names %s, which the CloudTrail schema lacks", c)
		}
	}
	dir, root := t.TempDir(), t.TempDir()
	for file := range 2 {
		var lines []byte
		for i := range 3 {
			rec, _ := json.Marshal(map[string]any{
				"eventVersion": "1.09", "eventTime": fmt.Sprintf("2024-03-05T10:0%d:0%dZ", file, i), "eventSource": "s3.amazonaws.com",
				"eventName": "GetObject", "awsRegion": "us-east-1", "sourceIPAddress": "192.0.2.1",
				"eventID": fmt.Sprintf("0b7a2f7c-0000-4000-8000-00000000000%d", 3*file+i), "requestID": fmt.Sprintf("R%d", 3*file+i),
				"recipientAccountId": "111122223333", "readOnly": true, "managementEvent": false,
				"requestParameters": map[string]any{"bucketName": "b", "key": fmt.Sprintf("k%d", i)},
				"responseElements":  map[string]any{"x": i},
				"userIdentity":      map[string]any{"type": "IAMUser", "accountId": "111122223333", "userName": "alice"},
			})
			lines = append(append(lines, rec...), '\n')
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%d.jsonl", file)), lines)
		ingestCloudTrail(t, root, filepath.Join(dir, fmt.Sprintf("%d.jsonl", file)))
	}
	check := func(stage string, wantFiles int) {
		t.Helper()
		files, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
		if err != nil || len(files) != wantFiles {
			t.Fatalf("%s: %d files, want %d: %v", stage, len(files), wantFiles, err)
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		bounded := map[string]bool{}
		for _, c := range pf.Metadata().RowGroups[0].Columns {
			st := c.MetaData.Statistics
			bounded[strings.Join(c.MetaData.PathInSchema, ".")] = st.MinValue != nil || st.MaxValue != nil
		}
		for _, c := range table.UnboundedColumns {
			if bounded[c] {
				t.Errorf("%s: %s has min/max statistics", stage, c)
			}
		}
		for _, c := range []string{"time", "time_dt", "api.operation", "src_endpoint.ip", "actor.user.name"} {
			if !bounded[c] {
				t.Errorf("%s: %s lacks min/max statistics", stage, c)
			}
		}
	}
	check("ingest", 2)
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	part, err := lake.NewPartition("us-east-1", "111122223333", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.CompactPartition(table, part); err != nil {
		t.Fatal(err)
	}
	check("compaction", 1)
}
