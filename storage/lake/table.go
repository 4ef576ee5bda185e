package lake

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Table is one Security Lake source table, described once: everything else
// (the engine's views, Glue names in SQL, the Athena DDL, ingest from S3,
// push, pull, lake info, verify, tombstones, compaction) iterates Tables or
// looks a table up here.
//
// Adding a table means: a Table value here, listed in Tables, whose Row is
// the OCSF row type of its Parquet files, and, when raw logs are ingested
// into it, the source.Kind that reads them (or, for CloudTrail's data
// events, the Stream the CloudTrail ingest routes to it) and the mapper in
// storage/ocsf with its pipeline options in storage/ingest. Nothing else
// names tables.
type Table struct {
	// Source is Security Lake's sourceName, the path segment under aws/.
	Source string
	// Version is the source version, the next path segment.
	Version string
	// View is the name of the DuckDB view over the table.
	View string
	// Row is a value of the row type the table's Parquet files hold: their
	// schema (Schema), the columns of the Athena DDL and of the empty view.
	Row any
	// Ingest is the kind of raw log 'lakehunt ingest' maps into the table;
	// the table's commits record the sources of that kind. Zero for tables
	// that another table's ingest fills (Stream) and for pulled-only ones.
	Ingest source.Kind
	// Stream is the CloudTrail events the table holds, for the tables that
	// 'lakehunt ingest cloudtrail' routes events to; zero for the others.
	Stream ocsf.CloudTrailStream
	// ThenColumn orders rows of the same time, in files (Row.ThenMs) and
	// through compaction; "" when nothing does.
	ThenColumn string
	// Derived are top-level columns that the table's files leave null and
	// the engine's views compute from the row's other columns, by name: a
	// DuckDB expression over them. A value a file holds (one written
	// before, or by another writer) is kept.
	Derived map[string]string
	// UnboundedColumns (dotted paths) get no min/max statistics. Their
	// values are random ids, JSON text or map entries, whose range covers
	// every row group, so the bounds could never skip one, and computing
	// them over dictionary pages took 4% of a CloudTrail ingest's CPU
	// ('lakehunt ingest cloudtrail --cpuprofile', one account of the medium
	// bench data).
	UnboundedColumns []string
	// EntityColumns (dotted paths) get a split-block bloom filter per row
	// group: the columns an investigation looks one value up in (an IP
	// address, a principal, an access key, an instance), whose values are
	// spread over every file, so min/max statistics never exclude one.
	// MayHold reads the filters to open only the files that can hold a
	// value; readers that use Parquet bloom filters skip row groups too.
	EntityColumns []string
	// CacheOrder sorts the engine's copy of the table (engine.Options.Cache)
	// so that DuckDB's zone maps skip what a filter excludes: the columns
	// most hunts filter on, then time. "" when the table is never copied.
	CacheOrder string
	// CacheOptional are top-level columns the engine's copy may narrow to
	// what the statements over it read (engine.Options.CacheNarrow): nested
	// columns few hunts read, which cost the copy more than their share of
	// the bytes (go test -bench BenchmarkPackCopy ./bench/).
	CacheOptional []string
	// OrderColumns (dotted paths of strings and 32-bit integers) order the
	// rows of each five minutes in the table's files, before their time
	// (orderBucketMs); Row.Order holds a row's values of them. None: files
	// are in time order.
	OrderColumns []string
	// FlowSummaries: each data file gets a FlowSummary, written and
	// committed with it (the flow table).
	FlowSummaries bool
	// Issuing: each data file gets a copy of its issuing calls
	// (issuing.go), written and committed with it (the CloudTrail
	// management table, where AWS logs them).
	Issuing bool
	// PageBuffer is the bytes an ingest's Parquet writer buffers per column
	// before it cuts a page; 0 is pageBufferSize. Pages are compressed one
	// by one, so larger ones compress better, at the cost of memory per
	// column (see newParquetWriter).
	PageBuffer int
}

// The tables lakehunt writes. A CloudTrail ingest routes each event to one
// of the three CloudTrail tables, as Security Lake does, and records its
// sources under CloudTrail (CLOUD_TRAIL_MGMT).
var (
	CloudTrail = Table{Source: "CLOUD_TRAIL_MGMT", Version: "2.0", View: "cloudtrail",
		Row: ocsf.CloudTrailEvent{}, Ingest: source.CloudTrail, Stream: ocsf.ManagementEvents,
		UnboundedColumns: cloudTrailUnbounded, EntityColumns: cloudTrailEntities, CacheOrder: cloudTrailCacheOrder, CacheOptional: cloudTrailCacheOptional, Issuing: true}
	S3Data = Table{Source: "S3_DATA", Version: "2.0", View: "s3_data",
		Row: ocsf.CloudTrailEvent{}, Stream: ocsf.S3DataEvents, UnboundedColumns: cloudTrailUnbounded, EntityColumns: cloudTrailEntities, CacheOrder: cloudTrailCacheOrder, CacheOptional: cloudTrailCacheOptional}
	LambdaExecution = Table{Source: "LAMBDA_EXECUTION", Version: "2.0", View: "lambda_execution",
		Row: ocsf.CloudTrailEvent{}, Stream: ocsf.LambdaDataEvents, UnboundedColumns: cloudTrailUnbounded, EntityColumns: cloudTrailEntities, CacheOrder: cloudTrailCacheOrder, CacheOptional: cloudTrailCacheOptional}
	VPCFlow = Table{Source: "VPC_FLOW", Version: "2.0", View: "vpcflow",
		Row: ocsf.FlowEvent{}, Ingest: source.VPCFlow, ThenColumn: "end_time_dt", OrderColumns: flowOrderColumns, PageBuffer: flowPageBuffer, FlowSummaries: true,
		UnboundedColumns: flowUnbounded, Derived: flowDerived,
		EntityColumns: []string{"src_endpoint.ip", "dst_endpoint.ip", "src_endpoint.instance_uid", "dst_endpoint.instance_uid",
			"src_endpoint.interface_uid", "dst_endpoint.interface_uid"}}
)

// flowPageBuffer: the flow schema has half CloudTrail's columns, and its
// numbers and addresses compress better in larger pages. Ingesting the small
// bench data's flows ('lakehunt bench --scale small --keep', then 'ingest
// vpcflow' of its data directory), 256 KiB pages made the data files 5%
// smaller than 64 KiB (10.70 MB instead of 11.27 MB) at the same CPU time,
// for 396 MB peak RSS instead of 343 MB; 1 MiB gained 1% more for 442 MB.
const flowPageBuffer = 256 << 10

// flowDerived are the flow columns the files leave null. Security Lake's
// flow files have none of them; lakehunt wrote them until the views
// derived them. Beside the observables, they are lakehunt's additions to
// Security Lake's schema: the epoch twins of the _dt times, which
// Security Lake's own SV1 queries read, and the status and disposition
// ids OCSF defines from the action (storage/ocsf mapFlowAction). Stored,
// they were 6.3% of a flow file's bytes ('ingest vpcflow' of one account
// and region of the medium bench's flows on the 2-core AMD EPYC of the
// README's benchmarks). A filter on them is not pushed into the files:
// the hunts filter on time_dt and action.
var flowDerived = map[string]string{
	"observables":    flowObservables,
	"start_time":     "epoch_ms(start_time_dt)",
	"end_time":       "epoch_ms(end_time_dt)",
	"status":         "CASE action_id WHEN 1 THEN 'Success' WHEN 2 THEN 'Failure' END",
	"status_id":      "CAST(CASE action_id WHEN 1 THEN 1 WHEN 2 THEN 2 END AS INTEGER)",
	"disposition_id": "CAST(CASE disposition WHEN 'Allowed' THEN 1 WHEN 'Blocked' THEN 2 END AS INTEGER)",
}

// flowObservables are a flow's observables as OCSF's mapping of VPC Flow
// Logs lists them: the endpoints' addresses and instances, destination
// first, none for a record without traffic ("-"). The files leave them
// null, as Security Lake's own flow files do: stored, they repeated those
// four columns in a quarter of a flow file's bytes ('ingest vpcflow' of
// one account and region of the medium bench's flows on the 2-core AMD
// EPYC of the README's benchmarks: 55.8 MB with them, 42.7 MB without,
// against 58.7 MB of gzip; 11.5 -> 10.0 CPU-s).
const flowObservables = `nullif(list_filter([
		{'name': 'dst_endpoint.ip', 'value': dst_endpoint.ip, 'type': 'IP Address', 'type_id': 2},
		{'name': 'dst_endpoint.instance_uid', 'value': dst_endpoint.instance_uid, 'type': 'Resource UID', 'type_id': 10},
		{'name': 'src_endpoint.ip', 'value': src_endpoint.ip, 'type': 'IP Address', 'type_id': 2},
		{'name': 'src_endpoint.instance_uid', 'value': src_endpoint.instance_uid, 'type': 'Resource UID', 'type_id': 10}],
		o -> o.value IS NOT NULL AND o.value <> '-'), [])`

// flowUnbounded are the flow columns of addresses and random ids: every
// row group holds values from all over their range, and investigations
// find their values through the bloom filters (EntityColumns). Without
// their bounds, 'ingest vpcflow' of the small bench data took 2.51 CPU-s
// instead of 2.60 (mean of three runs each, alternated).
var flowUnbounded = []string{"src_endpoint.ip", "dst_endpoint.ip", "src_endpoint.interface_uid", "dst_endpoint.interface_uid",
	"src_endpoint.instance_uid", "dst_endpoint.instance_uid"}

// Most CloudTrail hunts name the operations they look for.
const cloudTrailCacheOrder = "api.operation, api.service.name, time_dt"

// cloudTrailCacheOptional: no hunt of the pack reads observables, and
// those that read unmapped read a few keys of it.
var cloudTrailCacheOptional = []string{"observables", "unmapped"}

var cloudTrailUnbounded = []string{"metadata.uid", "api.request.uid", "api.request.data", "api.response.data",
	"unmapped.key_value.key", "unmapped.key_value.value"}

// cloudTrailEntities are the columns investigations compare with a
// caller's address, principal, access key and sessions (see
// query/investigate's predicates).
var cloudTrailEntities = []string{"src_endpoint.ip", "actor.user.uid", "actor.user.name", "actor.user.credential_uid",
	"actor.session.issuer", "user.uid", "user.name", "session.uid"}

// Tables lists every table, in a fixed order.
var Tables = []Table{CloudTrail, S3Data, LambdaExecution, VPCFlow}

// UnionView is a view over several tables of one row type, matched by
// column name, for questions that span Security Lake's sources.
type UnionView struct {
	View   string
	Tables []Table
}

// CloudTrailAll is every CloudTrail event the lake holds: management, S3
// data and Lambda data events. Views named after a table show only that
// table, as Security Lake's tables do (cloudtrail is CLOUD_TRAIL_MGMT);
// hunts and investigations that must see data events read this one.
var CloudTrailAll = UnionView{View: "cloudtrail_all", Tables: []Table{CloudTrail, S3Data, LambdaExecution}}

// UnionViews lists every union view, in a fixed order.
var UnionViews = []UnionView{CloudTrailAll}

// TableBySource finds a table by its Security Lake sourceName.
func TableBySource(name string) (Table, bool) {
	return findTable(func(t Table) bool { return t.Source == name })
}

// TableByView finds a table by the name of its view.
func TableByView(name string) (Table, bool) {
	return findTable(func(t Table) bool { return t.View == name })
}

// TableByGlueSuffix finds a table by the end of its Glue table name
// (cloud_trail_mgmt_2_0).
func TableByGlueSuffix(suffix string) (Table, bool) {
	return findTable(func(t Table) bool { return t.GlueSuffix() == suffix })
}

// TableOf is the table raw logs of a kind are ingested into, whose commits
// record their sources. A CloudTrail ingest also writes to the data event
// tables (TableOfStream).
func TableOf(kind source.Kind) (Table, error) {
	if t, ok := findTable(func(t Table) bool { return t.Ingest == kind }); ok && kind != 0 {
		return t, nil
	}
	return Table{}, fmt.Errorf("no lake table for %s", kind)
}

// TableOfStream is the table the CloudTrail ingest routes a stream to.
func TableOfStream(s ocsf.CloudTrailStream) (Table, error) {
	if t, ok := findTable(func(t Table) bool { return t.Stream == s }); ok && s != 0 {
		return t, nil
	}
	return Table{}, fmt.Errorf("no lake table for %s", s)
}

// TableOfFile is the table a data file belongs to, by its path relative
// to the lake root (aws/S3_DATA/2.0/region=.../x.zstd.parquet). A commit
// may hold files of several tables: one CloudTrail source commits its
// management and data events together.
func TableOfFile(rel string) (Table, bool) {
	return findTable(func(t Table) bool { return strings.HasPrefix(rel, t.Path()+"/") })
}

func findTable(match func(Table) bool) (Table, bool) {
	for _, t := range Tables {
		if match(t) {
			return t, true
		}
	}
	return Table{}, false
}

// Path is the table's directory under a lake or bucket prefix, with
// slashes: aws/CLOUD_TRAIL_MGMT/2.0.
func (t Table) Path() string {
	return "aws/" + t.Source + "/" + t.Version
}

// Dir is the table's root directory in the lake.
func (t Table) Dir(root string) string {
	return filepath.Join(root, filepath.FromSlash(t.Path()))
}

// Schema is the Parquet schema of the table's files, as lakehunt writes them.
func (t Table) Schema() *parquet.Schema {
	return parquet.SchemaOf(t.Row)
}

// GlueSuffix ends the table's Glue name: the source and version in lower
// case, with underscores (cloud_trail_mgmt_2_0), as Security Lake names it.
func (t Table) GlueSuffix() string {
	return strings.ToLower(t.Source) + "_" + strings.ReplaceAll(t.Version, ".", "_")
}

// GlueTable is Security Lake's Glue table name for t in a region:
// amazon_security_lake_table_<region>_<suffix>, the region with
// underscores.
func (t Table) GlueTable(region string) string {
	return "amazon_security_lake_table_" + glueRegion(region) + "_" + t.GlueSuffix()
}

// GlueDatabase is Security Lake's Glue database in a region:
// amazon_security_lake_glue_db_<region>, the region with underscores.
func GlueDatabase(region string) string {
	return "amazon_security_lake_glue_db_" + glueRegion(region)
}

func glueRegion(region string) string {
	return strings.ReplaceAll(region, "-", "_")
}
