// Package lake is the lake on disk: Security Lake paths, the partition
// writer, the commit protocol and the manifest of what has been ingested.
package lake

import (
	"fmt"
	"path/filepath"
	"regexp"
	"time"
)

// Table is one Security Lake source table.
type Table struct {
	// Source is Security Lake's sourceName, the path segment under aws/.
	Source string
	// Version is the source version, the next path segment.
	Version string
	// View is the name of the DuckDB view over the table.
	View string
	// GlueSuffix ends the Glue table name amazon_security_lake_table_<region>_<suffix>.
	GlueSuffix string
}

// The tables lakehunt writes.
var (
	CloudTrail = Table{Source: "CLOUD_TRAIL_MGMT", Version: "2.0", View: "cloudtrail", GlueSuffix: "cloud_trail_mgmt_2_0"}
	VPCFlow    = Table{Source: "VPC_FLOW", Version: "2.0", View: "vpcflow", GlueSuffix: "vpc_flow_2_0"}
)

// Tables lists every table, in a fixed order.
var Tables = []Table{CloudTrail, VPCFlow}

// Dir is the table's root directory in the lake.
func (t Table) Dir(root string) string {
	return filepath.Join(root, "aws", t.Source, t.Version)
}

// Partition is one region=/accountId=/eventDay= directory.
type Partition struct {
	Region    string
	AccountID string
	EventDay  string // YYYYMMDD, UTC
}

// Values used for records whose region or account cannot name a
// directory: absent, or text that is not a safe path segment. Security Lake
// never writes such records; lakehunt keeps them, queryable, in an explicit
// placeholder partition (the original value stays in unmapped).
const (
	UnknownRegion  = "unknown"
	UnknownAccount = "000000000000"
)

// segmentPattern is what a partition value from data may look like: AWS
// regions and account ids, and the odd values of test and partner events
// ("ca-south-3r", 9-digit accounts), but never a separator, "..", or more
// than 64 characters.
var (
	segmentPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	dayPattern     = regexp.MustCompile(`^[0-9]{8}$`)
)

// NewPartition places a record in time and normalises its region and
// account: a value that is empty or unsafe as a path segment becomes the
// documented placeholder, so no data-supplied text reaches a path unchecked
// and no event is lost for its partition values.
func NewPartition(region, account string, t time.Time) (Partition, error) {
	if !segmentPattern.MatchString(region) {
		region = UnknownRegion
	}
	if !segmentPattern.MatchString(account) {
		account = UnknownAccount
	}
	p := Partition{Region: region, AccountID: account, EventDay: t.UTC().Format("20060102")}
	return p, p.Validate()
}

// Validate checks that every value is safe as a path segment.
func (p Partition) Validate() error {
	if !segmentPattern.MatchString(p.Region) {
		return fmt.Errorf("invalid region %q", truncate(p.Region))
	}
	if !segmentPattern.MatchString(p.AccountID) {
		return fmt.Errorf("invalid account id %q", truncate(p.AccountID))
	}
	if !dayPattern.MatchString(p.EventDay) {
		return fmt.Errorf("invalid eventDay %q", truncate(p.EventDay))
	}
	if _, err := time.Parse("20060102", p.EventDay); err != nil {
		return fmt.Errorf("invalid eventDay %q: %w", p.EventDay, err)
	}
	return nil
}

// Path is the partition's directory relative to the table directory.
func (p Partition) Path() string {
	return filepath.Join("region="+p.Region, "accountId="+p.AccountID, "eventDay="+p.EventDay)
}

// Dir is the partition's directory in the lake.
func (p Partition) Dir(root string, t Table) string {
	return filepath.Join(t.Dir(root), p.Path())
}

// Day is the UTC day the partition holds.
func (p Partition) Day() time.Time {
	d, _ := time.Parse("20060102", p.EventDay)
	return d
}

// DataFileSuffix ends every committed data file; temporary files never end
// with it, so globs over the lake only ever see committed data.
const DataFileSuffix = ".zstd.parquet"

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
