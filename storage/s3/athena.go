package s3

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// AthenaOptions describe where a pushed lake lives and what its partition
// projection enumerates.
type AthenaOptions struct {
	// Location is the URI given to push: the tables are under aws/ below it.
	Location string
	// Region names the Glue database and tables as Security Lake names
	// them, so that queries written for Security Lake run unchanged.
	Region string
	// Database overrides the database name (useful when the account runs
	// Security Lake itself in that region and the names would clash).
	Database string
	// Regions and Accounts are the values partition projection enumerates;
	// FirstDay starts the eventDay range (it ends at NOW).
	Regions, Accounts []string
	FirstDay          time.Time
}

// WriteAthenaDDL prints the statements that let Athena query the lake after
// 'lakehunt push': a database, then one CREATE EXTERNAL TABLE per table
// with the columns of the Parquet files and partition projection on
// region, accountid and eventday, so no crawler or MSCK REPAIR is needed.
// Athena runs one statement at a time.
func WriteAthenaDDL(w io.Writer, opt AthenaOptions) error {
	loc, err := ParseURI(opt.Location)
	if err != nil {
		return err
	}
	if opt.Region == "" {
		return fmt.Errorf("no region to name the Glue database after")
	}
	if len(opt.Regions) == 0 || len(opt.Accounts) == 0 || opt.FirstDay.IsZero() {
		return fmt.Errorf("partition projection needs regions, accounts and a first day (the lake is empty: name them)")
	}
	for _, v := range append(slices.Clone(opt.Regions), opt.Accounts...) {
		if strings.ContainsAny(v, ",'`\\") || v == "" {
			return fmt.Errorf("invalid projection value %q", v)
		}
	}
	db := opt.Database
	if db == "" {
		db = lake.GlueDatabase(opt.Region)
	}
	if !athenaIdentifier(db) {
		return fmt.Errorf("invalid Glue database name %q", db)
	}
	fmt.Fprintf(w, "-- Athena tables over the lakehunt lake pushed to %s\n", loc)
	fmt.Fprintf(w, "-- Run one statement at a time. Partition projection enumerates the regions and\n")
	fmt.Fprintf(w, "-- accounts below; print the statements again when the lake gains new ones.\n\n")
	fmt.Fprintf(w, "CREATE DATABASE IF NOT EXISTS %s;\n", db)
	for _, t := range lake.Tables {
		location := "s3://" + loc.Bucket + "/" + tableKey(loc, t)
		fmt.Fprintf(w, "\nCREATE EXTERNAL TABLE IF NOT EXISTS %s.%s (\n", db, t.GlueTable(opt.Region))
		fields := t.Schema().Fields()
		for i, f := range fields {
			sep := ","
			if i == len(fields)-1 {
				sep = ""
			}
			fmt.Fprintf(w, "  `%s` %s%s\n", f.Name(), hiveType(f), sep)
		}
		fmt.Fprintf(w, ")\nPARTITIONED BY (`region` string, `accountid` string, `eventday` string)\n")
		fmt.Fprintf(w, "STORED AS PARQUET\nLOCATION '%s'\nTBLPROPERTIES (\n", location)
		props := [][2]string{
			{"projection.enabled", "true"},
			{"projection.region.type", "enum"},
			{"projection.region.values", strings.Join(opt.Regions, ",")},
			{"projection.accountid.type", "enum"},
			{"projection.accountid.values", strings.Join(opt.Accounts, ",")},
			{"projection.eventday.type", "date"},
			{"projection.eventday.format", "yyyyMMdd"},
			{"projection.eventday.range", opt.FirstDay.UTC().Format("20060102") + ",NOW"},
			{"projection.eventday.interval", "1"},
			{"projection.eventday.interval.unit", "DAYS"},
			// The folders say accountId= and eventDay=, Hive lower-cases
			// column names: the template maps one to the other.
			{"storage.location.template", location + "region=${region}/accountId=${accountid}/eventDay=${eventday}/"},
		}
		for i, p := range props {
			sep := ","
			if i == len(props)-1 {
				sep = ""
			}
			fmt.Fprintf(w, "  '%s' = '%s'%s\n", p[0], strings.ReplaceAll(p[1], "'", "''"), sep)
		}
		fmt.Fprintf(w, ");\n")
	}
	// The union views, for hunts and queries that read them: the tables
	// share their columns, in one order, so a plain UNION ALL lines them up.
	for _, u := range lake.UnionViews {
		fmt.Fprintf(w, "\nCREATE OR REPLACE VIEW %s.%s AS\n", db, u.View)
		for i, t := range u.Tables {
			if i > 0 {
				fmt.Fprintf(w, "UNION ALL\n")
			}
			fmt.Fprintf(w, "SELECT * FROM %s.%s\n", db, t.GlueTable(opt.Region))
		}
		fmt.Fprintf(w, ";\n")
	}
	return nil
}

func athenaIdentifier(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// hiveType is the Hive DDL type that reads a Parquet node: the schema the
// lake writes, not a copy of it, so the DDL follows the row types.
func hiveType(n parquet.Node) string {
	if n.Leaf() {
		t := n.Type()
		if lt := t.LogicalType(); lt != nil {
			switch lt.Value.(type) {
			case *format.StringType:
				return "string"
			case *format.TimestampType:
				return "timestamp"
			}
		}
		switch t.Kind() {
		case parquet.Boolean:
			return "boolean"
		case parquet.Int32:
			return "int"
		case parquet.Int64:
			return "bigint"
		case parquet.Float:
			return "float"
		case parquet.Double:
			return "double"
		}
		return "binary"
	}
	if lt := n.Type().LogicalType(); lt != nil {
		switch lt.Value.(type) {
		case *format.ListType: // group (LIST) { repeated group list { element } }
			return "array<" + hiveType(n.Fields()[0].Fields()[0]) + ">"
		case *format.MapType: // group (MAP) { repeated group key_value { key; value } }
			kv := n.Fields()[0].Fields()
			return "map<" + hiveType(kv[0]) + "," + hiveType(kv[1]) + ">"
		}
	}
	var b strings.Builder
	b.WriteString("struct<")
	for i, f := range n.Fields() {
		if i > 0 {
			b.WriteByte(',')
		}
		// Quoted: some names (user, time) are reserved words in Hive DDL.
		b.WriteString("`" + f.Name() + "`:")
		b.WriteString(hiveType(f))
	}
	b.WriteByte('>')
	return b.String()
}

// AthenaDefaults fills the projection values from the local lake: its
// regions, accounts and first day, across every table.
func AthenaDefaults(root string, opt AthenaOptions) (AthenaOptions, error) {
	regions, accounts := map[string]bool{}, map[string]bool{}
	var first time.Time
	for _, t := range lake.Tables {
		parts, err := lake.ListPartitions(root, t)
		if err != nil {
			return opt, err
		}
		for _, p := range parts {
			regions[p.Region] = true
			accounts[p.AccountID] = true
			if first.IsZero() || p.Day().Before(first) {
				first = p.Day()
			}
		}
	}
	if len(opt.Regions) == 0 {
		opt.Regions = sortedSet(regions)
	}
	if len(opt.Accounts) == 0 {
		opt.Accounts = sortedSet(accounts)
	}
	if opt.FirstDay.IsZero() {
		opt.FirstDay = first
	}
	return opt, nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
