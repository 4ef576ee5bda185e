package engine

import (
	"sort"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// issuingViewName is the view of a table's issuing calls (the CloudTrail
// management table's: cloudtrail_issuing), which issuing_calls reads.
func issuingViewName(t lake.Table) string { return t.View + "_issuing" }

// issuedViewName is the view of the rows of a table's issued-session
// indexes (lake.IssuedIndexPath) within the window: cloudtrail_issued,
// which issuing_calls reads beside cloudtrail_issuing.
func issuedViewName(t lake.Table) string { return t.View + "_issued" }

// issuedColumns are the columns of issuing_calls (issuingCallsOf) in its
// order, with their types: the columns of an index.
var issuedColumns = []struct{ name, typ string }{
	{"access_key_id", "VARCHAR"}, {"session_arn", "VARCHAR"}, {"session_name", "VARCHAR"},
	{"role_arn", "VARCHAR"}, {"issuing_event_uid", "VARCHAR"}, {"issuing_operation", "VARCHAR"},
	{"issuer", "VARCHAR"}, {"issuer_type", "VARCHAR"}, {"issuer_access_key", "VARCHAR"},
	{"source_identity", "VARCHAR"}, {"src_ip", "VARCHAR"}, {"user_agent", "VARCHAR"},
	{"created", "TIMESTAMPTZ"}, {"expires", "TIMESTAMPTZ"}, {"logged_in", "VARCHAR"},
	{"region", "VARCHAR"}, {"session_account", "VARCHAR"},
}

// issuingView is the definition of the view of the issuing calls of
// files of table t (lake.IssuingFile) that no index covers: the copies
// written beside the files where they have them, the files themselves
// where they do not. An engine that leaves out rows that cannot hold a
// value (Holding) reads its table view instead, so that a session trace
// sees the calls it saw before the copies existed.
func (e *Engine) issuingView(t lake.Table, files []string) definition {
	return e.filesView(issuingViewName(t), []string{t.View}, len(files), func() (string, error) {
		if e.opt.Holding != nil {
			if _, held := e.opt.Holding.Columns[t.View]; held {
				return "SELECT * FROM " + t.View, nil
			}
		}
		if len(files) == 0 {
			return "SELECT * FROM " + t.View, nil
		}
		_, rest := e.issuedIndexes(t, files)
		if len(rest) == 0 {
			// No rows, in the columns of the files: the table's view may
			// be a copy without some (the pack's cache).
			read, err := e.tableRead(t, issuingReads(e.opt.Lake, t, files[:1]))
			if err != nil {
				return "", err
			}
			return "SELECT * FROM (\n" + read + "\n) WHERE false", nil
		}
		// One read of the copies and the files without: a pulled file's
		// schema may differ, which tableSource reads by name.
		return e.tableSource(t, issuingReads(e.opt.Lake, t, rest))
	})
}

// issuedView is the definition of the view of the rows of the indexes of
// the days of files whose every file they cover (issuedIndexes), within
// the window, with the types of issuing_calls.
func (e *Engine) issuedView(t lake.Table, files []string) definition {
	return e.filesView(issuedViewName(t), nil, len(files), func() (string, error) {
		indexes, _ := e.issuedIndexes(t, files)
		columns := make([]string, len(issuedColumns))
		for i, c := range issuedColumns {
			columns[i] = "CAST(" + sqltext.QuoteIdent(c.name) + " AS " + c.typ + ") AS " + sqltext.QuoteIdent(c.name)
		}
		if len(indexes) == 0 {
			for i, c := range issuedColumns {
				columns[i] = "NULL::" + c.typ + " AS " + sqltext.QuoteIdent(c.name)
			}
			return "SELECT " + strings.Join(columns, ", ") + " WHERE false", nil
		}
		return "SELECT " + strings.Join(columns, ", ") + "\nFROM read_parquet(" + sqltext.QuoteList(indexes) + ")" +
			whereClause(e.windowPredicateOn("created")), nil
	})
}

// issuedIndexes splits files of table t into the indexes of the days whose
// files, all of them, an index was made from, and the files of the other
// days. An engine that leaves out rows (Holding) reads no index.
func (e *Engine) issuedIndexes(t lake.Table, files []string) (indexes, rest []string) {
	if e.opt.Holding != nil {
		return nil, files
	}
	for day, dayFiles := range lake.FilesByDay(e.opt.Lake, t, files) {
		if index := lake.IssuedIndexFile(e.opt.Lake, t, day, dayFiles); index != "" {
			indexes = append(indexes, index)
		} else {
			rest = append(rest, dayFiles...)
		}
	}
	for _, f := range files {
		if _, ok := lake.PartitionOf(e.opt.Lake, t, f); !ok {
			rest = append(rest, f)
		}
	}
	sort.Strings(indexes)
	sort.Strings(rest)
	return indexes, rest
}

// issuingReads are the files to read the issuing calls of files from:
// each file's copy of them where it has one, else the file.
func issuingReads(root string, t lake.Table, files []string) []string {
	read := make([]string, len(files))
	for i, f := range files {
		read[i] = f
		if c := lake.IssuingFile(root, t, f); c != "" {
			read[i] = c
		}
	}
	return read
}

// An IssuedDay is a day of a table whose files have no issued-session
// index yet: Path is where it goes.
type IssuedDay struct {
	Table lake.Table
	Day   string
	Files []string
	Path  string
}

// MissingIssuedIndexes are the days of the engine's files that have no
// index of their files as they are now, by table and day. The engine's
// window should hold whole days (none, or whole days): an index holds
// every file of its day.
func (e *Engine) MissingIssuedIndexes() []IssuedDay {
	var out []IssuedDay
	for _, tf := range e.tables {
		if !tf.table.Issuing {
			continue
		}
		for day, files := range lake.FilesByDay(e.opt.Lake, tf.table, tf.files) {
			if lake.IssuedIndexFile(e.opt.Lake, tf.table, day, files) == "" {
				out = append(out, IssuedDay{Table: tf.table, Day: day, Files: files, Path: lake.IssuedIndexPath(e.opt.Lake, tf.table, day, files)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table.View != out[j].Table.View {
			return out[i].Table.View < out[j].Table.View
		}
		return out[i].Day < out[j].Day
	})
	return out
}

// IssuedDaySQL is the query of the rows of d's index: issuing_calls over
// the issuing calls of d's files, every row whatever the engine's window,
// in an order of their own so that the same files give the same index.
func (e *Engine) IssuedDaySQL(d IssuedDay) (string, error) {
	read, err := e.tableRead(d.Table, issuingReads(e.opt.Lake, d.Table, d.Files))
	if err != nil {
		return "", err
	}
	names := make([]string, len(issuedColumns))
	for i, c := range issuedColumns {
		names[i] = sqltext.QuoteIdent(c.name)
	}
	return "SELECT " + strings.Join(names, ", ") + " FROM (" + parsedIssuingCalls("(\n"+read+"\n)", "") + ")" +
		"\nORDER BY created, issuing_event_uid, access_key_id, logged_in, region", nil
}

// issuingOperations is lake.IssuingOperations as a SQL list.
func issuingOperations() string {
	quoted := make([]string, len(lake.IssuingOperations))
	for i, op := range lake.IssuingOperations {
		quoted[i] = sqltext.QuoteString(op)
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}
