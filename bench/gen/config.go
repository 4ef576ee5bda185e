// Package gen writes synthetic AWS logs at scale, in AWS's own delivery
// layout: CloudTrail .json.gz files and VPC Flow Logs .log.gz files of an
// imaginary organisation, deterministic per seed, with known incidents
// planted on request. Benchmarks and hunt tests feed on it.
package gen

import (
	"errors"
	"fmt"
	"runtime"
	"time"
)

// Config describes one generation run.
type Config struct {
	// Out is the directory that receives AWSLogs/... (created if missing).
	Out string
	// Events is how many baseline records to write (planted incidents add
	// a few hundred more).
	Events int64
	// Days is how long the logs span, from Start.
	Days int
	// Start is the first instant (UTC). Zero means midnight UTC, Days days
	// ago; give it explicitly for byte-identical output on another day.
	Start time.Time
	// Accounts and Regions size the organisation (Regions up to 6).
	Accounts, Regions int
	Seed              uint64
	// Incidents plants the incidents that _incidents.json describes.
	Incidents bool
	// Workers compress files in parallel; 0 means one per CPU.
	Workers int
}

// Stats is what a run wrote.
type Stats struct {
	Files int
	// Events counts records, incidents included.
	Events int64
	// RawBytes is the uncompressed size, GzipBytes the size on disk.
	RawBytes, GzipBytes int64
	Duration            time.Duration
}

// slotLength is how much time one delivered file covers: both CloudTrail
// and VPC Flow Logs deliver about every five minutes.
const slotLength = 5 * time.Minute

func (c *Config) normalise(now time.Time) error {
	if c.Out == "" {
		return errors.New("no output directory")
	}
	if c.Events < 0 {
		return fmt.Errorf("invalid event count %d", c.Events)
	}
	if c.Days <= 0 {
		c.Days = 1
	}
	if c.Accounts <= 0 {
		c.Accounts = 1
	}
	if c.Regions <= 0 {
		c.Regions = 2
	}
	if c.Regions > len(allRegions) {
		return fmt.Errorf("at most %d regions, not %d", len(allRegions), c.Regions)
	}
	if c.Start.IsZero() {
		c.Start = now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -c.Days)
	}
	c.Start = c.Start.UTC().Truncate(slotLength)
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	return nil
}

func (c *Config) slots() int { return c.Days * int(24*time.Hour/slotLength) }

func (c *Config) end() time.Time { return c.Start.AddDate(0, 0, c.Days) }
