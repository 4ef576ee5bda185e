// Package output writes query results as a terminal table, CSV, JSON, JSON
// Lines, Parquet or Arrow, and holds what every command's output shares: the
// format names and the choice among them, the CSV formula guard, byte
// counts for people, and files that appear whole or not at all.
package output

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Format is an output format name, as given to --format. Write writes
// ResultFormats; hunts and investigations write others of these.
type Format string

const (
	Table   Format = "table"
	CSV     Format = "csv"
	JSON    Format = "json"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
	// Arrow is an Arrow IPC file, ArrowStream the IPC stream format.
	Arrow       Format = "arrow"
	ArrowStream Format = "arrows"
	// Text is a report for a terminal, HTML one for a browser.
	Text Format = "text"
	HTML Format = "html"
)

// ResultFormats are the formats Write writes, Table first.
var ResultFormats = []Format{Table, CSV, JSON, JSONL, Parquet, Arrow, ArrowStream}

// Binary tells whether the format is bytes for a program rather than text
// for a person, which a terminal must not be sent.
func (f Format) Binary() bool {
	return f == Parquet || f == Arrow || f == ArrowStream
}

// extensions maps file name extensions, in lower case, to their format.
var extensions = map[string]Format{
	".csv":     CSV,
	".json":    JSON,
	".jsonl":   JSONL,
	".ndjson":  JSONL,
	".parquet": Parquet,
	".arrow":   Arrow,
	".feather": Arrow,
	".arrows":  ArrowStream,
	".html":    HTML,
	".htm":     HTML,
}

// ParseFormat resolves a --format name among the formats a command writes
// (ResultFormats when none are given), the first being its default. An
// empty name is taken from the output path's extension in any case
// (OUT.CSV is CSV), and is the default for stdout or an extension that
// names no format (.txt); an extension naming a format the command does
// not write is refused rather than given a file in another format.
func ParseFormat(name, path string, formats ...Format) (Format, error) {
	if len(formats) == 0 {
		formats = ResultFormats
	}
	if name == "" {
		f, ok := extensions[strings.ToLower(filepath.Ext(path))]
		switch {
		case !ok:
			return formats[0], nil
		case !slices.Contains(formats, f):
			return "", fmt.Errorf("%s names a %s file, which this command does not write (want %s)", path, f, formatList(formats))
		}
		return f, nil
	}
	f := Format(strings.ToLower(name))
	if f == "ndjson" {
		f = JSONL
	}
	if !slices.Contains(formats, f) {
		return "", fmt.Errorf("unknown output format %q (want %s)", name, formatList(formats))
	}
	return f, nil
}

// formatList lists formats as "a, b or c".
func formatList(formats []Format) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
