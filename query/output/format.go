// Package output writes query results as a terminal table, CSV, JSON, JSON
// Lines or Parquet.
package output

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format is an output format name, as given to --format.
type Format string

const (
	Table   Format = "table"
	CSV     Format = "csv"
	JSON    Format = "json"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
)

// ParseFormat resolves a --format name. An empty name is taken from the
// output path's extension (.csv, .json, .jsonl or .ndjson, .parquet) and is
// Table otherwise, e.g. for stdout.
func ParseFormat(name, path string) (Format, error) {
	if name == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".csv":
			return CSV, nil
		case ".json":
			return JSON, nil
		case ".jsonl", ".ndjson":
			return JSONL, nil
		case ".parquet":
			return Parquet, nil
		}
		return Table, nil
	}
	switch f := Format(strings.ToLower(name)); f {
	case Table, CSV, JSON, JSONL, Parquet:
		return f, nil
	case "ndjson":
		return JSONL, nil
	}
	return "", fmt.Errorf("unknown output format %q (want table, csv, json, jsonl or parquet)", name)
}
