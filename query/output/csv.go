package output

import (
	"bufio"
	"bytes"
	"math/big"
	"time"
)

// csvEncoder writes RFC 4180 CSV with "\n" line ends, as DuckDB's COPY does.
// A NULL is an empty field and an empty string a quoted empty field, so the
// two stay apart; fields are quoted only when they must be.
type csvEncoder struct {
	w       *bufio.Writer
	columns []column
	guard   bool
	line    []byte
	cell    []byte
}

func newCSVEncoder(w *bufio.Writer, columns []column, opt Options) (*csvEncoder, error) {
	e := &csvEncoder{w: w, columns: columns, guard: opt.CSVFormulaGuard}
	for i, c := range columns {
		if i > 0 {
			e.line = append(e.line, ',')
		}
		e.line = e.appendField(e.line, []byte(c.name), true)
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
		e.cell = appendText(e.cell[:0], v, e.columns[i].typ)
		e.line = e.appendField(e.line, e.cell, e.guard && isTextual(v, e.columns[i].typ))
	}
	e.line = append(e.line, '\n')
	_, err := e.w.Write(e.line)
	return err
}

func (e *csvEncoder) finish(int64) error { return nil }

// isTextual tells whether a value's text could start with a formula
// character by its content rather than by being a number (a minus sign),
// a date or a boolean. Numbers in JSON and nested values are numbers too.
func isTextual(v any, t *columnType) bool {
	switch t.kind() {
	case "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
		"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "BIGNUM",
		"FLOAT", "DOUBLE", "DECIMAL", "DATE", "TIME", "TIMETZ", "TIMESTAMP",
		"TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ", "INTERVAL", "UUID":
		return false
	}
	switch v.(type) {
	case bool, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint,
		float32, float64, *big.Int, time.Time:
		return false
	}
	return true
}

// appendField quotes a field that holds a separator, quote or line break,
// or is empty (a NULL is written by the caller as nothing at all). With the
// formula guard on, a textual field that a spreadsheet would evaluate gets
// a leading single quote, as OWASP advises against CSV injection.
func (e *csvEncoder) appendField(line, field []byte, textual bool) []byte {
	quoted := needsCSVQuotes(field)
	if quoted {
		line = append(line, '"')
	}
	if e.guard && textual && startsFormula(field) {
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

func startsFormula(field []byte) bool {
	if len(field) == 0 {
		return false
	}
	switch field[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
