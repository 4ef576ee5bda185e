// Package lake is the lake on disk: Security Lake paths, the partition
// writer, the commit protocol and the manifest of what has been ingested.
package lake

import (
	"fmt"
	"path/filepath"
	"time"
)

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

// safeSegment tells whether a partition value from data may name a
// directory: AWS regions and account ids, and the odd values of test and
// partner events ("ca-south-3r", 9-digit accounts), but never a separator,
// "..", or more than 64 characters. It runs for every record, so it is a
// loop, not a regular expression.
func safeSegment(s string) bool {
	if len(s) == 0 || len(s) > 64 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// NewPartition places a record in time and normalises its region and
// account: a value that is empty or unsafe as a path segment becomes the
// documented placeholder, so no data-supplied text reaches a path unchecked
// and no event is lost for its partition values. An account must be
// digits besides: exports that redact account ids write "redacted" or
// "REDACTED", a safe segment but no account: it belongs with the other
// events whose account is unknown, not in a partition of its own.
func NewPartition(region, account string, t time.Time) (Partition, error) {
	if !safeSegment(region) {
		region = UnknownRegion
	}
	if !safeSegment(account) || !allDigits(account) {
		account = UnknownAccount
	}
	y, m, d := t.UTC().Date()
	if y < 0 || y > 9999 {
		return Partition{}, fmt.Errorf("year %d does not fit an eventDay", y)
	}
	day := [8]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10),
		byte('0' + int(m)/10), byte('0' + int(m)%10), byte('0' + d/10), byte('0' + d%10),
	}
	return Partition{Region: region, AccountID: account, EventDay: string(day[:])}, nil
}

// Validate checks that every value read back from a path is safe as a path
// segment and that the day is a date.
func (p Partition) Validate() error {
	if !safeSegment(p.Region) {
		return fmt.Errorf("invalid region %q", truncate(p.Region))
	}
	if !safeSegment(p.AccountID) {
		return fmt.Errorf("invalid account id %q", truncate(p.AccountID))
	}
	if _, err := time.Parse("20060102", p.EventDay); len(p.EventDay) != 8 || err != nil {
		return fmt.Errorf("invalid eventDay %q", truncate(p.EventDay))
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
