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
