package output

import (
	"bufio"
	"bytes"

	"github.com/lakehunt/lakehunt/engine/result"
)

// csvEncoder writes RFC 4180 CSV with "\n" line ends, as DuckDB's COPY does.
// A NULL is an empty field and an empty string a quoted empty field, so the
// two stay apart; fields are quoted only when they must be.
type csvEncoder struct {
	w       *bufio.Writer
	columns []result.Column
	guard   bool
	line    []byte
	cell    []byte
}

func newCSVEncoder(w *bufio.Writer, columns []result.Column, opt Options) (*csvEncoder, error) {
	e := &csvEncoder{w: w, columns: columns, guard: opt.CSVFormulaGuard}
	for i, c := range columns {
		if i > 0 {
			e.line = append(e.line, ',')
		}
		e.line = e.appendField(e.line, []byte(c.Name), true)
	}
	e.line = append(e.line, '\n')
	_, err := w.Write(e.line)
	return e, err
}

func (e *csvEncoder) writeRow(values []any) error {
	e.line = e.line[:0]
	for i, v := range values {
		if i > 0 {
			e.line = append(e.line, ',')
		}
		if v == nil {
			continue
		}
		e.cell = appendText(e.cell[:0], v, e.columns[i].Type)
		e.line = e.appendField(e.line, e.cell, e.columns[i].Type.Textual())
	}
	e.line = append(e.line, '\n')
	_, err := e.w.Write(e.line)
	return err
}

func (e *csvEncoder) finish(int64) error { return nil }

// appendField quotes a field that holds a separator, quote or line break,
// or is empty (a NULL is written by the caller as nothing at all). With the
// formula guard on, a textual field (a column name, or a cell of a
// result.Type.Textual type) that a spreadsheet would evaluate gets a
// leading single quote, as OWASP advises against CSV injection.
func (e *csvEncoder) appendField(line, field []byte, textual bool) []byte {
	quoted := needsCSVQuotes(field)
	if quoted {
		line = append(line, '"')
	}
	if e.guard && textual && result.StartsFormula(field) {
		line = append(line, '\'')
	}
	if !quoted {
		return append(line, field...)
	}
	for {
		i := bytes.IndexByte(field, '"')
		if i < 0 {
			break
		}
		line = append(line, field[:i+1]...)
		line = append(line, '"')
		field = field[i+1:]
	}
	line = append(line, field...)
	return append(line, '"')
}

// csvSpecial marks the bytes that force a field into quotes.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

func needsCSVQuotes(field []byte) bool {
	if len(field) == 0 {
		return true
	}
	for _, c := range field {
		if csvSpecial[c] {
			return true
		}
	}
	return false
}

// GuardFormula is the formula guard for CSV written field by field
// elsewhere (the findings of a hunt run): text that starts with a
// result.FormulaStart character gets a leading single quote.
func GuardFormula(text string) string {
	if result.StartsFormula(text) {
		return "'" + text
	}
	return text
}
