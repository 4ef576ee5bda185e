package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// Security Lake keeps S3 and Lambda data events in tables of their own:
// each has its view and its Glue name, the cloudtrail view shows the
// management events only, and cloudtrail_all shows all three tables within
// the window.
func TestCloudTrailDataTables(t *testing.T) {
	root := t.TempDir()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, err := lake.NewPartition("eu-west-1", "111122223333", day)
	if err != nil {
		t.Fatal(err)
	}
	event := func(uid, service, operation string, at time.Duration) ocsf.CloudTrailEvent {
		ms := day.Add(at).UnixMilli()
		return ocsf.CloudTrailEvent{Time: ms, TimeDt: ms, ClassUID: 6003,
			Metadata: ocsf.Metadata{UID: uid, Profiles: []string{"cloud"}, Product: ocsf.Product{Name: "CloudTrail", Feature: ocsf.Feature{Name: "Data"}}},
			API:      ocsf.API{Operation: operation, Service: ocsf.APIService{Name: service}}}
	}
	writeTableFile(t, root, lake.CloudTrail, part, "mgmt", []ocsf.CloudTrailEvent{
		event("m1", "s3.amazonaws.com", "ListBuckets", time.Hour), event("m2", "lambda.amazonaws.com", "CreateFunction20150331", 2*time.Hour)}, 100)
	writeTableFile(t, root, lake.S3Data, part, "s3", []ocsf.CloudTrailEvent{
		event("s1", "s3.amazonaws.com", "GetObject", time.Hour), event("s2", "s3.amazonaws.com", "PutObject", 20*time.Hour)}, 100)
	writeTableFile(t, root, lake.LambdaExecution, part, "lambda", []ocsf.CloudTrailEvent{
		event("l1", "lambda.amazonaws.com", "Invoke", 3*time.Hour)}, 100)

	e := openSmallLake(t, Options{Lake: root})
	f := func(q string, want ...string) {
		t.Helper()
		if got := queryStrings(t, e, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
	f(`SELECT metadata.uid FROM cloudtrail ORDER BY 1`, "m1", "m2")
	f(`SELECT metadata.uid, accountid, region, eventday FROM s3_data ORDER BY 1`, "s1 | 111122223333 | eu-west-1 | 20240305", "s2 | 111122223333 | eu-west-1 | 20240305")
	f(`SELECT metadata.uid FROM lambda_execution`, "l1")
	f(`SELECT metadata.uid FROM cloudtrail_all ORDER BY time_dt, 1`, "m1", "s1", "m2", "l1", "s2")
	f(`SELECT count(*) FROM "amazon_security_lake_glue_db_eu_west_1"."amazon_security_lake_table_eu_west_1_s3_data_2_0" WHERE api.operation = 'GetObject'`, "1")
	f(`SELECT api.operation FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_lambda_execution_2_0`, "Invoke")
	if got, want := describeView(t, e, "cloudtrail_all"), describeView(t, e, "cloudtrail"); !reflect.DeepEqual(got, want) {
		t.Errorf("cloudtrail_all has other columns than cloudtrail:\n%q\n%q", got, want)
	}

	// The window reaches through the union into every table.
	windowed := openSmallLake(t, Options{Lake: root, From: day, To: day.Add(2 * time.Hour)})
	if got := queryStrings(t, windowed, `SELECT metadata.uid FROM cloudtrail_all ORDER BY 1`); !reflect.DeepEqual(got, []string{"m1", "s1"}) {
		t.Errorf("windowed cloudtrail_all: %q", got)
	}
	// A Glue table of a source lakehunt does not hold is still refused by name.
	if _, err := e.Query(t.Context(), `SELECT * FROM amazon_security_lake_table_us_east_1_route53_2_0`); err == nil ||
		!strings.Contains(err.Error(), "s3_data_2_0 (view s3_data)") {
		t.Errorf("route53: %v", err)
	}
}

// cloudtrail_all reads only the tables with files in the window when
// their files are lakehunt's: the same columns and rows as the full
// union, with the fields a query reads pushed into the Parquet scan. A
// table's first file, found by Advance, joins the union; a file lakehunt
// did not write keeps every table in it.
func TestCloudTrailAllReadsTablesWithFiles(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	part, err := lake.NewPartition("eu-west-1", "111122223333", day)
	if err != nil {
		t.Fatal(err)
	}
	event := func(uid string, at time.Time) []ocsf.CloudTrailEvent {
		ms := at.UnixMilli()
		return []ocsf.CloudTrailEvent{{Time: ms, TimeDt: ms, ClassUID: 6003, Metadata: ocsf.Metadata{UID: uid}, API: ocsf.API{Operation: "GetObject"}}}
	}
	const ownName = "0123456789abcdef0123456789abcdef"
	f := func(pulled bool, wantUnion []string) {
		t.Helper()
		root := t.TempDir()
		name := ownName
		if pulled {
			name = "pulled"
		}
		writeTableFile(t, root, lake.CloudTrail, part, name, event("m1", day.Add(time.Hour)), 100)
		opt := Options{Lake: root, Now: testNow, From: day, To: day.Add(24 * time.Hour)}
		e := openSmallLake(t, opt)
		if got := queryStrings(t, e, `SELECT metadata.uid FROM cloudtrail_all`); !reflect.DeepEqual(got, []string{"m1"}) {
			t.Errorf("pulled %v: cloudtrail_all: %q", pulled, got)
		}
		if got, want := describeView(t, e, "cloudtrail_all"), describeView(t, e, "cloudtrail"); !reflect.DeepEqual(got, want) {
			t.Errorf("pulled %v: cloudtrail_all has other columns than cloudtrail:\n%q\n%q", pulled, got, want)
		}
		if got := unionBranchesOf(t, e); !reflect.DeepEqual(got, wantUnion) {
			t.Errorf("pulled %v: cloudtrail_all reads %q, want %q", pulled, got, wantUnion)
		}
		next, err := lake.NewPartition("eu-west-1", "111122223333", day.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		writeTableFile(t, root, lake.S3Data, next, "fedcba9876543210fedcba9876543210", event("s1", day.Add(25*time.Hour)), 100)
		opt.From, opt.To = day, day.Add(48*time.Hour)
		if err := e.Advance(t.Context(), opt); err != nil {
			t.Fatal(err)
		}
		if got := queryStrings(t, e, `SELECT metadata.uid FROM cloudtrail_all ORDER BY 1`); !reflect.DeepEqual(got, []string{"m1", "s1"}) {
			t.Errorf("pulled %v: cloudtrail_all after the first S3 file: %q", pulled, got)
		}
	}
	f(false, []string{"cloudtrail"})
	f(true, []string{"cloudtrail", "s3_data", "lambda_execution"})
}

// unionBranchesOf are the views cloudtrail_all reads, in order.
func unionBranchesOf(t *testing.T, e *Engine) []string {
	t.Helper()
	queryStrings(t, e, `SELECT count(*) FROM cloudtrail_all`) // defines it
	def := queryStrings(t, e, `SELECT sql FROM duckdb_views() WHERE view_name = 'cloudtrail_all'`)
	if len(def) != 1 {
		t.Fatalf("cloudtrail_all: %q", def)
	}
	var views []string
	for _, v := range []string{"cloudtrail", "s3_data", "lambda_execution"} {
		if strings.Contains(def[0], "FROM "+v+")") || strings.Contains(def[0], "FROM "+v+" ") || strings.HasSuffix(strings.TrimSuffix(def[0], ";"), "FROM "+v) {
			views = append(views, v)
		}
	}
	return views
}
