package lake

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/source"
)

// Every table is found by each of its names, and by no other table's: the
// names are what views, Glue names, lake paths and the manifest key on.
func TestTableLookups(t *testing.T) {
	for _, tbl := range Tables {
		f := func(how string, got Table, ok bool) {
			t.Helper()
			if !ok || got.Source != tbl.Source {
				t.Errorf("%s: by %s found %q (%v)", tbl.Source, how, got.Source, ok)
			}
		}
		got, ok := TableBySource(tbl.Source)
		f("source", got, ok)
		got, ok = TableByView(tbl.View)
		f("view", got, ok)
		got, ok = TableByGlueSuffix(tbl.GlueSuffix())
		f("Glue suffix", got, ok)
		if tbl.Ingest != 0 {
			got, err := TableOf(tbl.Ingest)
			f("ingest kind", got, err == nil)
		}
		if tbl.Stream != 0 {
			got, err := TableOfStream(tbl.Stream)
			f("CloudTrail stream", got, err == nil)
		}
		got, ok = TableOfFile(tbl.Path() + "/region=us-east-1/accountId=111122223333/eventDay=20240305/0123456789abcdef0123456789abcdef.zstd.parquet")
		f("data file", got, ok)
	}
	if _, ok := TableByView("CLOUD_TRAIL_MGMT"); ok {
		t.Errorf("a source name found a view")
	}
	if _, ok := TableByGlueSuffix("route53_2_0"); ok {
		t.Errorf("a table lakehunt does not hold was found")
	}
	if _, err := TableOf(source.Kind(0)); err == nil || err.Error() != "no lake table for unknown kind" {
		t.Errorf("TableOf(0) error %v", err)
	}
	if _, err := TableOfStream(0); err == nil {
		t.Errorf("TableOfStream(0) found a table")
	}
	for _, rel := range []string{"aws/CLOUD_TRAIL_MGMT/2.0x/a.zstd.parquet", "_lakehunt/keys/CLOUD_TRAIL_MGMT/2.0/x.keys", "aws/S3_DATA"} {
		if tbl, ok := TableOfFile(rel); ok {
			t.Errorf("TableOfFile(%s) = %s", rel, tbl.Source)
		}
	}
}

// The names of the tables are Security Lake's, byte for byte.
func TestTableNames(t *testing.T) {
	f := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	f(CloudTrail.Path(), "aws/CLOUD_TRAIL_MGMT/2.0")
	f(CloudTrail.Dir("/lake"), filepath.Join("/lake", "aws", "CLOUD_TRAIL_MGMT", "2.0"))
	f(CloudTrail.GlueTable("us-east-1"), "amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0")
	f(VPCFlow.GlueTable("ap-southeast-2"), "amazon_security_lake_table_ap_southeast_2_vpc_flow_2_0")
	f(S3Data.Path(), "aws/S3_DATA/2.0")
	f(S3Data.GlueTable("us-east-1"), "amazon_security_lake_table_us_east_1_s3_data_2_0")
	f(LambdaExecution.Path(), "aws/LAMBDA_EXECUTION/2.0")
	f(LambdaExecution.GlueTable("eu-west-1"), "amazon_security_lake_table_eu_west_1_lambda_execution_2_0")
	f(GlueDatabase("eu-west-1"), "amazon_security_lake_glue_db_eu_west_1")
}

// The columns a table names exist in its row type: compaction merges on
// time and ThenColumn, and the writer drops statistics by path, silently
// when the path matches nothing; so do the bloom filters.
func TestTableColumnsExist(t *testing.T) {
	for _, tbl := range Tables {
		schema := tbl.Schema()
		for _, col := range append(append([]string{"time", tbl.ThenColumn}, tbl.UnboundedColumns...), tbl.EntityColumns...) {
			if col == "" {
				continue
			}
			if _, ok := schema.Lookup(strings.Split(col, ".")...); !ok {
				t.Errorf("%s: no column %s in %T", tbl.Source, col, tbl.Row)
			}
		}
	}
}

// A union view reads its tables by column name: they must hold one row
// type, and its name must not be a table's view.
func TestUnionViews(t *testing.T) {
	for _, u := range UnionViews {
		if _, ok := TableByView(u.View); ok {
			t.Errorf("union view %s is also a table's view", u.View)
		}
		for _, tbl := range u.Tables {
			if reflect.TypeOf(tbl.Row) != reflect.TypeOf(u.Tables[0].Row) {
				t.Errorf("%s: %s holds %T, %s holds %T", u.View, tbl.Source, tbl.Row, u.Tables[0].Source, u.Tables[0].Row)
			}
		}
	}
	// cloudtrail_all reads exactly the tables a CloudTrail ingest writes.
	for _, tbl := range Tables {
		if in := slices.ContainsFunc(CloudTrailAll.Tables, func(u Table) bool { return u.Source == tbl.Source }); in != (tbl.Stream != 0) {
			t.Errorf("%s (stream %s): in cloudtrail_all %v", tbl.Source, tbl.Stream, in)
		}
	}
}
