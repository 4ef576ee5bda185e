package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// SQLError is DuckDB's error for a statement, with the position it
// points at shown in the statement as the user wrote it.
type SQLError struct {
	// Message is DuckDB's message; when the statement was translated, its
	// "LINE n:" excerpt is re-drawn from the original text.
	Message string
	// Translated is the SQL DuckDB ran, when translation changed it.
	Translated string
	Err        error
}

func (e *SQLError) Error() string { return e.Message }
func (e *SQLError) Unwrap() error { return e.Err }

// duckdbExcerpt matches the excerpt DuckDB ends a positioned error with:
// "LINE 3: <text of line 3>\n<spaces>^".
var duckdbExcerpt = regexp.MustCompile(`(?s)\n*LINE (\d+): ([^\n]*)\n( *)\^\s*$`)

// sqlError wraps DuckDB's error. DuckDB positions refer to the text it ran;
// when translation changed the text, the position is mapped back through
// the translation so the caret lands on the user's own construct.
func sqlError(err error, tr *translation) error {
	msg := err.Error()
	if !tr.changed() {
		return &SQLError{Message: msg, Err: err}
	}
	e := &SQLError{Message: msg, Translated: tr.text(), Err: err}
	m := duckdbExcerpt.FindStringSubmatchIndex(msg)
	if m == nil {
		return e
	}
	var line int
	fmt.Sscanf(msg[m[2]:m[3]], "%d", &line)
	excerpt := msg[m[4]:m[5]]
	caret := m[7] - m[6] - len(fmt.Sprintf("LINE %d: ", line))
	off, ok := excerptOffset(tr.text(), line, excerpt, caret)
	if !ok {
		e.Message = msg + "\n(the position is in the SQL after Athena translation; see it with --show-sql)"
		return e
	}
	e.Message = strings.TrimRight(msg[:m[0]], "\n") + "\n\n" + drawExcerpt(tr.source, tr.sourceOffset(off))
	return e
}

// excerptOffset finds the byte offset DuckDB's caret points at in text.
// DuckDB cuts long lines to a window marked with "..." at either end.
func excerptOffset(text string, line int, excerpt string, caret int) (int, bool) {
	start, ok := sqltext.LineStart(text, line)
	if !ok {
		return 0, false
	}
	lineText, _, _ := strings.Cut(text[start:], "\n")
	if strings.HasPrefix(excerpt, "...") {
		excerpt, caret = excerpt[3:], caret-3
	}
	excerpt = strings.TrimSuffix(excerpt, "...")
	at := strings.Index(lineText, excerpt)
	if at < 0 || caret < 0 {
		return 0, false
	}
	return start + at + caret, true
}

// drawExcerpt renders the line holding offset off as DuckDB does, with a
// caret under the offset; a line longer than 120 bytes is cut to a window
// around it.
func drawExcerpt(text string, off int) string {
	const half = 60
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		lineEnd = off + i
	}
	from, to := lineStart, lineEnd
	prefix, suffix := "", ""
	if lineEnd-lineStart > 2*half {
		if off-from > half {
			from, prefix = off-half, "..."
		}
		if to-off > half {
			to, suffix = off+half, "..."
		}
	}
	head := fmt.Sprintf("LINE %d: %s", sqltext.PositionOf(text, off).Line, prefix)
	return head + strings.ReplaceAll(text[from:to], "\t", " ") + suffix + "\n" +
		strings.Repeat(" ", len(head)+off-from) + "^"
}

// IsOutOfMemory tells whether err is DuckDB's running out of memory
// within its memory limit: a statement that might pass when less runs
// beside it.
func IsOutOfMemory(err error) bool {
	var de *duckdb.Error
	return errors.As(err, &de) && de.Type == duckdb.ErrorTypeOutOfMemory
}

// OutOfMemory is IsOutOfMemory, for the hunt runner, which knows the
// engine only as the Querier it runs hunts on.
func (e *Engine) OutOfMemory(err error) bool { return IsOutOfMemory(err) }
