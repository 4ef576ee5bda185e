// Package result is the shape of a query result as the engine hands it
// out: columns with their parsed types, and rows of plain Go values. It
// does not import DuckDB, so what reads results (the writers, hunts,
// investigations) builds and tests without linking it.
//
// A value is one of:
//
//	NULL                                   nil
//	BOOLEAN                                bool
//	TINYINT, SMALLINT, INTEGER, BIGINT     int64
//	UTINYINT ... UBIGINT                   uint64
//	HUGEINT, UHUGEINT, BIGNUM              *big.Int
//	FLOAT, DOUBLE                          float64 (Type tells FLOAT's precision)
//	DECIMAL                                Decimal
//	VARCHAR, ENUM, BIT                     string (BIT as its 0s and 1s)
//	UUID                                   string, in canonical lower-case form
//	BLOB, GEOMETRY                         []byte
//	DATE, TIME, TIMETZ, TIMESTAMP...       time.Time (Type tells which)
//	INTERVAL                               Interval
//	LIST, ARRAY                            []any
//	STRUCT                                 Struct
//	MAP                                    Map
//	UNION                                  Union
//	JSON                                   the decoded document: nil, bool,
//	                                       float64, string, []any, or Struct
//	                                       with the keys sorted
package result

import (
	"fmt"
)

// Column is one column of a result.
type Column struct {
	Name string
	// TypeName is DuckDB's name of the type, as the driver reports it.
	TypeName string
	// Type is TypeName parsed.
	Type *Type
}

// NewColumn describes a column, parsing its type name.
func NewColumn(name, typeName string) Column {
	return Column{Name: name, TypeName: typeName, Type: DescribeType(typeName)}
}

// Cursor is what feeds Rows: the engine's side of a result.
type Cursor interface {
	// Next fills values, one per column, with the next row, or reports
	// false at the end of the result.
	Next(values []any) (bool, error)
	Close() error
}

// Rows is a result read one row at a time, in bounded memory. It is used
// as database/sql's Rows is: Next, then Values or Scan, then Err; Close
// (which may come early, and more than once) frees the connection, as does
// reaching the end.
type Rows struct {
	columns []Column
	cursor  Cursor
	values  []any
	err     error
	closed  bool
}

// NewRows reads a result from cursor.
func NewRows(columns []Column, cursor Cursor) *Rows {
	return &Rows{columns: columns, cursor: cursor, values: make([]any, len(columns))}
}

// Columns describes the result's columns.
func (r *Rows) Columns() []Column { return r.columns }

// Names are the column names.
func (r *Rows) Names() []string {
	names := make([]string, len(r.columns))
	for i, c := range r.columns {
		names[i] = c.Name
	}
	return names
}

// Next moves to the next row, reporting false at the end or on an error
// (see Err).
func (r *Rows) Next() bool {
	if r.closed {
		return false
	}
	ok, err := r.cursor.Next(r.values)
	if err != nil || !ok {
		r.err = err
		r.Close()
		return false
	}
	return true
}

// Values is the current row, a value per column. The slice is reused by
// Next; the values themselves may be kept.
func (r *Rows) Values() []any { return r.values }

// Scan copies the current row into dest, one pointer per column, with the
// conversions database/sql's Rows.Scan makes: a *any takes the value as
// it is, a sql.Scanner (such as sql.NullString) scans it, and a *string,
// *int64, *float64, *bool, *time.Time or similar takes a value it can hold;
// NULL only goes to a *any or a Scanner.
func (r *Rows) Scan(dest ...any) error {
	if r.closed {
		return fmt.Errorf("cannot scan: no current row")
	}
	if len(dest) != len(r.values) {
		return fmt.Errorf("cannot scan %d columns into %d destinations", len(r.values), len(dest))
	}
	for i, d := range dest {
		if err := scanValue(d, r.values[i]); err != nil {
			return fmt.Errorf("cannot scan column %d (%s): %w", i+1, r.columns[i].Name, err)
		}
	}
	return nil
}

// Err is the error that ended Next early, if any.
func (r *Rows) Err() error { return r.err }

// Close ends the result; it is safe to call more than once.
func (r *Rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.cursor.Close()
	if r.err == nil {
		r.err = err
	}
	return err
}
