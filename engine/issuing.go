package engine

import (
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// issuingViewName is the view of a table's issuing calls (the CloudTrail
// management table's: cloudtrail_issuing), which issuing_calls reads.
func issuingViewName(t lake.Table) string { return t.View + "_issuing" }

// issuingView is the definition of the view of the issuing calls of
// files of table t (lake.IssuingFile): the copies written beside the
// files where they have them, the files themselves where they do not.
// An engine that leaves out rows that cannot hold a value (Holding)
// reads its table view instead, so that a session trace sees the calls
// it saw before the copies existed.
func (e *Engine) issuingView(t lake.Table, files []string) definition {
	return e.filesView(issuingViewName(t), []string{t.View}, len(files), func() (string, error) { return e.issuingSource(t, files) })
}

func (e *Engine) issuingSource(t lake.Table, files []string) (string, error) {
	if len(files) == 0 {
		return "SELECT * FROM " + t.View, nil
	}
	if e.opt.Holding != nil {
		if _, held := e.opt.Holding.Columns[t.View]; held {
			return "SELECT * FROM " + t.View, nil
		}
	}
	// One read of the copies and the files without: a pulled file's
	// schema may differ, which tableSource reads by name.
	read := make([]string, len(files))
	for i, f := range files {
		read[i] = f
		if c := lake.IssuingFile(e.opt.Lake, t, f); c != "" {
			read[i] = c
		}
	}
	return e.tableSource(t, read)
}

// issuingOperations is lake.IssuingOperations as a SQL list.
func issuingOperations() string {
	quoted := make([]string, len(lake.IssuingOperations))
	for i, op := range lake.IssuingOperations {
		quoted[i] = sqltext.QuoteString(op)
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}
