package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestRawTableQueries runs the published queries over AWS's raw tables
// (testdata/athena_raw: cloudtrail_logs, vpc_flow_logs) and CloudTrail
// Lake's sample queries (testdata/cloudtrail_lake), unchanged but for what
// each file's comment says, on the shared corpus. Each file holds the
// query, then the same question asked in DuckDB SQL of the raw records as
// DuckDB reads them from the corpus files: raw_cloudtrail (r, one JSON
// value per record, each event once) and raw_vpc_flow (AWS's vpc_flow_logs
// table read from the text files). Both answers are compared as sorted
// rows.
func TestRawTableQueries(t *testing.T) {
	cloudtrail := sharedcorpus.Dir(t, "corpus", "cloudtrail")
	stratus := sharedcorpus.Dir(t, "corpus", "stratus")
	vpcflow := sharedcorpus.Dir(t, "corpus", "vpcflow")
	root := t.TempDir()
	ctx := context.Background()
	if _, err := ingest.Paths(ctx, ingest.Request{Lake: root, Kind: source.CloudTrail}, []string{cloudtrail, stratus}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Paths(ctx, ingest.Request{Lake: root, Kind: source.VPCFlow}, []string{vpcflow}, nil); err != nil {
		t.Fatal(err)
	}
	athena := openSmallLake(t, Options{Lake: root})
	duck := openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB, AllowPaths: []string{cloudtrail, stratus, vpcflow}})
	for _, view := range []string{
		// One row per event, as the lake keeps it: deliveries of one event
		// with their keys in another order or other white space are one.
		`CREATE VIEW raw_cloudtrail AS SELECT any_value(r) AS r FROM (` + rawCloudTrailSQL(t, cloudtrail, stratus) + `) GROUP BY ` + canonicalJSON("r", 5),
		`CREATE VIEW raw_vpc_flow AS ` + expectedVPCFlowLogsSQL(t, vpcflow),
	} {
		if err := duck.Exec(ctx, view); err != nil {
			t.Fatal(err)
		}
	}
	f := func(path string) {
		t.Helper()
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		stmts := sqltext.Split(string(text))
		if len(stmts) != 2 {
			t.Fatalf("%s: %d statements, want the query and the question over the raw records", path, len(stmts))
		}
		got := queryStrings(t, athena, stmts[0].Text)
		want := queryStrings(t, duck, stmts[1].Text)
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 {
			t.Errorf("%s: the raw records give no answer to compare with", path)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d rows, the raw records give %d\nonly from the query: %q\nonly from the raw records: %q",
				path, len(got), len(want), firstDifferent(got, want), firstDifferent(want, got))
		}
	}
	for _, dir := range []string{"athena_raw", "cloudtrail_lake"} {
		paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.sql"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no queries in testdata/%s (%v)", dir, err)
		}
		for _, path := range paths {
			f(path)
		}
	}
}

// canonicalJSON is SQL for a text that is the same for JSON values that
// differ only in white space or in the order of object keys, down to
// depth levels of objects.
func canonicalJSON(j string, depth int) string {
	if depth == 0 {
		return j + "::VARCHAR"
	}
	e := fmt.Sprintf("e%d", depth)
	return "CASE WHEN json_type(" + j + ") = 'OBJECT' THEN list_sort(list_transform(map_entries(CAST(" + j + " AS MAP(VARCHAR, JSON))), " +
		e + " -> " + e + ".key || '=' || " + canonicalJSON(e+".value", depth-1) + "))::VARCHAR ELSE " + j + "::VARCHAR END"
}

// TestRawTableNames checks which names the translator resolves to the raw
// views.
func TestRawTableNames(t *testing.T) {
	f := func(sqlText, want string) {
		t.Helper()
		tr, err := translate(sqlText, translateConfig{dialect: DialectAthena})
		if err != nil {
			t.Fatalf("%s: %v", sqlText, err)
		}
		if got := tr.text(); got != want {
			t.Errorf("%s\n got  %s\n want %s", sqlText, got, want)
		}
	}
	f(`SELECT eventname FROM cloudtrail_logs`, `SELECT eventname FROM cloudtrail_logs`)
	f(`SELECT eventname FROM cloudtrail_logs_pp`, `SELECT eventname FROM cloudtrail_logs`)
	f(`SELECT t.eventname FROM "default".cloudtrail_logs_aws_cloudtrail_logs_111122223333_0a1b2c3d t`,
		`SELECT t.eventname FROM cloudtrail_logs t`)
	f(`SELECT cloudtrail_logs_my_trail.eventname FROM AwsDataCatalog.security."cloudtrail_logs_my_trail"`,
		`SELECT cloudtrail_logs.eventname FROM cloudtrail_logs`)
	f(`SELECT sum(bytes) FROM vpc_flow_logs_prod JOIN mydb.vpc_flow_logs v ON true`,
		`SELECT sum(bytes) FROM vpc_flow_logs JOIN vpc_flow_logs v ON true`)
	f(`SELECT count(*) AS cloudtrail_logs_total FROM cloudtrail_logs`, `SELECT count(*) AS cloudtrail_logs_total FROM cloudtrail_logs`)
	f(`SELECT eventID FROM EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE WHERE eventTime > '2024-01-01 00:00:00'`,
		`SELECT eventID FROM cloudtrail_lake WHERE eventTime > '2024-01-01 00:00:00'`)
	f(`SELECT count(*) FROM 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`, `SELECT count(*) FROM cloudtrail_lake`)
	f(`SELECT * FROM arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d LIMIT 5`,
		`SELECT * FROM cloudtrail_lake LIMIT 5`)
	f(`SELECT a.eventName FROM cloudtrail_logs c JOIN 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d a ON a.eventID = c.eventid`,
		`SELECT a.eventName FROM cloudtrail_logs c JOIN cloudtrail_lake a ON a.eventID = c.eventid`)
	// Not a table name: a subtraction, and names that only start alike.
	f(`SELECT 12345678 - 1234 FROM cloudtrail`, `SELECT 12345678 - 1234 FROM cloudtrail`)
	f(`SELECT * FROM cloudtrail_logsx`, `SELECT * FROM cloudtrail_logsx`)
}

// firstDifferent lists the first rows of a (sorted) that b lacks.
func firstDifferent(a, b []string) []string {
	var out []string
	for i, j := 0, 0; i < len(a) && len(out) < 5; i++ {
		for j < len(b) && b[j] < a[i] {
			j++
		}
		if j < len(b) && b[j] == a[i] {
			j++
			continue
		}
		out = append(out, a[i])
	}
	return out
}

// TestRawViewsDefinedOnUse checks that the raw views, defined when a
// statement first names them, are there for that very statement, its
// translation included (cardinality of a map column of cloudtrail_lake),
// and for statements that list the catalog.
func TestRawViewsDefinedOnUse(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := queryStrings(t, e, `SELECT cardinality(requestParameters) FROM 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d ORDER BY eventTime, eventID`)
	want := queryStrings(t, e, `SELECT len(map_keys(requestparameters)) FROM cloudtrail_lake ORDER BY eventtime, eventid`)
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("cardinality of a map column on first use: %q, want %q", got, want)
	}
	e = openSmallLake(t, Options{Lake: e.opt.Lake})
	got = queryStrings(t, e, `SELECT view_name FROM duckdb_views() WHERE view_name IN ('cloudtrail_logs', 'vpc_flow_logs', 'cloudtrail_lake') ORDER BY 1`)
	if want := []string{"cloudtrail_lake", "cloudtrail_logs", "vpc_flow_logs"}; !reflect.DeepEqual(got, want) {
		t.Errorf("views listed: %q, want %q", got, want)
	}
}
