package sqltext

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// QuoteString renders s as a SQL string literal.
func QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// QuoteList renders values as a SQL list of string literals, as the
// engine names the files a statement reads.
func QuoteList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = QuoteString(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// QuoteIdent renders s as a quoted identifier.
func QuoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuotePrintable renders s as a SQL string expression for people to read:
// control characters are spelled chr(n), so that printed SQL cannot carry a
// terminal escape sequence or a line break out of a comment. SQL that runs
// binds its values, or uses QuoteString.
func QuotePrintable(s string) string {
	var parts []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, QuoteString(b.String()))
			b.Reset()
		}
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			flush()
			parts = append(parts, "chr("+strconv.Itoa(int(r))+")")
			continue
		}
		b.WriteRune(r)
	}
	flush()
	if len(parts) == 0 {
		return "''"
	}
	return strings.Join(parts, " || ")
}

// TimestampLayout writes a timestamp as DuckDB reads it, to the
// microsecond DuckDB keeps.
const TimestampLayout = "2006-01-02 15:04:05.999999"

// timestampText writes t in UTC with an explicit offset, so that a cast to
// TIMESTAMPTZ does not depend on the session's time zone.
func timestampText(t time.Time) string {
	return t.UTC().Format(TimestampLayout) + "+00"
}

// TimestampLiteral renders t as a TIMESTAMPTZ literal.
func TimestampLiteral(t time.Time) string {
	return "TIMESTAMPTZ " + QuoteString(timestampText(t))
}
