package engine

import (
	"strings"
	"testing"
	"time"
)

var athenaConfig = translateConfig{dialect: DialectAthena, now: testNow, mapColumns: map[string]bool{"unmapped": true}}

// TestTranslateLeavesDuckDBAlone checks that plain DuckDB SQL, and Trino
// names where they are not Trino calls, come through byte for byte.
func TestTranslateLeavesDuckDBAlone(t *testing.T) {
	f := func(sqlText string) {
		t.Helper()
		tr, err := translate(sqlText, athenaConfig)
		if err != nil {
			t.Fatalf("%s: %v", sqlText, err)
		}
		if got := tr.text(); got != sqlText {
			t.Errorf("changed:\n%s\ninto\n%s", sqlText, got)
		}
	}
	f(`SELECT list_transform(xs, x -> x + 1), xs[1], m['k'], strftime(ts, '%Y'), regexp_matches(s, 'a') FROM t`)
	f(`SELECT 'now() current_timestamp cardinality(x) amazon_security_lake_glue_db_x.amazon_security_lake_table_x_vpc_flow_2_0', "current_date"`)
	f(`SELECT 1 -- date_format(x, '%U') CURRENT_TIMESTAMP` + "\n" + `/* element_at(a, 1) /* nested */ arbitrary(x) */ FROM t`)
	f(`SELECT $$ regexp_extract(a, b) $$, $tag$ now() $tag$, E'it\'s current_date', x.contains(y), x.now FROM t AS contains(a, b)`)
	f(`SELECT date_add(DATE '2024-01-01', INTERVAL 1 DAY), contains('abc', 'b'), contains([1], 1)`)
	f(`SELECT * FROM t, unnest(xs) AS u(x) CROSS JOIN UNNEST(ys) WITH ORDINALITY AS v(y, n)`)
	f(`SELECT cardinality(unmapped), CAST(x AS VARCHAR[]), x::TIMESTAMP, TIMESTAMP '2024-01-01 00:00:00', INTERVAL '7' DAY`)
}

// TestTranslateRewrites pins the rewrites whose text matters beyond their
// answers: Glue names map to views, positions of untouched text survive.
func TestTranslateRewrites(t *testing.T) {
	f := func(cfg translateConfig, sqlText, want string) {
		t.Helper()
		tr, err := translate(sqlText, cfg)
		if err != nil {
			t.Fatalf("%s: %v", sqlText, err)
		}
		if got := tr.text(); got != want {
			t.Errorf("%s\n got %s\nwant %s", sqlText, got, want)
		}
	}
	duck := translateConfig{dialect: DialectDuckDB}
	f(duck, `SELECT a / 2, cardinality(m) FROM "amazon_security_lake_glue_db_sa_east_1"."amazon_security_lake_table_sa_east_1_vpc_flow_2_0"`,
		`SELECT a / 2, cardinality(m) FROM vpcflow`)
	f(duck, `SELECT current_timestamp`, `SELECT current_timestamp`)
	f(translateConfig{dialect: DialectDuckDB, now: time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)},
		`SELECT now(), current_date`, `SELECT TIMESTAMPTZ '2024-01-02 03:04:05.000006+00', DATE '2024-01-02'`)
	f(athenaConfig, `SELECT cardinality(t.unmapped), cardinality(t.resources), ARBITRARY(x)`,
		`SELECT cardinality(t.unmapped), len(t.resources), any_value(x)`)
	f(athenaConfig, `SELECT json_extract_scalar(d, '$["a.b"].c'), element_at(xs, -1)`,
		`SELECT json_extract_scalar(d, '$."a.b".c'), (xs)[-1]`)
	f(athenaConfig, `SELECT regexp_replace(s, '(a)(b)', '\$$2\\$1')`, `SELECT regexp_replace(s, '(a)(b)', '$\2\\\1', 'g')`)
	f(athenaConfig, `SELECT CAST(x AS ARRAY(ROW(a VARCHAR, b ARRAY(TIMESTAMP(3) WITH TIME ZONE))))`,
		`SELECT CAST(x AS STRUCT(a VARCHAR, b TIMESTAMPTZ[])[])`)
}

func TestSourceOffset(t *testing.T) {
	src := "SELECT cardinality(xs),\n  bad FROM amazon_security_lake_table_x_cloud_trail_mgmt_2_0 WHERE y"
	tr, err := translate(src, athenaConfig)
	if err != nil {
		t.Fatal(err)
	}
	out := tr.text()
	for _, word := range []string{"xs", "bad", "WHERE", "y"} {
		if got, want := tr.sourceOffset(strings.LastIndex(out, word)), strings.LastIndex(src, word); got != want {
			t.Errorf("%s: translated offset maps to %d, want %d", word, got, want)
		}
	}
	if got, want := tr.sourceOffset(strings.Index(out, "cloudtrail")+3), strings.Index(src, "amazon"); got != want {
		t.Errorf("inside a rewritten name: %d, want %d (the name's start)", got, want)
	}
}

func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		`SELECT any_match(xs, x -> x > 1) FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"`,
		`SELECT date_format(now(), '%Y%m%d%H'), INTERVAL '1-2' YEAR TO MONTH, contains('10.0.0.0/8', CAST(ip AS IPADDRESS))`,
		`SELECT 'unterminated`, `/* open comment`, `SELECT $$`, `SELECT E'\'`, `f(((`, `)))`, `CAST(`, `UNNEST(x) AS t(a, b)`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tr, err := translate(s, translateConfig{dialect: DialectDuckDB})
		if err == nil && tr.text() != s && !strings.Contains(strings.ToLower(s), "amazon_security_lake_") {
			t.Fatalf("the duckdb dialect changed SQL without Glue names:\n%q\n%q", s, tr.text())
		}
		if tr, err = translate(s, athenaConfig); err == nil {
			for off := range len(tr.text()) + 1 {
				if o := tr.sourceOffset(off); o < 0 || o > len(s) {
					t.Fatalf("offset %d maps outside the source: %d", off, o)
				}
			}
		}
	})
}

func BenchmarkTranslate(b *testing.B) {
	sqlText := `WITH base AS (SELECT accountid, DATE(from_unixtime(CAST(time / 1000 AS BIGINT))) AS d, api.operation AS op,
		json_extract_scalar(api.request.data, '$.bucketName') AS bucket
		FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"
		WHERE time_dt BETWEEN CURRENT_TIMESTAMP - INTERVAL '7' DAY AND CURRENT_TIMESTAMP
		AND any_match(resources, r -> r.type = 'AWS::S3::Bucket') AND contains('10.0.0.0/8', CAST(src_endpoint.ip AS IPADDRESS)))
		SELECT accountid, d, op, count(*) AS n, ARBITRARY(bucket) FROM base GROUP BY 1, 2, 3 ORDER BY n DESC -- top operations`
	b.SetBytes(int64(len(sqlText)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := translate(sqlText, athenaConfig); err != nil {
			b.Fatal(err)
		}
	}
}
