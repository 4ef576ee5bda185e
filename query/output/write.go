package output

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/lakehunt/lakehunt/engine/result"
)

// Options controls how Write renders a result.
type Options struct {
	Format Format
	// Width is the terminal width a table must fit; 0 means no limit.
	Width int
	// MaxRows is how many rows a table shows (0 means DefaultMaxRows); the
	// footer says how many were left out.
	MaxRows int
	// CSVFormulaGuard prefixes textual CSV cells and column names that
	// start with a result.FormulaStart character with a single quote, so
	// spreadsheets do not run them as formulas (OWASP's advice against CSV
	// injection).
	CSVFormulaGuard bool
}

// DefaultMaxRows is the table row limit when Options.MaxRows is 0.
const DefaultMaxRows = 1000

// Write renders rows to w and returns the number of result rows: all of
// them, including, for a table, those past MaxRows that were counted but not
// shown. CSV, JSON, JSON Lines, Parquet and Arrow stream in bounded memory; a table
// holds at most MaxRows rows. Write does not close rows. When it fails
// midway, w holds a partial result (for Parquet, a file without its footer).
func Write(ctx context.Context, w io.Writer, rows *result.Rows, opt Options) (int64, error) {
	columns := rows.Columns()
	bw := bufio.NewWriterSize(w, 64<<10)
	enc, err := newEncoder(bw, columns, opt)
	if err != nil {
		return 0, err
	}
	n, err := eachRow(ctx, rows, enc.writeRow)
	if err == nil {
		err = enc.finish(n)
	}
	if flushErr := bw.Flush(); err == nil && flushErr != nil {
		err = fmt.Errorf("cannot write %s output: %w", opt.Format, flushErr)
	}
	return n, err
}

// encoder is one output format. writeRow gets the values of one row (nil
// for NULL) and must not keep the slice; finish ends the output once all
// rows were seen.
type encoder interface {
	writeRow(values []any) error
	finish(rows int64) error
}

func newEncoder(w *bufio.Writer, columns []result.Column, opt Options) (encoder, error) {
	switch opt.Format {
	case CSV:
		return newCSVEncoder(w, columns, opt)
	case JSON, JSONL:
		return newJSONEncoder(w, columns, opt.Format == JSONL)
	case Table, "":
		return newTableEncoder(w, columns, opt), nil
	case Parquet:
		return newParquetEncoder(w, columns)
	case Arrow, ArrowStream:
		return newArrowEncoder(w, columns, opt.Format == ArrowStream)
	}
	return nil, fmt.Errorf("unknown output format %q", opt.Format)
}

// cancelCheckInterval is how many rows pass between checks of the context:
// often enough to stop promptly, rarely enough to cost nothing.
const cancelCheckInterval = 256

func eachRow(ctx context.Context, rows *result.Rows, handle func([]any) error) (int64, error) {
	var n int64
	for rows.Next() {
		if n%cancelCheckInterval == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		if err := handle(rows.Values()); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("cannot read result row %d: %w", n+1, err)
	}
	return n, nil
}
