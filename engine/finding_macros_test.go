package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// TestActor checks the actor text every finding names: the caller's ARN,
// else its user name, else the service that invoked the call, else its
// account; on the bare column and under a table alias.
func TestActor(t *testing.T) {
	trail := smallTrail()
	trail[1].Actor.User.UID = ""
	trail[2].Actor.User.UID, trail[2].Actor.User.Name, trail[2].Actor.InvokedBy = "", "", "ec2.amazonaws.com"
	trail[3].Actor.User.UID, trail[3].Actor.User.Name = "", ""
	trail[4].Actor = ocsf.Actor{}
	root := t.TempDir()
	writeLake(t, root, trail, nil)
	e := openSmallLake(t, Options{Lake: root})

	f := func(name string, i int, want string) {
		t.Helper()
		for _, q := range []string{
			`SELECT lh_actor(actor) FROM cloudtrail WHERE metadata.uid = ?`,
			`SELECT lh_actor(c.actor) FROM cloudtrail AS c WHERE c.metadata.uid = ?`,
		} {
			if got := queryStrings(t, e, q, trail[i].Metadata.UID); !reflect.DeepEqual(got, []string{want}) {
				t.Errorf("%s: %s = %q, want %q", name, q, got, want)
			}
		}
	}
	f("ARN first", 0, "arn:aws:iam::111122223333:user/alice")
	f("user name", 1, "alice")
	f("invoking service", 2, "ec2.amazonaws.com")
	f("account", 3, "444455556666")
	f("nobody", 4, "NULL")
}

// TestActorReadsOnlyItsFields checks that passing the whole actor struct
// to lh_actor still lets the Parquet scan read only the fields it uses.
func TestActorReadsOnlyItsFields(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := scanProjections(explain(t, e, `SELECT lh_actor(actor) FROM cloudtrail`))
	slices.Sort(got)
	want := []string{"actor.invoked_by", "actor.user.account.uid", "actor.user.name", "actor.user.uid"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the Parquet scan reads %q, want %q", got, want)
	}
}

// TestEvidence checks evidence_uids: the MaxEvidence earliest, or a
// linking event's uid and the MaxEvidence-1 earliest after it.
func TestEvidence(t *testing.T) {
	e := openSmallLake(t, Options{})
	earliest := func(n int) string {
		uids := make([]string, n)
		for i := range uids {
			uids[i] = fmt.Sprintf("u%02d", 99-i)
		}
		return "[" + strings.Join(uids, " ") + "]"
	}
	f := func(q, want string) {
		t.Helper()
		if got := queryStrings(t, e, q); !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// The latest i is the earliest time -i.
	f(`SELECT lh_evidence(printf('u%02d', i), -i) FROM range(100) AS r(i)`, earliest(result.MaxEvidence))
	f(`SELECT lh_evidence('link', printf('u%02d', i), -i) FROM range(100) AS r(i)`,
		strings.Replace(earliest(result.MaxEvidence-1), "[", "[link ", 1))
}

// trail makes a CTE named calls of CloudTrail-shaped rows for the finding
// macros, one per VALUES tuple: minutes after 2024-03-05 00:00 UTC, caller,
// address, region, operation and uid.
func trail(values string) string {
	return `WITH calls AS (
    SELECT TIMESTAMPTZ '2024-03-05 00:00:00+00' + to_minutes(m) AS time_dt, '111122223333' AS accountid, region,
           {'user': {'uid': who, 'name': NULL::VARCHAR, 'account': {'uid': NULL::VARCHAR}}, 'invoked_by': NULL::VARCHAR} AS actor,
           {'ip': ip} AS src_endpoint, {'operation': op} AS api, {'uid': uid} AS metadata
    FROM (VALUES ` + values + `) AS v(m, who, ip, region, op, uid)
) `
}

// checkRows runs q and compares every row with want.
func checkRows(t *testing.T, e *Engine, q string, want ...string) {
	t.Helper()
	if got := queryStrings(t, e, q); !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n= %q\nwant %q", q, got, want)
	}
}

// TestFindingRows checks that lh_finding_rows keeps every field it
// names as the table holds it, passes the other columns through, and
// refuses a field it leaves out rather than reading it as NULL.
func TestFindingRows(t *testing.T) {
	e := openSmallLake(t, Options{})
	fields := `metadata.uid, actor.user.type, actor.user.name, actor.user.uid, actor.user.account.uid, actor.user.credential_uid,
		actor.session.issuer, actor.invoked_by, api.operation, api.service.name, api.response.error, api.response.message,
		src_endpoint.ip, time_dt, accountid, region, http_request.user_agent`
	want := queryStrings(t, e, `SELECT `+fields+` FROM cloudtrail ORDER BY metadata.uid`)
	if len(want) == 0 {
		t.Fatal("the small lake has no CloudTrail rows")
	}
	checkRows(t, e, `WITH calls AS (FROM cloudtrail) SELECT `+fields+` FROM lh_finding_rows('calls') ORDER BY metadata.uid`, want...)

	_, err := e.Query(t.Context(), `WITH calls AS (FROM cloudtrail) SELECT api.request.data FROM lh_finding_rows('calls')`)
	if err == nil || !strings.Contains(err.Error(), "request") {
		t.Errorf("api.request.data through lh_finding_rows: got %v, want a binder error naming the field", err)
	}
}

// TestPrincipal checks that an assumed role's sessions share their role
// as principal, and that every other actor text is its own.
func TestPrincipal(t *testing.T) {
	e := openSmallLake(t, Options{})
	f := func(who, want string) {
		t.Helper()
		checkRows(t, e, `SELECT coalesce(lh_principal(`+who+`), 'NULL')`, want)
	}
	f(`'arn:aws:sts::111122223333:assumed-role/app/i-0abc'`, "arn:aws:sts::111122223333:assumed-role/app")
	f(`'arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1/alice@example.com'`, "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1")
	f(`'arn:aws:sts::111122223333:assumed-role/app'`, "arn:aws:sts::111122223333:assumed-role/app")
	f(`'arn:aws:iam::111122223333:user/alice'`, "arn:aws:iam::111122223333:user/alice")
	f(`'ec2.amazonaws.com'`, "ec2.amazonaws.com")
	f(`NULL`, "NULL")
}

// TestTop checks the "k x3, k2" lists of summaries: most frequent first,
// ties by value, counts only above one.
func TestTop(t *testing.T) {
	e := openSmallLake(t, Options{})
	values := `FROM (VALUES ('b'), ('a'), ('b'), ('c'), ('a'), ('b')) AS v(x)`
	checkRows(t, e, `SELECT lh_top(x, 2) `+values, "b x3, a x2")
	checkRows(t, e, `SELECT lh_top(x, 5, '; ') `+values, "b x3; a x2; c")
}

// TestSpread checks where a finding's events came from: several
// addresses (their /24 when they share one), several regions, or nothing.
func TestSpread(t *testing.T) {
	e := openSmallLake(t, Options{})
	f := func(values, region, want string) {
		t.Helper()
		checkRows(t, e, `SELECT lh_spread(ip, `+region+`, ', ') FROM (VALUES `+values+`) AS v(ip, r)`, want)
	}
	f(`('203.0.113.7', 'us-east-1'), ('203.0.113.7', 'us-east-1')`, "r", "")
	f(`('203.0.113.7', 'us-east-1'), ('203.0.113.9', 'eu-west-1'), ('203.0.113.7', 'us-east-1')`, "r",
		", from 2 addresses in 203.0.113.0/24 (top: 203.0.113.7 x2, 203.0.113.9), in 2 regions: eu-west-1, us-east-1")
	f(`('203.0.113.7', 'us-east-1'), ('198.51.100.1', 'eu-west-1')`, "NULL", ", from 2 addresses (top: 198.51.100.1, 203.0.113.7)")
	f(`('2001:db8::1', 'us-east-1'), ('2001:db8::2', 'us-east-1')`, "r", ", from 2 addresses (top: 2001:db8::1, 2001:db8::2)")
}

// TestStretches checks that a pause longer than the gap between one
// actor's events starts the next stretch, and that actors do not mix.
func TestStretches(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, trail(`(0, 'alice', 'ip', 'r', 'op', 'u1'), (50, 'alice', 'ip', 'r', 'op', 'u2'), (111, 'alice', 'ip', 'r', 'op', 'u3'),
		(55, 'bob', 'ip', 'r', 'op', 'u4')`)+
		`SELECT metadata.uid, stretch FROM lh_stretches('calls', lh_actor(actor), INTERVAL 1 HOUR) ORDER BY metadata.uid`,
		"u1 | 1", "u2 | 1", "u3 | 2", "u4 | 1")
}

// TestBursts checks that only events inside a span that reaches the
// threshold remain, and that a stretch ends only at a pause longer than
// both the gap and the span.
func TestBursts(t *testing.T) {
	e := openSmallLake(t, Options{})
	// Three calls within ten minutes make a burst. u1 is steady activity
	// before the first burst; the second burst follows it after eight
	// minutes, more than the gap but less than the span, the third after
	// an hour.
	checkRows(t, e, trail(`(0, 'alice', 'ip', 'r', 'op', 'u1'), (100, 'alice', 'ip', 'r', 'op', 'u2'), (105, 'alice', 'ip', 'r', 'op', 'u3'),
		(110, 'alice', 'ip', 'r', 'op', 'u4'), (118, 'alice', 'ip', 'r', 'op', 'u5'), (119, 'alice', 'ip', 'r', 'op', 'u6'),
		(180, 'alice', 'ip', 'r', 'op', 'u7'), (181, 'alice', 'ip', 'r', 'op', 'u8'), (182, 'alice', 'ip', 'r', 'op', 'u9')`)+
		`, counted AS (SELECT *, count(*) OVER (ORDER BY time_dt RANGE BETWEEN INTERVAL 10 MINUTE PRECEDING AND CURRENT ROW) AS in_span FROM calls)
		SELECT metadata.uid, stretch FROM lh_bursts('counted', lh_actor(actor), in_span >= 3, INTERVAL 10 MINUTE, INTERVAL 5 MINUTE) ORDER BY metadata.uid`,
		"u2 | 1", "u3 | 1", "u4 | 1", "u5 | 1", "u6 | 1", "u7 | 2", "u8 | 2", "u9 | 2")
}

// TestStretchFindings checks the finding of each actor's stretch: its
// times, the region and address of its first event, the hunt's summary
// and its evidence.
func TestStretchFindings(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, trail(`(0, 'alice', '10.0.0.1', 'us-east-1', 'A', 'u1'), (10, 'alice', '10.0.0.2', 'eu-west-1', 'B', 'u2'),
		(200, 'alice', '10.0.0.3', 'us-east-1', 'C', 'u3'), (5, 'bob', '10.0.0.4', 'us-west-2', 'D', 'u4')`)+
		`, stretched AS (FROM lh_stretches('calls', lh_actor(actor), INTERVAL 1 HOUR))
		SELECT * FROM lh_stretch_findings('stretched', string_agg(api.operation, ',' ORDER BY time_dt))`,
		"2024-03-05T00:00:00Z | 2024-03-05T00:10:00Z | 111122223333 | us-east-1 | alice | 10.0.0.1 | A,B | 2 | [u1 u2] | 2",
		"2024-03-05T00:05:00Z | 2024-03-05T00:05:00Z | 111122223333 | us-west-2 | bob | 10.0.0.4 | D | 1 | [u4] | 1",
		"2024-03-05T03:20:00Z | 2024-03-05T03:20:00Z | 111122223333 | us-east-1 | alice | 10.0.0.3 | C | 1 | [u3] | 1")
}

// TestFilterFindings checks a filter hunt's summary: one what alone, else
// the top whats with counts and how many more, then the addresses.
func TestFilterFindings(t *testing.T) {
	e := openSmallLake(t, Options{})
	calls := trail(`(0, 'alice', '203.0.113.1', 'r', 'A', 'u1'), (1, 'alice', '203.0.113.2', 'r', 'A', 'u2'), (2, 'alice', '203.0.113.1', 'r', 'B', 'u3'),
		(3, 'bob', '198.51.100.1', 'r', 'C', 'u4'), (4, 'bob', '198.51.100.1', 'r', 'C', 'u5')`)
	f := func(top, alice, bob string) {
		t.Helper()
		checkRows(t, e, calls+`SELECT summary FROM lh_filter_findings('calls', INTERVAL 1 HOUR, concat('did ', api.operation)`+top+`)`, alice, bob)
	}
	f("", "did A x2; did B | from 2 addresses in 203.0.113.0/24 (top: 203.0.113.1 x2, 203.0.113.2)", "did C")
	f(", top := 1", "did A x2; and 1 more | from 2 addresses in 203.0.113.0/24 (top: 203.0.113.1 x2, 203.0.113.2)", "did C")
}

// TestObjectFindings checks that a hunt about objects finds one finding
// per actor, address and what, whatever the time between them.
func TestObjectFindings(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, trail(`(0, 'alice', '10.0.0.1', 'r', 'A', 'u1'), (500, 'alice', '10.0.0.1', 'r', 'A', 'u2'), (1, 'alice', '10.0.0.1', 'r', 'B', 'u3')`)+
		`SELECT region, actor, src_ip, summary, event_count, evidence_uids FROM lh_object_findings('calls', concat('changed ', api.operation))`,
		"r | alice | 10.0.0.1 | changed A | 2 | [u1 u2]", "r | alice | 10.0.0.1 | changed B | 1 | [u3]")
}

// TestCallBursts checks a burst hunt's findings: the calls of the burst
// only, with the peak and the operations called.
func TestCallBursts(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, trail(`(0, 'alice', '10.0.0.1', 'r', 'ListA', 'u1'), (100, 'alice', '10.0.0.1', 'r', 'ListA', 'u2'),
		(101, 'alice', '10.0.0.1', 'r', 'ListB', 'u3'), (102, 'alice', '10.0.0.1', 'r', 'ListA', 'u4'), (103, 'alice', '10.0.0.1', 'r', 'ListA', 'u5')`)+
		`SELECT summary, evidence_uids FROM lh_call_bursts('calls', INTERVAL 10 MINUTE, 3, INTERVAL 1 HOUR)`,
		"4 calls within 00:10:00 (4 in all) to 2 operations: ListA x3, ListB | [u2 u3 u4 u5]")
}

// TestFlowFindings checks that flow findings are one per connection and
// service, or per pair of addresses when the service is NULL.
func TestFlowFindings(t *testing.T) {
	e := openSmallLake(t, Options{})
	flows := `WITH flows AS (
    SELECT TIMESTAMPTZ '2024-03-05 00:00:00+00' + to_minutes(m) AS time_dt, TIMESTAMPTZ '2024-03-05 00:01:00+00' + to_minutes(m) AS end_time_dt,
           epoch_ms(TIMESTAMPTZ '2024-03-05 00:00:00+00' + to_minutes(m)) AS time, '111122223333' AS accountid, 'r' AS region,
           {'uid': uid} AS metadata, {'ip': '10.0.0.1', 'instance_uid': 'i-1', 'interface_uid': NULL::VARCHAR, 'port': 40000} AS src_endpoint,
           {'ip': '10.0.0.9', 'interface_uid': NULL::VARCHAR, 'port': port} AS dst_endpoint, {'protocol_num': 6} AS connection_info, {'bytes': bytes} AS traffic
    FROM (VALUES (0, 22, 100, 'f1'), (5, 22, 50, 'f2'), (7, 3389, 10, 'f3')) AS v(m, port, bytes, uid)
) `
	f := func(service string, want ...string) {
		t.Helper()
		checkRows(t, e, flows+`SELECT * FROM lh_flow_findings('flows', `+service+`, CAST(sum(traffic.bytes) AS VARCHAR))`, want...)
	}
	f("dst_endpoint.port",
		"2024-03-05T00:00:00Z | 2024-03-05T00:06:00Z | 111122223333 | r | i-1 | 10.0.0.1 | 150 | 2 | [f1 f2] | 2",
		"2024-03-05T00:07:00Z | 2024-03-05T00:08:00Z | 111122223333 | r | i-1 | 10.0.0.1 | 10 | 1 | [f3] | 1")
	f("NULL", "2024-03-05T00:00:00Z | 2024-03-05T00:08:00Z | 111122223333 | r | i-1 | 10.0.0.1 | 160 | 3 | [f1 f2 f3] | 3")
}

// TestThen checks the rows of a sequence: a leading call followed within
// the gap by the same actor, and the calls it leads; nothing else.
func TestThen(t *testing.T) {
	e := openSmallLake(t, Options{})
	// u3 reads too long after the listing, u4 reads without one, u5 lists
	// and never reads.
	checkRows(t, e, trail(`(0, 'alice', 'ip', 'r', 'List', 'u1'), (30, 'alice', 'ip', 'r', 'Read', 'u2'), (300, 'alice', 'ip', 'r', 'Read', 'u3'),
		(10, 'bob', 'ip', 'r', 'Read', 'u4'), (400, 'alice', 'ip', 'r', 'List', 'u5')`)+
		`SELECT metadata.uid FROM lh_then('calls', lh_actor(actor), api.operation = 'List', INTERVAL 1 HOUR) ORDER BY metadata.uid`,
		"u1", "u2")
}

// TestHour checks that lh_hour buckets instants as date_trunc('hour')
// does, at and around an hour's edge, and that lh_hour_start is the
// bucket's first instant.
func TestHour(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, `SELECT string_agg(CAST(lh_hour(t) AS VARCHAR), ' ' ORDER BY t),
		count(*) FILTER (WHERE make_timestamp(lh_hour(t) * 3600000000) IS DISTINCT FROM date_trunc('hour', t)::TIMESTAMP),
		count(*) FILTER (WHERE lh_hour_start(lh_hour(t)) IS DISTINCT FROM date_trunc('hour', t)),
		count(*) FILTER (WHERE NOT (t >= lh_hour_start(lh_hour(t)) AND t < lh_hour_start(lh_hour(t) + 1)))
		FROM (VALUES (TIMESTAMPTZ '2024-03-05 09:59:59.999+00'), (TIMESTAMPTZ '2024-03-05 10:00:00+00'),
		             (TIMESTAMPTZ '2024-03-05 10:30:00+00'), (TIMESTAMPTZ '1970-01-01 00:00:00+00')) AS v(t)`,
		"0 474897 474898 474898 | 0 | 0 | 0")
}

// TestPrivateIP checks which addresses are private.
func TestPrivateIP(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, `SELECT string_agg(ip, ' ' ORDER BY ip) FILTER (WHERE lh_private_ip(ip)), string_agg(ip, ' ' ORDER BY ip) FILTER (WHERE NOT lh_private_ip(ip))
		FROM (VALUES ('10.1.2.3'), ('172.16.0.1'), ('172.32.0.1'), ('192.168.1.1'), ('100.64.0.1'), ('100.128.0.1'), ('169.254.169.254'),
		             ('8.8.8.8'), ('fd12::1'), ('FE80::1'), ('::1'), ('2001:db8::1')) AS v(ip)`,
		"10.1.2.3 100.64.0.1 169.254.169.254 172.16.0.1 192.168.1.1 ::1 FE80::1 fd12::1 | 100.128.0.1 172.32.0.1 2001:db8::1 8.8.8.8")
}

// TestSharedWith checks whom an EC2 permission change shares with: the
// group all is everyone, accounts other than the owner are named, and a
// change that adds only the owner, or nothing, shares with no one.
func TestSharedWith(t *testing.T) {
	e := openSmallLake(t, Options{})
	checkRows(t, e, `SELECT string_agg(coalesce(lh_shared_with(json_extract(data, '$.launchPermission'), '111122223333'), 'NULL'), ' / ' ORDER BY i)
		FROM (VALUES (1, '{"launchPermission": {"add": {"items": [{"group": "all"}]}}}'),
		             (2, '{"launchPermission": {"add": {"items": [{"userId": "111122223333"}, {"userId": "444455556666"}]}}}'),
		             (3, '{"launchPermission": {"add": {"items": [{"userId": "111122223333"}]}}}'),
		             (4, '{"launchPermission": {"remove": {"items": [{"group": "all"}]}}}'),
		             (5, '{}')) AS v(i, data)`,
		"everyone / 111122223333, 444455556666 / NULL / NULL / NULL")
	// RDS's valuesToAdd names the group all among the accounts.
	checkRows(t, e, `SELECT string_agg(coalesce(lh_shared_beyond(v, v, '111122223333'), 'NULL'), ' / ' ORDER BY i)
		FROM (VALUES (1, ['all']), (2, ['444455556666', 'all']), (3, ['111122223333', '444455556666']), (4, ['111122223333']), (5, [])) AS t(i, v)`,
		"everyone / everyone / 111122223333, 444455556666 / NULL / NULL")
}

// TestFindingMacrosKeepScanPushdown checks that reading a hunt's CTE
// through a table macro still lets the Parquet scan read only the columns
// the finding uses and filter the rows the hunt asks for.
func TestFindingMacrosKeepScanPushdown(t *testing.T) {
	e := openSmallLake(t, Options{})
	f := func(q, filter string, columns ...string) {
		t.Helper()
		plan := explain(t, e, q)
		got := scanProjections(plan)
		slices.Sort(got)
		if !reflect.DeepEqual(got, columns) {
			t.Errorf("%s: the Parquet scan reads %q, want %q", q, got, columns)
		}
		if filters := scanFilters(plan); !strings.Contains(filters, filter) {
			t.Errorf("%s: the Parquet scan filters %s, want %s", q, filters, filter)
		}
	}
	f(`WITH matched AS (SELECT * FROM cloudtrail WHERE api.operation = 'GetObject')
		SELECT * FROM lh_filter_findings('matched', INTERVAL 1 HOUR, api.operation)`, "GetObject",
		"accountId", "actor.invoked_by", "actor.user.account.uid", "actor.user.name", "actor.user.uid", "api.operation", "metadata.uid", "region", "src_endpoint.ip", "time_dt")
	f(`WITH matched AS (FROM lh_succeeded_calls('cloudtrail', TIMESTAMPTZ '2024-03-05', TIMESTAMPTZ '2024-03-06', 'ec2.amazonaws.com') WHERE api.operation = 'RunInstances')
		SELECT * FROM lh_filter_findings('matched', INTERVAL 1 HOUR, api.operation)`, "ec2.amazonaws.com",
		"accountId", "actor.invoked_by", "actor.user.account.uid", "actor.user.name", "actor.user.uid", "api.operation", "api.response.error", "api.service.name",
		"metadata.uid", "region", "src_endpoint.ip", "time_dt")
	f(`WITH flows AS (SELECT * FROM vpcflow WHERE action = 'Denied')
		SELECT * FROM lh_flow_findings('flows', dst_endpoint.port, CAST(count(*) AS VARCHAR))`, "Denied",
		"accountId", "connection_info.protocol_num", "dst_endpoint.interface_uid", "dst_endpoint.ip", "dst_endpoint.port", "end_time_dt", "metadata.uid",
		"region", "src_endpoint.instance_uid", "src_endpoint.interface_uid", "src_endpoint.ip", "src_endpoint.port", "time", "time_dt")
}

// TestUserAgentsMatching checks that lh_user_agents_matching gives each
// matching agent of the window once, and no NULL.
func TestUserAgentsMatching(t *testing.T) {
	e := openSmallLake(t, Options{})
	agents := `WITH calls AS (SELECT TIMESTAMPTZ '2024-03-05 00:00:00+00' + to_seconds(s) AS time_dt, {'user_agent': a} AS http_request
		FROM (VALUES (0, 'pacu/1.5'), (10, 'pacu/1.5'), (20, 'aws-cli/2.15'), (30, NULL), (40, 'Kali Linux'), (7200, 'pacu/2.0')) v(s, a))
		SELECT agent FROM lh_user_agents_matching('calls', TIMESTAMPTZ '2024-03-05 00:00:00+00', TIMESTAMPTZ '2024-03-05 01:00:00+00', '(?i)pacu|kali') ORDER BY agent`
	checkRows(t, e, agents, "Kali Linux", "pacu/1.5")
}
