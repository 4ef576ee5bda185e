package result

import "strings"

// FormulaStart holds the characters that make a spreadsheet evaluate a
// cell as a formula when they come first: = + - @, and tab and carriage
// return, which some spreadsheets skip before looking (OWASP's advice
// against CSV injection). Every CSV writer guards textual cells (see
// Type.Textual) that start with one by prefixing a single quote: the
// streaming writer, DuckDB's COPY in engine.CopyCSV and the findings CSV.
const FormulaStart = "=+-@\t\r"

// StartsFormula tells whether text starts with a FormulaStart character.
func StartsFormula[T ~string | ~[]byte](text T) bool {
	return len(text) > 0 && strings.IndexByte(FormulaStart, text[0]) >= 0
}
