package engine

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// ingestCorpus ingests the shared corpus directories into a new lake and
// opens an engine on it that may also read those directories, so a test
// can compare a view with DuckDB's own reading of the raw files.
func ingestCorpus(t *testing.T, kind source.Kind, dirs ...string) *Engine {
	t.Helper()
	root := t.TempDir()
	if _, err := ingest.Paths(context.Background(), ingest.Request{Lake: root, Kind: kind}, dirs, nil); err != nil {
		t.Fatal(err)
	}
	return openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB, AllowPaths: dirs})
}

// corpusFiles lists the files under dir whose paths satisfy keep.
func corpusFiles(t *testing.T, dir string, keep func(path string) bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && keep(path) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// rawCloudTrailSQL selects every raw record of the CloudTrail corpus as a
// JSON value r, read by DuckDB from the files in each of their formats:
// S3 envelopes, NDJSON lines, bare arrays (Stratus Red Team) and the
// CloudTrailEvent strings of lookup-events output. Records the lake
// rejects, those without a usable eventTime, are left out: Athena would
// show them, the lake has no place for them.
func rawCloudTrailSQL(t *testing.T, cloudtrail, stratus string) string {
	t.Helper()
	envelopes := corpusFiles(t, cloudtrail, func(p string) bool {
		return (strings.Contains(p, "/panther/") || strings.Contains(p, "/CloudTrail/")) && strings.Contains(p, ".json")
	})
	lines := corpusFiles(t, cloudtrail, func(p string) bool { return strings.HasSuffix(p, ".log") })
	lookups := corpusFiles(t, cloudtrail, func(p string) bool { return strings.Contains(p, "/lookup-events/") })
	arrays := corpusFiles(t, stratus, func(p string) bool { return strings.HasSuffix(p, ".json") })
	list := func(files []string) string {
		quoted := make([]string, len(files))
		for i, f := range files {
			quoted[i] = sqltext.QuoteString(f)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	}
	return `SELECT r FROM (
	SELECT unnest(json->'$.Records[*]') AS r FROM read_json_objects(` + list(envelopes) + `)
	UNION ALL SELECT json FROM read_json_objects(` + list(lines) + `, format = 'newline_delimited')
	UNION ALL SELECT json FROM read_json_objects(` + list(arrays) + `, format = 'array')
	UNION ALL SELECT json(unnest(json->>'$.Events[*].CloudTrailEvent')) FROM read_json_objects(` + list(lookups) + `)
) WHERE TRY_CAST(r->>'$.eventTime' AS TIMESTAMP) IS NOT NULL`
}

// jsonStr is the raw member at path as Athena's JSON SerDe reads it into a
// STRING column: a string's text, a number or boolean as written, an
// object or array as JSON text, NULL for null or absent.
func jsonStr(path string) string { return "(r->>'$." + path + "')" }

// jsonObject tells whether the raw member at path is an object, which the
// SerDe reads into a STRUCT (absent or null members are a NULL struct).
func jsonObject(path string) string { return "json_type(r, '$." + path + "') = 'OBJECT'" }

// expectedCloudTrailLogsSQL is AWS's cloudtrail_logs table computed by
// DuckDB from the raw records of raw (a query of r JSON).
func expectedCloudTrailLogsSQL(raw string) string {
	s, obj := jsonStr, jsonObject
	sessionIssuer := "userIdentity.sessionContext.sessionIssuer."
	attributes := "userIdentity.sessionContext.webIdFederationData.attributes"
	return `SELECT
	` + s("eventVersion") + ` AS eventversion,
	CASE WHEN ` + obj("userIdentity") + ` THEN {
		'type': ` + s("userIdentity.type") + `,
		'principalid': ` + s("userIdentity.principalId") + `,
		'arn': ` + s("userIdentity.arn") + `,
		'accountid': ` + s("userIdentity.accountId") + `,
		'invokedby': ` + s("userIdentity.invokedBy") + `,
		'accesskeyid': ` + s("userIdentity.accessKeyId") + `,
		'username': ` + s("userIdentity.userName") + `,
		'onbehalfof': CASE WHEN ` + obj("userIdentity.onBehalfOf") + ` THEN {
			'userid': ` + s("userIdentity.onBehalfOf.userId") + `,
			'identitystorearn': ` + s("userIdentity.onBehalfOf.identityStoreArn") + `} END,
		'sessioncontext': CASE WHEN ` + obj("userIdentity.sessionContext") + ` THEN {
			'attributes': CASE WHEN ` + obj("userIdentity.sessionContext.attributes") + ` THEN {
				'mfaauthenticated': ` + s("userIdentity.sessionContext.attributes.mfaAuthenticated") + `,
				'creationdate': ` + s("userIdentity.sessionContext.attributes.creationDate") + `} END,
			'sessionissuer': CASE WHEN ` + obj("userIdentity.sessionContext.sessionIssuer") + ` THEN {
				'type': ` + s(sessionIssuer+"type") + `,
				'principalid': ` + s(sessionIssuer+"principalId") + `,
				'arn': ` + s(sessionIssuer+"arn") + `,
				'accountid': ` + s(sessionIssuer+"accountId") + `,
				'username': ` + s(sessionIssuer+"userName") + `} END,
			'ec2roledelivery': ` + s("userIdentity.sessionContext.ec2RoleDelivery") + `,
			'webidfederationdata': CASE WHEN ` + obj("userIdentity.sessionContext.webIdFederationData") + ` THEN {
				'federatedprovider': ` + s("userIdentity.sessionContext.webIdFederationData.federatedProvider") + `,
				'attributes': CASE WHEN ` + obj(attributes) + ` THEN CAST(r->'$.` + attributes + `' AS MAP(VARCHAR, VARCHAR)) END} END
		} END
	} END AS useridentity,
	` + s("eventTime") + ` AS eventtime,
	` + s("eventSource") + ` AS eventsource,
	` + s("eventName") + ` AS eventname,
	` + s("awsRegion") + ` AS awsregion,
	` + s("sourceIPAddress") + ` AS sourceipaddress,
	` + s("userAgent") + ` AS useragent,
	` + s("errorCode") + ` AS errorcode,
	` + s("errorMessage") + ` AS errormessage,
	` + s("requestParameters") + ` AS requestparameters,
	` + s("responseElements") + ` AS responseelements,
	` + s("additionalEventData") + ` AS additionaleventdata,
	` + s("requestID") + ` AS requestid,
	` + s("eventID") + ` AS eventid,
	CASE WHEN json_type(r, '$.resources') = 'ARRAY' THEN list_transform(
		from_json(r->'$.resources', '[{"ARN": "VARCHAR", "accountId": "VARCHAR", "type": "VARCHAR"}]'),
		x -> {'arn': x.ARN, 'accountid': x.accountId, 'type': x.type}) END AS resources,
	` + s("eventType") + ` AS eventtype,
	` + s("apiVersion") + ` AS apiversion,
	` + s("readOnly") + ` AS readonly,
	` + s("recipientAccountId") + ` AS recipientaccountid,
	` + s("serviceEventDetails") + ` AS serviceeventdetails,
	` + s("sharedEventID") + ` AS sharedeventid,
	` + s("vpcEndpointId") + ` AS vpcendpointid,
	` + s("vpcEndpointAccountId") + ` AS vpcendpointaccountid,
	` + s("eventCategory") + ` AS eventcategory,
	CASE WHEN ` + obj("addendum") + ` THEN {
		'reason': ` + s("addendum.reason") + `,
		'updatedfields': ` + s("addendum.updatedFields") + `,
		'originalrequestid': ` + s("addendum.originalRequestID") + `,
		'originaleventid': ` + s("addendum.originalEventID") + `} END AS addendum,
	` + s("sessionCredentialFromConsole") + ` AS sessioncredentialfromconsole,
	` + s("edgeDeviceDetails") + ` AS edgedevicedetails,
	CASE WHEN ` + obj("tlsDetails") + ` THEN {
		'tlsversion': ` + s("tlsDetails.tlsVersion") + `,
		'ciphersuite': ` + s("tlsDetails.cipherSuite") + `,
		'clientprovidedhostheader': ` + s("tlsDetails.clientProvidedHostHeader") + `} END AS tlsdetails,
	strftime(CAST(r->>'$.eventTime' AS TIMESTAMPTZ), '%Y/%m/%d') AS "timestamp"
FROM (` + raw + `)`
}

// cloudTrailLogsCompared lists what the round trip compares, as
// expressions over a row t of cloudtrail_logs: every leaf and whether each
// struct is NULL. JSON text is compared as DuckDB renders it (so 1.50 and
// 1.5 are equal) and maps with their keys sorted. With anyOrder, the keys
// of JSON objects may come in any order: the lake stores an event
// delivered twice with its keys in another order once (its dedup key is
// the canonical JSON), so a raw record may be in the view in the order of
// its other delivery.
func cloudTrailLogsCompared(anyOrder bool) []string {
	jsonText := func(col string) string {
		rendered := "json(" + col + ")::VARCHAR"
		if anyOrder {
			rendered = "map_from_entries(list_sort(map_entries(CAST(json(" + col + ") AS MAP(VARCHAR, JSON)))))::VARCHAR"
		}
		return "CASE WHEN json_valid(" + col + ") AND left(" + col + ", 1) = '{' THEN " + rendered + " ELSE " + col + " END"
	}
	exprs := []string{"eventid", "eventversion", "useridentity IS NULL"}
	for _, leaf := range []string{"type", "principalid", "arn", "accountid", "invokedby", "accesskeyid", "username",
		"onbehalfof IS NULL", "onbehalfof.userid", "onbehalfof.identitystorearn", "sessioncontext IS NULL",
		"sessioncontext.attributes IS NULL", "sessioncontext.attributes.mfaauthenticated", "sessioncontext.attributes.creationdate",
		"sessioncontext.sessionissuer IS NULL", "sessioncontext.sessionissuer.type", "sessioncontext.sessionissuer.principalid",
		"sessioncontext.sessionissuer.arn", "sessioncontext.sessionissuer.accountid", "sessioncontext.sessionissuer.username",
		"sessioncontext.ec2roledelivery", "sessioncontext.webidfederationdata IS NULL",
		"sessioncontext.webidfederationdata.federatedprovider"} {
		exprs = append(exprs, "t.useridentity."+leaf)
	}
	return append(exprs,
		"map_from_entries(list_sort(map_entries(t.useridentity.sessioncontext.webidfederationdata.attributes)))",
		"eventtime", "eventsource", "eventname", "awsregion", "sourceipaddress", "useragent", "errorcode", "errormessage",
		jsonText("requestparameters"), jsonText("responseelements"), jsonText("additionaleventdata"),
		"requestid", "resources", "eventtype", "apiversion", "readonly", "recipientaccountid", jsonText("serviceeventdetails"),
		"sharedeventid", "vpcendpointid", "vpcendpointaccountid", "eventcategory", "addendum", "sessioncredentialfromconsole",
		jsonText("edgedevicedetails"), "tlsdetails", `"timestamp"`)
}

// TestCloudTrailLogsRoundTrip compares every field of every raw CloudTrail
// record of the shared corpus, as DuckDB reads it from the raw files into
// AWS's cloudtrail_logs table, with its row in the cloudtrail_logs view.
func TestCloudTrailLogsRoundTrip(t *testing.T) {
	cloudtrail := sharedcorpus.Dir(t, "corpus", "cloudtrail")
	stratus := sharedcorpus.Dir(t, "corpus", "stratus")
	e := ingestCorpus(t, source.CloudTrail, cloudtrail, stratus)
	expected := expectedCloudTrailLogsSQL(rawCloudTrailSQL(t, cloudtrail, stratus))

	if got, want := queryStrings(t, e, `SELECT column_name || ' ' || column_type FROM (DESCRIBE cloudtrail_logs)`),
		queryStrings(t, e, `SELECT column_name || ' ' || column_type FROM (DESCRIBE `+expected+`)`); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("columns of cloudtrail_logs:\n%s\nwant AWS's table:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	compareRelations(t, e, "cloudtrail_logs", expected, cloudTrailLogsCompared(false), cloudTrailLogsCompared(true))
}

// compareRelations checks that every distinct row of the view, projected
// by exprs, is a row of the expected query, and that every expected row,
// projected by complete, is one of the view. The first expression is the
// key by which differing rows are reported field by field.
func compareRelations(t *testing.T, e *Engine, view, expected string, exprs, complete []string) {
	t.Helper()
	project := func(from string, exprs []string) string {
		cols := make([]string, len(exprs))
		for i, x := range exprs {
			cols[i] = "CAST(" + x + " AS VARCHAR)"
		}
		return "SELECT DISTINCT " + strings.Join(cols, ", ") + " FROM (" + from + ") t"
	}
	if n := queryStrings(t, e, "SELECT count(*) FROM ("+expected+")"); n[0] == "0" {
		t.Fatalf("the raw files gave no rows to compare")
	}
	missing := queryStrings(t, e, project(expected, complete)+" EXCEPT "+project("SELECT * FROM "+view, complete)+" ORDER BY 1")
	extra := queryStrings(t, e, project("SELECT * FROM "+view, exprs)+" EXCEPT "+project(expected, exprs)+" ORDER BY 1")
	if len(missing) == 0 && len(extra) == 0 {
		return
	}
	t.Errorf("%s: %d raw rows not in the view, %d view rows not in the raw files", view, len(missing), len(extra))
	missing = queryStrings(t, e, project(expected, exprs)+" EXCEPT "+project("SELECT * FROM "+view, exprs)+" ORDER BY 1")
	byKey := map[string]string{}
	for _, row := range extra {
		byKey[strings.SplitN(row, " | ", 2)[0]] = row
	}
	for i, row := range missing {
		if i == 8 {
			break
		}
		w := strings.Split(row, " | ")
		g, ok := byKey[w[0]]
		if !ok {
			t.Errorf("raw row without a view row: %s", row)
			continue
		}
		gs := strings.Split(g, " | ")
		for j := range w {
			if j < len(gs) && gs[j] != w[j] {
				t.Errorf("%s %s: %s\n   view %s\n   raw  %s", exprs[0], w[0], exprs[j], gs[j], w[j])
			}
		}
	}
}

// vpcFlowLogsColumns are the columns of AWS's vpc_flow_logs table and of
// the view after them (versions 7 and 8), with their Athena types; a
// field's name is its column's with '-' for '_'.
var vpcFlowLogsColumns = []struct{ name, typ string }{
	{"version", "INTEGER"}, {"account_id", "VARCHAR"}, {"interface_id", "VARCHAR"}, {"srcaddr", "VARCHAR"},
	{"dstaddr", "VARCHAR"}, {"srcport", "INTEGER"}, {"dstport", "INTEGER"}, {"protocol", "BIGINT"},
	{"packets", "BIGINT"}, {"bytes", "BIGINT"}, {"start", "BIGINT"}, {"end", "BIGINT"}, {"action", "VARCHAR"},
	{"log_status", "VARCHAR"}, {"vpc_id", "VARCHAR"}, {"subnet_id", "VARCHAR"}, {"instance_id", "VARCHAR"},
	{"tcp_flags", "INTEGER"}, {"type", "VARCHAR"}, {"pkt_srcaddr", "VARCHAR"}, {"pkt_dstaddr", "VARCHAR"},
	{"region", "VARCHAR"}, {"az_id", "VARCHAR"}, {"sublocation_type", "VARCHAR"}, {"sublocation_id", "VARCHAR"},
	{"pkt_src_aws_service", "VARCHAR"}, {"pkt_dst_aws_service", "VARCHAR"}, {"flow_direction", "VARCHAR"},
	{"traffic_path", "INTEGER"},
	{"ecs_cluster_arn", "VARCHAR"}, {"ecs_cluster_name", "VARCHAR"}, {"ecs_container_instance_arn", "VARCHAR"},
	{"ecs_container_instance_id", "VARCHAR"}, {"ecs_container_id", "VARCHAR"}, {"ecs_second_container_id", "VARCHAR"},
	{"ecs_service_name", "VARCHAR"}, {"ecs_task_definition_arn", "VARCHAR"}, {"ecs_task_arn", "VARCHAR"},
	{"ecs_task_id", "VARCHAR"}, {"reject_reason", "VARCHAR"},
}

// expectedVPCFlowLogsSQL reads the flow log files of the corpus with
// DuckDB's read_csv as Athena's space-delimited table reads them: a field
// the file's format has is its text in a string column and a number or
// NULL ("-") in a numeric one; a field it lacks is NULL. A file's format
// is its header line, or AWS's default layout for its number of fields.
func expectedVPCFlowLogsSQL(t *testing.T, dir string) string {
	t.Helper()
	files := corpusFiles(t, dir, func(p string) bool { return !strings.Contains(p, "tgw") })
	var parts []string
	for _, path := range files {
		first := firstLine(t, path)
		fields := strings.Fields(first)
		header := fields[0] == "version"
		if !header {
			layout, ok := ocsf.DefaultFlowFormat(len(fields))
			if !ok {
				t.Fatalf("%s: %d fields and no header", path, len(fields))
			}
			fields = fields[:0]
			for _, f := range layout {
				fields = append(fields, f.String())
			}
		}
		has := map[string]bool{}
		columns := make([]string, len(fields))
		for i, f := range fields {
			name := strings.ReplaceAll(f, "-", "_")
			has[name] = true
			columns[i] = sqltext.QuoteString(name) + ": 'VARCHAR'"
		}
		exprs := make([]string, len(vpcFlowLogsColumns))
		for i, c := range vpcFlowLogsColumns {
			value := "NULL"
			if has[c.name] {
				value = `"` + c.name + `"`
				if c.typ != "VARCHAR" {
					value = "TRY_CAST(" + value + " AS " + c.typ + ")"
				}
			}
			exprs[i] = "CAST(" + value + " AS " + c.typ + `) AS "` + c.name + `"`
		}
		// One file writes its header line before every record.
		parts = append(parts, "SELECT "+strings.Join(exprs, ", ")+`, CAST(to_timestamp(TRY_CAST("start" AS BIGINT)) AS DATE) AS "date"
	FROM read_csv(`+sqltext.QuoteString(path)+`, delim = ' ', header = `+fmt.Sprint(header)+`, auto_detect = false, columns = {`+strings.Join(columns, ", ")+`})
	WHERE "start" <> 'start'`)
	}
	return strings.Join(parts, "\nUNION ALL ")
}

// firstLine is the first line of a file, gunzipped if its name says so.
func firstLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return strings.TrimSpace(line)
}

// TestVPCFlowLogsRoundTrip compares every field of every flow record of
// the shared corpus, as DuckDB reads the raw files into AWS's
// vpc_flow_logs table, with its row in the vpc_flow_logs view. The ingest
// has a default account and region, which records without their own must
// not show.
func TestVPCFlowLogsRoundTrip(t *testing.T) {
	dir := sharedcorpus.Dir(t, "corpus", "vpcflow")
	root := t.TempDir()
	req := ingest.Request{Lake: root, Kind: source.VPCFlow, Flows: ingest.FlowConfig{Region: "eu-west-3", AccountID: "999988887777"}}
	if _, err := ingest.Paths(context.Background(), req, []string{dir}, nil); err != nil {
		t.Fatal(err)
	}
	e := openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB, AllowPaths: []string{dir}})
	expected := expectedVPCFlowLogsSQL(t, dir)

	var want []string
	for _, c := range vpcFlowLogsColumns {
		want = append(want, c.name+" "+c.typ)
	}
	want = append(want, "date DATE")
	if got := queryStrings(t, e, `SELECT column_name || ' ' || column_type FROM (DESCRIBE vpc_flow_logs)`); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("columns of vpc_flow_logs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	exprs := []string{`concat_ws(' ', interface_id, srcaddr, srcport, dstaddr, dstport, start)`}
	for _, c := range vpcFlowLogsColumns {
		exprs = append(exprs, `"`+c.name+`"`)
	}
	exprs = append(exprs, `"date"`)
	compareRelations(t, e, "vpc_flow_logs", expected, exprs, exprs)
}

// BenchmarkFirstRawQuery measures what naming a raw view first costs: an
// open and one count over each view, against the same over the table
// views (the raw views are defined on first use, not at open).
func BenchmarkFirstRawQuery(b *testing.B) {
	root := b.TempDir()
	writeLake(b, root, smallTrail(), smallFlows())
	f := func(name, query string) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				e, err := Open(context.Background(), Options{Lake: root, Now: testNow})
				if err != nil {
					b.Fatal(err)
				}
				queryStrings(b, e, query)
				e.Close()
			}
		})
	}
	f("table", `SELECT count(*) FROM cloudtrail`)
	f("cloudtrail_logs", `SELECT count(*) FROM cloudtrail_logs`)
	f("vpc_flow_logs", `SELECT count(*) FROM vpc_flow_logs`)
	f("cloudtrail_lake", `SELECT count(*) FROM cloudtrail_lake`)
}
