package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// CopyCSV runs a query and writes its result to a CSV file at path with
// DuckDB's own COPY, which is several times faster than scanning rows into
// Go. It returns the number of rows written. The directory of path must be
// one of Options.AllowPaths.
//
// Nested values (structs, lists, maps) are written as JSON text, a union
// as its member's value.
//
// With formulaGuard, a textual cell (see result.Type.Textual) or a column
// name that starts with a result.FormulaStart character gets a leading
// single quote, so a spreadsheet shows it instead of evaluating it
// (OWASP's CSV injection advice): the streaming CSV writer's rule, applied
// in SQL. Callers should guard by default: user agents, request
// parameters, error messages and most other CloudTrail text is chosen by
// whoever made the call, including attackers, and incident responders
// open these exports in spreadsheets. Numbers, times and other typed
// columns are never touched.
func (e *Engine) CopyCSV(ctx context.Context, sqlText, path string, formulaGuard bool, args ...any) (int64, error) {
	stmt, err := singleStatement(sqlText)
	if err != nil {
		return 0, err
	}
	tr, err := e.translate(stmt)
	if err != nil {
		return 0, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("cannot resolve output path %q: %w", path, err)
	}
	cols, err := e.describe(ctx, tr, args)
	if err != nil {
		return 0, err
	}
	refs := make([]string, len(cols))
	exprs := make([]string, len(cols))
	for i, c := range cols {
		refs[i] = fmt.Sprintf("c%d", i)
		name := c.Name
		if formulaGuard && result.StartsFormula(name) {
			name = "'" + name
		}
		// COPY makes repeated names distinct itself: uid, uid_1.
		exprs[i] = csvCell(refs[i], c.Type, formulaGuard) + " AS " + sqltext.QuoteIdent(name)
	}
	copyTr := tr.wrap("COPY (SELECT "+strings.Join(exprs, ", ")+"\nFROM (\n",
		"\n) AS q("+strings.Join(refs, ", ")+"))\nTO "+sqltext.QuoteString(abs)+" (FORMAT csv, HEADER)")
	var n int64
	if err := e.db.QueryRowContext(ctx, copyTr.text(), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, sqlError(err, copyTr))
	}
	return n, nil
}

// describe returns the result columns of a query, typed as Query types
// them, without reading a row.
func (e *Engine) describe(ctx context.Context, tr *translation, args []any) ([]result.Column, error) {
	described := tr.wrap("SELECT * FROM (\n", "\n) LIMIT 0")
	rows, err := e.db.QueryContext(ctx, described.text(), args...)
	if err != nil {
		return nil, sqlError(err, described)
	}
	res, err := ResultRows(rows)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	return res.Columns(), nil
}

// csvCell is the CSV rendering of column ref of type t.
func csvCell(ref string, t *result.Type, formulaGuard bool) string {
	cell := ref
	switch t.Kind() {
	case result.KindList, result.KindArray, result.KindStruct, result.KindMap, result.KindUnion:
		cell = csvText(ref, t)
	case "VARCHAR":
	default:
		if formulaGuard && t.Textual() {
			// The guard looks at text, and COPY writes these types (ENUM
			// labels, BLOB escapes, BIT digits) as this text anyway.
			cell = csvText(ref, t)
		}
	}
	if !formulaGuard || !t.Textual() {
		return cell
	}
	return "CASE WHEN left(" + cell + ", 1) IN (" + formulaStartSQL() + ") THEN '''' || " + cell + " ELSE " + cell + " END"
}

// csvText is expr of type t as text: nested values as JSON, a union as
// its member's value, as the streaming writer has them.
func csvText(expr string, t *result.Type) string {
	switch t.Kind() {
	case result.KindList, result.KindArray, result.KindStruct, result.KindMap:
		return "CAST(to_json(" + expr + ") AS VARCHAR)"
	case result.KindUnion:
		var b strings.Builder
		b.WriteString("CASE union_tag(" + expr + ")")
		for _, m := range t.Fields() {
			b.WriteString(" WHEN " + sqltext.QuoteString(m.Name) + " THEN " + csvText("union_extract("+expr+", "+sqltext.QuoteString(m.Name)+")", m.Type))
		}
		b.WriteString(" END")
		return b.String()
	case "VARCHAR":
		return expr
	}
	return "CAST(" + expr + " AS VARCHAR)"
}

// formulaStartSQL lists result.FormulaStart as SQL strings.
func formulaStartSQL() string {
	chars := make([]string, len(result.FormulaStart))
	for i := range len(result.FormulaStart) {
		if c := result.FormulaStart[i]; c < ' ' {
			chars[i] = fmt.Sprintf("chr(%d)", c)
		} else {
			chars[i] = sqltext.QuoteString(string(c))
		}
	}
	return strings.Join(chars, ", ")
}

// singleStatement strips trailing semicolons and comments and rejects a
// script of several statements, which cannot be wrapped in COPY. The result
// is a prefix of sqlText, so error positions stay valid.
func singleStatement(sqlText string) (string, error) {
	toks := sqltext.Lex(sqlText)
	end := len(toks)
	for end > 0 && (!toks[end-1].Significant() || toks[end-1].Is(";")) {
		end--
	}
	var b strings.Builder
	for _, t := range toks[:end] {
		if t.Is(";") {
			return "", fmt.Errorf("CSV export runs one statement; this SQL has several")
		}
		b.WriteString(t.Text)
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("no SQL statement given")
	}
	return b.String(), nil
}
