package console

import (
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Dashboard is a page of panels over the view's window and filters.
type Dashboard struct {
	ID, Title, Origin string
	Panels            []Panel
}

// Chart kinds of a panel.
const (
	chartTime  = "time"  // columns bucket, series, value: stacked bars over time
	chartBar   = "bar"   // columns label, value: horizontal bars
	chartTable = "table" // any columns
	chartMap   = "map"   // columns src_ip, value: by country with --geoip, else by address
)

// Panel is one SQL statement in DuckDB's dialect over one view, its
// inputs bound: $window_start, $window_end, $account, $region (and
// $bucket_us for a time chart). Events are the rows behind it.
type Panel struct {
	ID, Title string
	Chart     string
	Source    string // cloudtrail or vpcflow
	Where     string // what the panel counts, besides the window and filters
	// Label and Series are expressions; Value defaults to count(*).
	Label, Series, Value string
	// Select is a table panel's select list, grouped by its non-aggregates.
	Select string
	// PreGroup, when set, is a select list the panel's rows are grouped
	// by first; Select then aggregates those groups. Counting the groups
	// of (key, x) gives count(DISTINCT x) per key for less than the
	// distinct aggregate costs.
	PreGroup string
	Limit    int
	// Summarized, when set, reads the flow summaries where they can
	// answer (summaries.go).
	Summarized summarized
}

// filters are the window and the view's filters, as bound parameters.
const filters = `time_dt >= $window_start AND time_dt < $window_end
  AND ($account = '' OR accountid = $account)
  AND ($region = '' OR region = $region)`

const userExpr = `coalesce(actor.user.name, actor.user.uid, actor.user.type)`

func (p Panel) where() string {
	if p.Where == "" {
		return filters
	}
	return filters + "\n  AND (" + p.Where + ")"
}

// SQL is the panel's statement with $parameters.
func (p Panel) SQL() string {
	value := p.Value
	if value == "" {
		value = "count(*)"
	}
	limit := p.Limit
	if limit == 0 {
		limit = 10
	}
	switch p.Chart {
	case chartTime:
		return "SELECT " + bucketStart("k") + " AS bucket, series, value\nFROM (SELECT " + timeKey + " AS k, " + p.series() + " AS series, " + value + " AS value\nFROM " + p.Source +
			"\nWHERE " + p.where() + "\nGROUP BY 1, 2)\nORDER BY 1, 2"
	case chartBar:
		return "SELECT " + p.Label + " AS label, " + value + " AS value\nFROM " + p.Source +
			"\nWHERE " + p.where() + "\nGROUP BY 1\nORDER BY 2 DESC, 1\nLIMIT " + itoa(limit)
	case chartMap:
		return "SELECT src_endpoint.ip AS src_ip, " + value + " AS value\nFROM " + p.Source +
			"\nWHERE " + p.where() + " AND src_endpoint.ip IS NOT NULL\nGROUP BY 1\nORDER BY 2 DESC, 1\nLIMIT 1000"
	default:
		from := p.Source + "\nWHERE " + p.where()
		if p.PreGroup != "" {
			from = "(SELECT " + p.PreGroup + "\nFROM " + from + "\nGROUP BY ALL)"
		}
		// ALL: a table's first column (a time or a total) ties often, as
		// flows of one second do; ordering by every column keeps the rows
		// cut by LIMIT the same from run to run and in the CSV download.
		return "SELECT " + p.Select + "\nFROM " + from + "\nGROUP BY ALL\nORDER BY ALL DESC\nLIMIT " + itoa(max(limit, 100))
	}
}

// eventColumns are the key columns of a drill-down, per view; the whole
// OCSF record is one click further (/event).
var eventColumns = map[string]string{
	"cloudtrail": `time_dt AS time, accountid AS account, region, api.service.name AS service, api.operation AS operation,
       status, api.response.error AS error, ` + userExpr + ` AS principal, actor.user.credential_uid AS access_key,
       src_endpoint.ip AS src_ip, http_request.user_agent AS user_agent, metadata.uid AS event_uid`,
	"vpcflow": `time_dt AS time, accountid AS account, region, src_endpoint.ip AS src_ip, src_endpoint.port AS src_port,
       dst_endpoint.ip AS dst_ip, dst_endpoint.port AS dst_port, connection_info.protocol_num AS protocol, action,
       traffic.packets AS packets, traffic.bytes AS bytes, src_endpoint.instance_uid AS instance, src_endpoint.interface_uid AS interface`,
}

// timeKey is a time chart's bucket as a number, counted from the window's
// start: the rows are grouped by it, and only the groups' keys become
// timestamps (bucketStart). time_bucket() of a TIMESTAMPTZ ran for every
// row: over the 50M flows of the medium bench lake the traffic panel took
// 5.2 CPU-s with it, 3.3 with the integer key.
const timeKey = "(epoch_us(time_dt) - epoch_us($window_start)) // $bucket_us"

// bucketStart is the start of the bucket numbered k, as time_bucket()
// gives it: the window's start plus k buckets.
func bucketStart(k string) string {
	return "$window_start + to_microseconds(" + k + " * $bucket_us)"
}

// series is a time chart's series expression.
func (p Panel) series() string {
	if p.Series == "" {
		return "'events'"
	}
	return p.Series
}

// EventsSQL is the statement of the events behind the panel.
func (p Panel) EventsSQL() string {
	return "SELECT " + eventColumns[p.Source] + "\nFROM " + p.Source + "\nWHERE " + p.where() + "\nORDER BY time_dt DESC"
}

// params binds the view to a panel's parameters.
func (v view) params() map[string]sqltext.Value {
	return map[string]sqltext.Value{
		"window_start": sqltext.Timestamp(v.From),
		"window_end":   sqltext.Timestamp(v.To),
		"account":      sqltext.Text(v.Account),
		"region":       sqltext.Text(v.Region),
		"bucket_us":    sqltext.Int(bucketFor(v.To.Sub(v.From)).Microseconds()),
	}
}

// bucketFor picks a time bucket that draws 24 to 100 bars.
func bucketFor(d time.Duration) time.Duration {
	for _, b := range []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 24 * time.Hour} {
		if d/b <= 100 {
			return b
		}
	}
	return 7 * 24 * time.Hour
}

func itoa(n int) string { return strconv.Itoa(n) }

// adminPorts is lake.AdminPorts as a SQL list: the admin panel's
// statement and the summaries that answer it count the same ports.
func adminPorts() string {
	ports := make([]string, len(lake.AdminPorts))
	for i, p := range lake.AdminPorts {
		ports[i] = itoa(int(p))
	}
	return strings.Join(ports, ", ")
}

var dashboards = []Dashboard{
	{ID: "overview", Title: "Overview", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "login_map", Title: "Where users log in from", Chart: chartMap, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin'`},
		{ID: "top_users", Title: "Top 10 users", Chart: chartBar, Source: "cloudtrail", Label: userExpr},
		{ID: "failed_logins", Title: "Failed console logins", Chart: chartTable, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin' AND status = 'Failure'`,
			Select: `max(time_dt) AS last_time, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, api.response.error AS error, count(*) AS events`},
		{ID: "created_deleted", Title: "Resources created and deleted", Chart: chartTime, Source: "cloudtrail",
			Where:  `regexp_matches(api.operation, '^(Create|Run|Delete|Terminate)') AND status = 'Success'`,
			Series: `CASE WHEN regexp_matches(api.operation, '^(Create|Run)') THEN 'created' ELSE 'deleted' END`},
		{ID: "sg_nacl_changes", Title: "Security group and network ACL changes", Chart: chartTable, Source: "cloudtrail", Where: sgNACLChanges,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, accountid AS account, count(*) AS events`},
	}},
	{ID: "console-logins", Title: "Console Logins", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "by_outcome", Title: "Logins by outcome over time", Chart: chartTime, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin'`, Series: `coalesce(status, 'unknown')`},
		{ID: "by_user", Title: "Logins by user", Chart: chartBar, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin'`, Label: userExpr},
		{ID: "from_where", Title: "Logins from where", Chart: chartMap, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin'`},
		{ID: "without_mfa", Title: "Logins without MFA", Chart: chartTable, Source: "cloudtrail",
			Where:  `api.operation = 'ConsoleLogin' AND status = 'Success' AND coalesce(is_mfa, false) = false`,
			Select: `max(time_dt) AS last_time, ` + userExpr + ` AS principal, actor.user.type AS user_type, src_endpoint.ip AS src_ip, count(*) AS logins`},
		{ID: "failed", Title: "Failed logins", Chart: chartTable, Source: "cloudtrail", Where: `api.operation = 'ConsoleLogin' AND status = 'Failure'`,
			Select: `max(time_dt) AS last_time, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, api.response.error AS error, count(*) AS logins`},
	}},
	{ID: "user-monitoring", Title: "User Monitoring", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "top_users", Title: "Top users", Chart: chartBar, Source: "cloudtrail", Label: userExpr},
		{ID: "instances_per_user", Title: "Instances created and deleted per user", Chart: chartTable, Source: "cloudtrail",
			Where:  `api.operation IN ('RunInstances', 'TerminateInstances')`,
			Select: userExpr + ` AS principal, count(*) FILTER (WHERE api.operation = 'RunInstances') AS created, count(*) FILTER (WHERE api.operation = 'TerminateInstances') AS deleted`},
		{ID: "admin_activity", Title: "Administrators' activity over time", Chart: chartTime, Source: "cloudtrail", Where: adminActor, Series: userExpr},
		{ID: "admin_top_apis", Title: "Administrators' top APIs", Chart: chartBar, Source: "cloudtrail", Where: adminActor, Label: `api.operation`},
	}},
	{ID: "network-security", Title: "Network and Security", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "authz_failures", Title: "Authorization failures over time", Chart: chartTime, Source: "cloudtrail", Where: authzFailure, Series: `api.response.error`},
		{ID: "authz_failures_origin", Title: "Authorization failures by origin", Chart: chartBar, Source: "cloudtrail", Where: authzFailure, Label: `src_endpoint.ip`},
		{ID: "nacl_changes", Title: "Network ACL changes", Chart: chartTable, Source: "cloudtrail", Where: `api.operation IN ('CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation')`,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, count(*) AS events`},
		{ID: "sg_changes", Title: "Security group changes", Chart: chartTable, Source: "cloudtrail", Where: `api.operation IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules')`,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, count(*) AS events`},
		{ID: "short_lived", Title: "Short-lived critical operations (created and deleted within an hour)", Chart: chartTable, Source: "cloudtrail",
			Where:  `api.operation IN ('CreateUser', 'DeleteUser', 'CreateAccessKey', 'DeleteAccessKey', 'CreateLoginProfile', 'DeleteLoginProfile', 'AttachUserPolicy', 'DetachUserPolicy', 'CreateRole', 'DeleteRole', 'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress') AND status = 'Success'`,
			Select: userExpr + ` AS principal, min(time_dt) FILTER (WHERE regexp_matches(api.operation, '^(Create|Attach|Authorize)')) AS created, max(time_dt) FILTER (WHERE regexp_matches(api.operation, '^(Delete|Detach|Revoke)')) AS deleted, list(DISTINCT api.operation ORDER BY api.operation) AS operations`},
	}},
	{ID: "operations", Title: "Operations", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "by_service", Title: "Calls by service", Chart: chartBar, Source: "cloudtrail", Label: `api.service.name`},
		{ID: "by_region", Title: "Calls by region", Chart: chartBar, Source: "cloudtrail", Label: `region`},
		{ID: "created_deleted", Title: "Resources created and deleted", Chart: chartTime, Source: "cloudtrail",
			Where:  `regexp_matches(api.operation, '^(Create|Run|Delete|Terminate)') AND status = 'Success'`,
			Series: `CASE WHEN regexp_matches(api.operation, '^(Create|Run)') THEN 'created' ELSE 'deleted' END`},
		{ID: "top_operations", Title: "Top operations", Chart: chartBar, Source: "cloudtrail", Label: `api.operation`},
	}},
	{ID: "s3-public", Title: "S3 Public Objects and Buckets", Origin: "Sumo Logic CloudTrail app", Panels: []Panel{
		{ID: "public_changes", Title: "Buckets and objects made public", Chart: chartTable, Source: "cloudtrail_all", Where: s3Public,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, accountid AS account, count(*) AS events`},
		{ID: "policy_changes", Title: "Bucket ACL, policy and public access block changes over time", Chart: chartTime, Source: "cloudtrail_all",
			Where: `api.operation IN ('PutBucketAcl', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutObjectAcl', 'PutBucketPublicAccessBlock', 'DeletePublicAccessBlock', 'DeleteBucketPublicAccessBlock')`, Series: `api.operation`},
		{ID: "by_bucket_user", Title: "Bucket policy and ACL changes by user", Chart: chartBar, Source: "cloudtrail_all",
			Where: `api.operation IN ('PutBucketAcl', 'PutBucketPolicy', 'DeleteBucketPolicy', 'PutObjectAcl', 'PutBucketPublicAccessBlock', 'DeletePublicAccessBlock', 'DeleteBucketPublicAccessBlock')`, Label: userExpr},
	}},
	{ID: "sentinel-user-activity", Title: "AWS User Activity", Origin: "Microsoft Sentinel workbook", Panels: []Panel{
		{ID: "by_user_type", Title: "Activity by user type over time", Chart: chartTime, Source: "cloudtrail", Series: `coalesce(actor.user.type, 'unknown')`},
		{ID: "top_users", Title: "Most active users", Chart: chartBar, Source: "cloudtrail", Label: userExpr},
		{ID: "failed_operations", Title: "Top failed operations", Chart: chartBar, Source: "cloudtrail", Where: `status = 'Failure'`, Label: `api.operation`},
		{ID: "user_agents", Title: "User agents", Chart: chartBar, Source: "cloudtrail", Label: `http_request.user_agent`},
		{ID: "iam_changes", Title: "IAM users, keys and policies changed", Chart: chartTable, Source: "cloudtrail",
			Where:  `api.service.name = 'iam.amazonaws.com' AND regexp_matches(api.operation, '^(Create|Delete|Attach|Detach|Put|Update|Add|Remove)')`,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, count(*) AS events`},
	}},
	{ID: "sentinel-network-activity", Title: "AWS Network Activity", Origin: "Microsoft Sentinel workbook", Panels: []Panel{
		{ID: "network_calls", Title: "Network API calls over time", Chart: chartTime, Source: "cloudtrail", Where: networkCall, Series: `status`},
		{ID: "by_operation", Title: "Network API calls by operation", Chart: chartBar, Source: "cloudtrail", Where: networkCall, Label: `api.operation`},
		{ID: "by_source", Title: "Network API calls by source address", Chart: chartBar, Source: "cloudtrail", Where: networkCall, Label: `src_endpoint.ip`},
		{ID: "changes", Title: "Gateway, route, subnet and VPC changes", Chart: chartTable, Source: "cloudtrail", Where: networkCall + ` AND NOT regexp_matches(api.operation, '^Describe')`,
			Select: `max(time_dt) AS last_time, api.operation AS operation, ` + userExpr + ` AS principal, src_endpoint.ip AS src_ip, count(*) AS events`},
	}},
	{ID: "vpc-flow", Title: "VPC Flow", Origin: "lakehunt", Panels: []Panel{
		{ID: "traffic", Title: "Traffic over time (bytes)", Chart: chartTime, Source: "vpcflow", Series: `coalesce(action, 'unknown')`, Value: `coalesce(sum(traffic.bytes), 0)`,
			Summarized: summarizedTraffic},
		{ID: "top_talkers", Title: "Top talkers", Chart: chartTable, Source: "vpcflow",
			Select: `sum(traffic.bytes) AS bytes, src_endpoint.ip AS src_ip, dst_endpoint.ip AS dst_ip, count(*) AS flows`, Limit: 20,
			Summarized: summarizedTalkers},
		{ID: "rejected_by_port", Title: "Rejected traffic by destination port", Chart: chartBar, Source: "vpcflow", Where: `action = 'Denied'`, Label: `CAST(dst_endpoint.port AS VARCHAR)`,
			Summarized: summarizedRejected},
		{ID: "egress_internet", Title: "Egress to the internet", Chart: chartTable, Source: "vpcflow",
			Where: `action = 'Allowed' AND lh_private_ip(src_endpoint.ip) AND NOT lh_private_ip(dst_endpoint.ip)`,
			// Over the 17M egress flows of the medium bench lake, counting
			// the (destination, source) groups cost 14% less CPU and 22%
			// less memory than count(DISTINCT src_endpoint.ip).
			PreGroup: `dst_endpoint.ip AS dst_ip, src_endpoint.ip AS src_ip, sum(traffic.bytes) AS bytes, count(*) AS flows`,
			Select:   `sum(bytes) AS bytes, dst_ip, count(src_ip) AS sources, CAST(sum(flows) AS BIGINT) AS flows`, Limit: 20,
			Summarized: summarizedEgress},
		{ID: "admin_ports", Title: "Admin ports reached from the internet", Chart: chartTable, Source: "vpcflow",
			Where:      `dst_endpoint.port IN (` + adminPorts() + `) AND NOT lh_private_ip(src_endpoint.ip)`,
			Select:     `max(time_dt) AS last_time, src_endpoint.ip AS src_ip, dst_endpoint.ip AS dst_ip, dst_endpoint.port AS dst_port, action, count(*) AS flows`,
			Summarized: summarizedAdmin},
	}},
}

const sgNACLChanges = `api.operation IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry')`

// adminActor is the root user, or a principal named or identified as an
// administrator. Each name is matched case-blind by itself: lower() of the
// joined name and ARN cost 1.7 s of CPU over 30 days of the medium bench
// lake (5M events), the two matches 0.9 s.
const adminActor = `actor.user.type = 'Root' OR regexp_matches(actor.user.name, '(?i)admin') OR regexp_matches(actor.user.uid, '(?i)admin')`

const authzFailure = `api.response.error IN ('AccessDenied', 'UnauthorizedOperation', 'Client.UnauthorizedOperation', 'AccessDeniedException', 'UnauthorizedAccess')`

const s3Public = `api.operation IN ('PutBucketAcl', 'PutObjectAcl', 'PutBucketPolicy') AND (contains(CAST(api.request.data AS VARCHAR), 'AllUsers') OR contains(CAST(api.request.data AS VARCHAR), 'AuthenticatedUsers') OR regexp_matches(CAST(api.request.data AS VARCHAR), '"Principal\\?":\s*(\{\s*\\?"AWS\\?":\s*)?\\?"\*\\?"'))`

const networkCall = `regexp_matches(api.operation, '(Vpc|Subnet|RouteTable|Route|InternetGateway|NatGateway|NetworkAcl|SecurityGroup|NetworkInterface|VpcPeering|TransitGateway|VpnConnection|CustomerGateway|Address)')`

// DashboardIDs name the console's dashboards, in menu order: each is the
// page /dashboards/{id}.
func DashboardIDs() []string {
	ids := make([]string, len(dashboards))
	for i, d := range dashboards {
		ids[i] = d.ID
	}
	return ids
}

// dashboard finds a dashboard by id.
func dashboard(id string) (*Dashboard, bool) {
	for i := range dashboards {
		if dashboards[i].ID == id {
			return &dashboards[i], true
		}
	}
	return nil, false
}

// panel finds a panel of the dashboard by id.
func (d *Dashboard) panel(id string) (*Panel, bool) {
	for i := range d.Panels {
		if d.Panels[i].ID == id {
			return &d.Panels[i], true
		}
	}
	return nil, false
}
