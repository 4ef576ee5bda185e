package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestAthenaConstructs runs each Athena/Trino construct over the small lake
// and compares its answer with the same question asked in plain DuckDB SQL
// on an engine that translates nothing.
func TestAthenaConstructs(t *testing.T) {
	athena := openSmallLake(t, Options{})
	duck := openSmallLake(t, Options{Lake: athena.opt.Lake, Dialect: DialectDuckDB})

	f := func(name, athenaSQL, duckSQL string) {
		t.Helper()
		got := queryStrings(t, athena, athenaSQL)
		want := queryStrings(t, duck, duckSQL)
		if len(want) == 0 {
			t.Errorf("%s: the DuckDB question has no answer to compare with", name)
		}
		if !reflect.DeepEqual(got, want) {
			translated, _ := athena.Translate(athenaSQL)
			t.Errorf("%s:\nathena  %q\nduckdb  %q\ntranslated: %s", name, got, want, translated)
		}
	}

	// Glue names, quoted or not, any region, with or without the catalog.
	f("glue names quoted",
		`SELECT count(*) FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"`,
		`SELECT count(*) FROM cloudtrail`)
	f("glue names unquoted, another region",
		`SELECT count(*), sum(traffic.bytes) FROM amazon_security_lake_glue_db_eu_west_2.amazon_security_lake_table_eu_west_2_vpc_flow_2_0`,
		`SELECT count(*), sum(traffic.bytes) FROM vpcflow`)
	f("glue catalog, bare table name as qualifier",
		`SELECT amazon_security_lake_table_ap_southeast_2_cloud_trail_mgmt_2_0.api.operation
		 FROM "AwsDataCatalog".amazon_security_lake_glue_db_ap_southeast_2."amazon_security_lake_table_ap_southeast_2_cloud_trail_mgmt_2_0"
		 ORDER BY 1`,
		`SELECT api.operation FROM cloudtrail ORDER BY 1`)
	f("partition columns",
		`SELECT DISTINCT region, accountId, eventDay FROM cloudtrail ORDER BY ALL`,
		`SELECT DISTINCT cloud.region, actor.user.account.uid, strftime(time_dt, '%Y%m%d') FROM cloudtrail ORDER BY ALL`)
	f("struct navigation, quoted alias",
		`SELECT actor.user.account.uid, api.service.name, count(*) AS "Total" FROM cloudtrail
		 GROUP BY actor.user.account.uid, api.service.name ORDER BY "Total" DESC, 1, 2`,
		`SELECT struct_extract(struct_extract(struct_extract(actor, 'user'), 'account'), 'uid') AS a,
		 struct_extract(struct_extract(api, 'service'), 'name') AS s, count(*) AS n FROM cloudtrail GROUP BY a, s ORDER BY n DESC, 1, 2`)

	// Time.
	f("CURRENT_TIMESTAMP - INTERVAL '7' DAY",
		`SELECT metadata.uid FROM cloudtrail WHERE time_dt BETWEEN CURRENT_TIMESTAMP - INTERVAL '7' DAY AND CURRENT_TIMESTAMP ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE time_dt >= TIMESTAMPTZ '2024-03-03 12:00:00+00' AND time_dt <= TIMESTAMPTZ '2024-03-10 12:00:00+00' ORDER BY 1`)
	f("interval forms",
		`SELECT CURRENT_TIMESTAMP - INTERVAL '12' HOUR, current_timestamp - interval '5' minute, CURRENT_TIMESTAMP - INTERVAL '1' MONTH,
		 CURRENT_TIMESTAMP - INTERVAL '1' YEAR, CURRENT_TIMESTAMP + INTERVAL '1-2' YEAR TO MONTH,
		 CURRENT_TIMESTAMP - INTERVAL '2 03:04:05.5' DAY TO SECOND, CURRENT_TIMESTAMP + INTERVAL '-0-1' YEAR TO MONTH`,
		`SELECT TIMESTAMPTZ '2024-03-10 00:00:00+00', TIMESTAMPTZ '2024-03-10 11:55:00+00', TIMESTAMPTZ '2024-02-10 12:00:00+00',
		 TIMESTAMPTZ '2023-03-10 12:00:00+00', TIMESTAMPTZ '2025-05-10 12:00:00+00', TIMESTAMPTZ '2024-03-08 08:55:54.5+00',
		 TIMESTAMPTZ '2024-02-10 12:00:00+00'`)
	f("current_date - INTERVAL '29' DAY",
		`SELECT count(*) FROM cloudtrail WHERE from_unixtime(CAST(time / 1000 AS BIGINT)) >= current_date - INTERVAL '29' DAY`,
		`SELECT count(*) FROM cloudtrail WHERE time_dt >= TIMESTAMPTZ '2024-02-10 00:00:00+00'`)
	f("TIMESTAMP literals",
		`SELECT count(*) FILTER (WHERE time_dt >= TIMESTAMP '2024-03-06'),
		 count(*) FILTER (WHERE time_dt < TIMESTAMP '2024-03-06 14:17:23.456 UTC'),
		 count(*) FILTER (WHERE time_dt < TIMESTAMP '2024-03-06 15:17:24 +01:00') FROM cloudtrail`,
		`SELECT count(*) FILTER (WHERE time_dt >= TIMESTAMPTZ '2024-03-06 00:00:00+00'),
		 count(*) FILTER (WHERE time_dt < TIMESTAMPTZ '2024-03-06 14:17:23.456+00'),
		 count(*) FILTER (WHERE time_dt <= TIMESTAMPTZ '2024-03-06 14:17:23.456+00') FROM cloudtrail`)
	f("integer division",
		`SELECT time / 1000, -7 / 2, 7 / 2.0 FROM cloudtrail ORDER BY time LIMIT 2`,
		`SELECT time // 1000, -7 // 2, 7 / 2.0 FROM cloudtrail ORDER BY time LIMIT 2`)
	f("from_unixtime and DATE",
		`SELECT DATE(from_unixtime(CAST(time / 1000 AS BIGINT))) AS d, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 1`,
		`SELECT CAST(time_dt AS DATE) AS d, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 1`)
	f("from_unixtime equals time_dt to the second",
		`SELECT from_unixtime(time / 1000) FROM cloudtrail ORDER BY time`,
		`SELECT date_trunc('second', time_dt) FROM cloudtrail ORDER BY time`)
	f("to_unixtime",
		`SELECT to_unixtime(time_dt) FROM cloudtrail ORDER BY time`,
		`SELECT CAST(time AS DOUBLE) / 1000 FROM cloudtrail ORDER BY time`)
	f("from_iso8601_timestamp",
		`SELECT from_iso8601_timestamp('2024-03-05T10:00:00Z'), from_iso8601_timestamp('2024-03-05T10:00:00.123+02:00'),
		 from_iso8601_timestamp('2024-03-05'), from_iso8601_date('2024-03-05')`,
		`SELECT TIMESTAMPTZ '2024-03-05 10:00:00+00', TIMESTAMPTZ '2024-03-05 08:00:00.123+00', TIMESTAMPTZ '2024-03-05 00:00:00+00', DATE '2024-03-05'`)
	f("date_format with MySQL specifiers",
		`SELECT date_format(time_dt, '%Y%m%d%H'), date_format(time_dt, '%Y-%m-%d %H:%i:%s.%f'),
		 date_format(time_dt, '%W %M %e %c %k %l %p'), date_format(time_dt, '%r|%T|%a %b %j %y %% %h %I %S %q')
		 FROM cloudtrail ORDER BY time`,
		`SELECT eventday || lpad(hour(time_dt)::VARCHAR, 2, '0'),
		 CAST(time_dt AS VARCHAR)[1:19] || '.' || lpad((millisecond(time_dt) % 1000 * 1000)::VARCHAR, 6, '0'),
		 dayname(time_dt) || ' ' || monthname(time_dt) || ' ' || day(time_dt) || ' ' || month(time_dt) || ' ' || hour(time_dt) || ' '
		   || (CASE WHEN hour(time_dt) % 12 = 0 THEN 12 ELSE hour(time_dt) % 12 END) || ' ' || (CASE WHEN hour(time_dt) < 12 THEN 'AM' ELSE 'PM' END),
		 lpad((CASE WHEN hour(time_dt) % 12 = 0 THEN 12 ELSE hour(time_dt) % 12 END)::VARCHAR, 2, '0') || CAST(time_dt AS VARCHAR)[14:19] || ' '
		   || (CASE WHEN hour(time_dt) < 12 THEN 'AM' ELSE 'PM' END) || '|' || CAST(time_dt AS VARCHAR)[12:19] || '|'
		   || dayname(time_dt)[1:3] || ' ' || monthname(time_dt)[1:3] || ' ' || lpad(dayofyear(time_dt)::VARCHAR, 3, '0') || ' '
		   || CAST(time_dt AS VARCHAR)[3:4] || ' % ' || lpad((CASE WHEN hour(time_dt) % 12 = 0 THEN 12 ELSE hour(time_dt) % 12 END)::VARCHAR, 2, '0') || ' '
		   || lpad((CASE WHEN hour(time_dt) % 12 = 0 THEN 12 ELSE hour(time_dt) % 12 END)::VARCHAR, 2, '0') || ' ' || CAST(time_dt AS VARCHAR)[18:19] || ' q'
		 FROM cloudtrail ORDER BY time`)
	f("date_parse",
		`SELECT date_parse('2024/03/05 21:11:12', '%Y/%m/%d %H:%i:%s'), date_parse('5-3-2024 9:05 PM', '%e-%c-%Y %l:%i %p')`,
		`SELECT TIMESTAMP '2024-03-05 21:11:12', TIMESTAMP '2024-03-05 21:05:00'`)
	f("date_add",
		`SELECT date_add('day', -30, current_timestamp), date_add('hour', 5, TIMESTAMP '2024-03-05 00:00:00'),
		 date_add('month', 1, TIMESTAMP '2024-01-31 00:00:00'), date_add('minute', 90, time_dt), date_add('week', 1, time_dt),
		 date_add('quarter', 1, TIMESTAMP '2024-01-15 00:00:00'), date_add('second', 30, time_dt), date_add('year', -1, time_dt)
		 FROM cloudtrail ORDER BY time LIMIT 1`,
		`SELECT TIMESTAMPTZ '2024-02-09 12:00:00+00', TIMESTAMP '2024-03-05 05:00:00', TIMESTAMP '2024-02-29 00:00:00',
		 time_dt + INTERVAL 90 MINUTE, time_dt + INTERVAL 7 DAY, TIMESTAMP '2024-04-15 00:00:00', time_dt + INTERVAL 30 SECOND,
		 time_dt - INTERVAL 1 YEAR FROM cloudtrail ORDER BY time LIMIT 1`)
	f("date_diff counts whole units",
		`SELECT date_diff('day', time_dt, CURRENT_TIMESTAMP), date_diff('hour', time_dt, CURRENT_TIMESTAMP),
		 date_diff('day', TIMESTAMP '2024-03-01 23:00:00', TIMESTAMP '2024-03-02 01:00:00') FROM cloudtrail ORDER BY time`,
		`SELECT CAST(floor((epoch(TIMESTAMPTZ '2024-03-10 12:00:00+00') - epoch(time_dt)) / 86400) AS BIGINT),
		 CAST(floor((epoch(TIMESTAMPTZ '2024-03-10 12:00:00+00') - epoch(time_dt)) / 3600) AS BIGINT), 0 FROM cloudtrail ORDER BY time`)

	// Aggregates.
	f("approx_distinct",
		`SELECT approx_distinct(src_endpoint.ip), approx_distinct(api.operation, 0.01) FROM cloudtrail`,
		`SELECT approx_count_distinct(src_endpoint.ip), approx_count_distinct(api.operation) FROM cloudtrail`)
	f("ARBITRARY skips NULLs",
		`SELECT region, ARBITRARY(api.response.error) IS NOT NULL FROM cloudtrail GROUP BY region ORDER BY region`,
		`SELECT region, bool_or(api.response.error IS NOT NULL) FROM cloudtrail GROUP BY region ORDER BY region`)

	// Arrays, maps, lambdas.
	f("cardinality of arrays and maps",
		`SELECT metadata.uid, cardinality(resources), cardinality(observables), cardinality(unmapped) FROM cloudtrail ORDER BY 1`,
		`SELECT metadata.uid, len(resources), len(observables), len(map_keys(unmapped)) FROM cloudtrail ORDER BY 1`)
	f("element_at on arrays (1-based) and maps",
		`SELECT element_at(resources, 1).type, element_at(resources, -1).type, element_at(resources, 5).uid,
		 element_at(unmapped, 'readOnly'), element_at(unmapped, 'absent') FROM cloudtrail ORDER BY time`,
		`SELECT list_extract(resources, 1).type, list_extract(resources, len(resources)).type, NULL,
		 map_extract_value(unmapped, 'readOnly'), NULL FROM cloudtrail ORDER BY time`)
	f("map subscripts on unmapped",
		`SELECT unmapped['recipientAccountId'], unmapped['requestParameters.userName'] FROM cloudtrail ORDER BY time`,
		`SELECT map_extract_value(unmapped, 'recipientAccountId'), map_extract_value(unmapped, 'requestParameters.userName') FROM cloudtrail ORDER BY time`)
	f("UNNEST AS t(y) comma join",
		`SELECT metadata.uid, r.uid FROM cloudtrail, UNNEST(resources) AS t(r) ORDER BY 1, 2`,
		`SELECT uid, r.uid FROM (SELECT metadata.uid AS uid, unnest(resources) AS r FROM cloudtrail) ORDER BY 1, 2`)
	f("CROSS JOIN UNNEST",
		`SELECT o.value, count(*) FROM cloudtrail CROSS JOIN UNNEST(observables) AS t(o) WHERE o.type_id = 2 GROUP BY 1 ORDER BY 1`,
		`SELECT src_endpoint.ip, count(*) FROM cloudtrail GROUP BY 1 ORDER BY 1`)
	f("UNNEST of rows into columns",
		`SELECT name, value FROM cloudtrail CROSS JOIN UNNEST(observables) AS t(name, value, type, type_id) WHERE type_id = 4 ORDER BY 1, 2`,
		`SELECT 'actor.user.name', 'alice' FROM cloudtrail ORDER BY 1, 2`)
	f("chained UNNEST referencing the previous alias",
		`SELECT p, count(*) FROM cloudtrail, UNNEST(resources) AS t(r), UNNEST(split(r.uid, ':')) AS u(p) WHERE p LIKE 'kms%' OR p = 's3' GROUP BY p ORDER BY p`,
		`SELECT p, count(*) FROM (SELECT unnest(string_split(r.uid, ':')) AS p FROM (SELECT unnest(resources) AS r FROM cloudtrail))
		 WHERE p LIKE 'kms%' OR p = 's3' GROUP BY p ORDER BY p`)
	f("any_match with a lambda",
		`SELECT metadata.uid FROM cloudtrail WHERE any_match(resources, element -> element.type = 'AWS::IAM::Role') ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE len(list_filter(resources, e -> e.type = 'AWS::IAM::Role')) > 0 ORDER BY 1`)
	f("all_match and none_match",
		`SELECT metadata.uid, all_match(resources, r -> starts_with(r.uid, 'arn:aws:kms')), none_match(observables, o -> o.value = '10.1.2.3')
		 FROM cloudtrail ORDER BY 1`,
		`SELECT metadata.uid, CASE WHEN resources IS NOT NULL THEN len(list_filter(resources, r -> NOT starts_with(r.uid, 'arn:aws:kms'))) = 0 END,
		 src_endpoint.ip <> '10.1.2.3' FROM cloudtrail ORDER BY 1`)
	f("match functions are three-valued",
		`SELECT any_match(ARRAY[NULL, false], x -> x), any_match(ARRAY[NULL, true], x -> x), all_match(ARRAY[NULL, true], x -> x),
		 all_match(CAST(ARRAY[] AS ARRAY(BOOLEAN)), x -> x), none_match(ARRAY[NULL, false], x -> x), any_match(CAST(ARRAY[] AS ARRAY(BOOLEAN)), x -> x)`,
		`SELECT NULL, true, NULL, true, NULL, false`)
	f("contains on arrays, transform",
		`SELECT metadata.uid FROM cloudtrail WHERE contains(transform(resources, r -> r.type), 'AWS::KMS::Key') ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE list_contains(list_transform(resources, r -> r.type), 'AWS::KMS::Key') ORDER BY 1`)
	f("array_join",
		`SELECT array_join(metadata.profiles, ','), array_join(ARRAY['a', NULL, 'c'], '-'), array_join(ARRAY['a', NULL], '-', 'N'), array_join(ARRAY[1, 2], '+')
		 FROM cloudtrail LIMIT 1`,
		`SELECT list_aggregate(metadata.profiles, 'string_agg', ','), 'a-c', 'a-N', '1+2' FROM cloudtrail LIMIT 1`)

	// IP addresses.
	f("contains(CIDR, IPADDRESS) for IPv4",
		`SELECT metadata.uid FROM cloudtrail WHERE contains('10.0.0.0/8', CAST(src_endpoint.ip AS IPADDRESS)) ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE src_endpoint.ip LIKE '10.%' OR src_endpoint.ip LIKE '::ffff:10.%' ORDER BY 1`)
	f("contains(CIDR, IPADDRESS) for IPv6",
		`SELECT metadata.uid FROM cloudtrail WHERE contains('2001:db8::/32', CAST(src_endpoint.ip AS IPADDRESS)) ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE src_endpoint.ip LIKE '2001:db8:%' ORDER BY 1`)
	f("contains over flows, IPADDRESS literal",
		`SELECT count(*) FILTER (WHERE contains('198.51.100.0/24', CAST(src_endpoint.ip AS IPADDRESS))),
		 count(*) FILTER (WHERE contains('10.0.0.0/16', CAST(dst_endpoint.ip AS IPADDRESS))),
		 count(*) FILTER (WHERE CAST(src_endpoint.ip AS IPADDRESS) = IPADDRESS '198.51.7.1') FROM vpcflow`,
		`SELECT count(*) FILTER (WHERE src_endpoint.ip LIKE '198.51.100.%'), count(*) FILTER (WHERE dst_endpoint.ip LIKE '10.0.%'),
		 count(*) FILTER (WHERE src_endpoint.ip = '198.51.7.1') FROM vpcflow`)

	// Strings, regular expressions, JSON.
	f("split_part",
		`SELECT split_part(src_endpoint.ip, '.', 1), split_part(src_endpoint.ip, '.', 4), split_part(src_endpoint.ip, '.', 5) FROM cloudtrail ORDER BY time`,
		`SELECT string_split(src_endpoint.ip, '.')[1], string_split(src_endpoint.ip, '.')[4], string_split(src_endpoint.ip, '.')[5] FROM cloudtrail ORDER BY time`)
	f("REGEXP_EXTRACT, group 0 and groups",
		`SELECT regexp_extract(http_request.user_agent, 'aws-cli/[0-9.]+'), REGEXP_EXTRACT(http_request.user_agent, 'aws-cli/([0-9]+)\.', 1)
		 FROM cloudtrail ORDER BY time`,
		`SELECT CASE WHEN http_request.user_agent LIKE 'aws-cli/%' THEN split_part(http_request.user_agent, ' ', 1) END,
		 CASE WHEN http_request.user_agent LIKE 'aws-cli/%' THEN split_part(split_part(http_request.user_agent, '/', 2), '.', 1) END
		 FROM cloudtrail ORDER BY time`)
	f("regexp_like",
		`SELECT metadata.uid FROM cloudtrail WHERE regexp_like(api.operation, '^(Get|Describe)') ORDER BY 1`,
		`SELECT metadata.uid FROM cloudtrail WHERE api.operation LIKE 'Get%' OR api.operation LIKE 'Describe%' ORDER BY 1`)
	f("regexp_replace replaces all, $n groups",
		`SELECT regexp_replace(src_endpoint.ip, '[0-9]'), regexp_replace(actor.user.uid, 'arn:aws:iam::([0-9]+):(.*)', '$2@$1') FROM cloudtrail ORDER BY time`,
		`SELECT translate(src_endpoint.ip, '0123456789', ''), split_part(actor.user.uid, ':', 6) || '@' || split_part(actor.user.uid, ':', 5) FROM cloudtrail ORDER BY time`)
	f("json_extract_scalar",
		`SELECT json_extract_scalar(api.request.data, '$.bucketName'), json_extract_scalar(api.request.data, '$.count'),
		 json_extract_scalar(api.request.data, '$.tags'), json_extract_scalar(api.request.data, '$["userName"]') FROM cloudtrail ORDER BY time`,
		`SELECT CASE WHEN json_valid(api.request.data) THEN api.request.data->>'$.bucketName' END,
		 CASE WHEN json_valid(api.request.data) THEN api.request.data->>'$.count' END, NULL,
		 CASE WHEN json_valid(api.request.data) THEN api.request.data->>'$.userName' END FROM cloudtrail ORDER BY time`)
	f("json_extract",
		`SELECT json_format(json_extract(api.request.data, '$.tags')) FROM cloudtrail ORDER BY time`,
		`SELECT CASE WHEN json_valid(api.request.data) THEN CAST(json_extract(api.request.data, '$.tags') AS VARCHAR) END FROM cloudtrail ORDER BY time`)

	// Other Trino functions and types.
	f("CAST to Trino types",
		`SELECT CAST(json_parse('["a","b"]') AS ARRAY(VARCHAR)), CAST(json_parse('{"k":"v"}') AS MAP(VARCHAR, VARCHAR))['k'],
		 CAST(ROW(1, 'x') AS ROW(n BIGINT, s VARCHAR)).s, CAST('2024-03-05 10:00:00.123' AS TIMESTAMP(3) WITH TIME ZONE),
		 TRY_CAST('x' AS INTEGER), CAST(1.5 AS DOUBLE)`,
		`SELECT ['a', 'b'], 'v', 'x', TIMESTAMPTZ '2024-03-05 10:00:00.123+00', NULL, 1.5`)
	f("if, format, every, sequence and other small functions",
		`SELECT if(1 > 2, 'yes'), format('%s-%d', 'a', 7), every(status = 'Success'), sequence(1, 3), array_position(ARRAY['a', 'b'], 'c'),
		 array_position(ARRAY['a', 'b'], 'b'), reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s * 10), arrays_overlap(ARRAY[1, 2], ARRAY[2, 3]),
		 array_max(ARRAY[3, 9, 1]), array_min(ARRAY[3, 9, 1]), regexp_count('a1b22c333', '[0-9]+'), regexp_split('a1b22c', '[0-9]+'),
		 day_of_week(DATE '2024-03-10'), day_of_year(DATE '2024-03-10'), approx_percentile(x, 0.5)
		 FROM cloudtrail, UNNEST(ARRAY[1, 2, 3]) AS t(x)`,
		`SELECT NULL, 'a-7', false, [1, 2, 3], 0, 2, 60, true, 9, 1, 3, ['a', 'b', 'c'], 7, 70, 2`)
}

// TestAthenaNowPinning checks every spelling of the current time follows
// Options.Now, and only outside strings, quoted names and comments.
func TestAthenaNowPinning(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := queryStrings(t, e, `SELECT now(), current_timestamp, CURRENT_TIMESTAMP(3), current_date, localtimestamp, today(),
		get_current_timestamp(), transaction_timestamp(), 'current_timestamp' -- now()
		`)
	want := []string{"2024-03-10T12:00:00Z | 2024-03-10T12:00:00Z | 2024-03-10T12:00:00Z | 2024-03-10T00:00:00Z | 2024-03-10T12:00:00Z | " +
		"2024-03-10T00:00:00Z | 2024-03-10T12:00:00Z | 2024-03-10T12:00:00Z | current_timestamp"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pinned clock:\ngot  %q\nwant %q", got, want)
	}
	// Without a pinned clock, DuckDB's own clock runs.
	live, err := Open(t.Context(), Options{Lake: e.opt.Lake})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var skew float64
	if err := live.db.QueryRow(`SELECT abs(epoch(current_timestamp) - ?)`, float64(time.Now().UnixMilli())/1000).Scan(&skew); err != nil || skew > 60 {
		t.Fatalf("unpinned current_timestamp is %v s from now (err %v)", skew, err)
	}
}

// TestAthenaErrors checks that what cannot be supported says what it is
// and what to write instead.
func TestAthenaErrors(t *testing.T) {
	e := openSmallLake(t, Options{})
	f := func(sqlText string, wants ...string) {
		t.Helper()
		_, err := e.Translate(sqlText)
		if err == nil {
			t.Fatalf("%s: no error", sqlText)
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", sqlText, err, w)
			}
		}
	}
	f(`SELECT format_datetime(time_dt, 'yyyy-MM-dd') FROM cloudtrail`, "format_datetime", "date_format")
	f(`SELECT parse_datetime('2024', 'yyyy')`, "parse_datetime", "date_parse")
	f(`SELECT date_format(time_dt, api.operation) FROM cloudtrail`, "date_format", "literal format")
	f(`SELECT date_format(time_dt, '%U') FROM cloudtrail`, "%U", "not supported")
	f(`SELECT CURRENT_TIMESTAMP - INTERVAL '1 02' DAY TO HOUR`, "DAY TO HOUR", "INTERVAL 'n' DAY")
	f(`SELECT CURRENT_TIMESTAMP - INTERVAL '1 day' YEAR TO MONTH`, "YEAR TO MONTH", "'1-6'")
	f(`SELECT regexp_replace(api.operation, 'a', x -> upper(x)) FROM cloudtrail`, "regexp_replace with a lambda")
	f(`SELECT * FROM amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_route53_2_0`, "route53_2_0", "cloud_trail_mgmt_2_0", "vpc_flow_2_0")
	f(`SELECT * FROM amazon_security_lake_glue_db_us_east_1.flows`, "flows", "vpc_flow_2_0")
}

// TestAthenaErrorPosition checks that DuckDB's caret lands on the user's
// SQL, not on the translation.
func TestAthenaErrorPosition(t *testing.T) {
	e := openSmallLake(t, Options{})
	line := `SELECT element_at(resources, 1), nosuch FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0`
	_, err := e.Query(t.Context(), "-- find it\n"+line)
	if err == nil {
		t.Fatal("no error for an unknown column")
	}
	msg := err.Error()
	excerpt := "LINE 2: " + line + "\n" +
		strings.Repeat(" ", len("LINE 2: ")+strings.Index(line, "nosuch")) + "^"
	if !strings.HasPrefix(msg, `Binder Error: Referenced column "nosuch" not found`) || !strings.HasSuffix(msg, "\n"+excerpt) {
		t.Fatalf("error does not point at nosuch in the original SQL:\n%s\nwant it to end with\n%s", msg, excerpt)
	}
}
