package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// CopyCSV runs a query and writes its result to a CSV file at path with
// DuckDB's own COPY, which is several times faster than scanning rows into
// Go. It returns the number of rows written. The directory of path must be
// one of Options.AllowPaths.
//
// Nested values (structs, lists, maps) are written as JSON text.
//
// With formulaGuard, a text cell starting with = + - @ tab or carriage
// return gets a leading single quote, so a spreadsheet shows it instead of
// evaluating it (OWASP's CSV injection advice). Callers should guard by
// default: user agents, request parameters, error messages and most other
// CloudTrail text is chosen by whoever made the call, including attackers,
// and incident responders open these exports in spreadsheets. Numbers,
// times and other typed columns are never touched.
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
		exprs[i] = csvCell(refs[i], c.typ, formulaGuard) + " AS " + sqltext.QuoteIdent(c.name)
	}
	copyTr := tr.wrap("COPY (SELECT "+strings.Join(exprs, ", ")+"\nFROM (\n",
		"\n) AS q("+strings.Join(refs, ", ")+"))\nTO "+sqltext.QuoteString(abs)+" (FORMAT csv, HEADER)")
	var n int64
	if err := e.db.QueryRowContext(ctx, copyTr.text(), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, sqlError(err, copyTr))
	}
	return n, nil
}

type column struct{ name, typ string }

// describe returns the result columns of a query. DuckDB names a repeated
// column name_1, name_2..., which the CSV header then shows.
func (e *Engine) describe(ctx context.Context, tr *translation, args []any) ([]column, error) {
	described := tr.wrap("DESCRIBE ", "")
	rows, err := e.db.QueryContext(ctx, described.text(), args...)
	if err != nil {
		return nil, sqlError(err, described)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var cols []column
	for rows.Next() {
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("cannot read result columns: %w", err)
		}
		name, _ := vals[0].(string)
		typ, _ := vals[1].(string)
		cols = append(cols, column{name: name, typ: typ})
	}
	return cols, rows.Err()
}

// csvCell is the CSV rendering of column ref of DuckDB type typ.
func csvCell(ref, typ string, formulaGuard bool) string {
	upper := strings.ToUpper(typ)
	switch {
	case strings.HasSuffix(upper, "]") || strings.HasPrefix(upper, "STRUCT") ||
		strings.HasPrefix(upper, "MAP") || strings.HasPrefix(upper, "UNION"):
		return "CAST(to_json(" + ref + ") AS VARCHAR)"
	case formulaGuard && (upper == "VARCHAR" || upper == "JSON"):
		return "CASE WHEN regexp_matches(" + ref + `, '^[=+\-@\t\r]') THEN '''' || ` + ref + " ELSE " + ref + " END"
	}
	return ref
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
