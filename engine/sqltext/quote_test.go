package sqltext

import (
	"testing"
	"time"
)

func TestQuote(t *testing.T) {
	f := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	f(QuoteString(""), "''")
	f(QuoteString("o'brien\n"), "'o''brien\n'")
	f(QuoteIdent(`my "col"`), `"my ""col"""`)
	f(QuoteList(nil), "[]")
	f(QuoteList([]string{"/a/b.parquet", "o'brien"}), "['/a/b.parquet', 'o''brien']")
	f(QuotePrintable(""), "''")
	f(QuotePrintable("alice"), "'alice'")
	f(QuotePrintable("o'brien"), "'o''brien'")
	f(QuotePrintable("a\nb"), "'a' || chr(10) || 'b'")
	f(QuotePrintable("\x1b[31m"), "chr(27) || '[31m'")
	f(QuotePrintable("x\u202ey\u2028"), "'x' || chr(8238) || 'y' || chr(8232)")
	at := time.Date(2024, 3, 5, 1, 2, 3, 0, time.FixedZone("x", -3600))
	f(TimestampLiteral(at), "TIMESTAMPTZ '2024-03-05 02:02:03+00'")
	f(TimestampLiteral(at.Add(1500*time.Nanosecond)), "TIMESTAMPTZ '2024-03-05 02:02:03.000001+00'")
}
