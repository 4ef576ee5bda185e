package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/query/output"
)

// QueryRequest is SQL to run over a lake window, and where its results go:
// 'lakehunt query'.
type QueryRequest struct {
	Session
	// SQL is the text to run: one statement, or several ended by ';',
	// run in order in one engine.
	SQL string
	// Out takes each statement's result in turn, unless OutputFile is set.
	Out io.Writer
	// OutputFile, when set, takes the result of the one statement instead
	// of Out. A CSV file is written by DuckDB's own COPY; a file that
	// could not be written to its end is removed.
	OutputFile string
	// Output is how results are rendered; its Width applies to Out only.
	Output output.Options
	// MaxRows, when above 0, ends each result written to Out after that
	// many rows (StatementResult.Truncated then says more were left), for
	// a caller that must bound what it hands on; an OutputFile gets the
	// whole result.
	MaxRows int
	// ShowSQL hands BeforeStatement each statement as DuckDB will run it,
	// after translation.
	ShowSQL bool
	// Stats measures the files and row groups each statement's window
	// leaves to read (StatementResult.Stats).
	Stats bool
	// BeforeStatement, when set, is called before statement i runs, with
	// its translation when ShowSQL is set.
	BeforeStatement func(i int, translated string)
	// AfterStatement, when set, hears how statement i went.
	AfterStatement func(i int, r StatementResult)
}

// Statements cuts SQL text at each ';' outside strings and comments; text
// that is one statement stays as it is, comments and all.
func Statements(sqlText string) []string {
	split := sqltext.Split(sqlText)
	if len(split) <= 1 {
		if strings.TrimSpace(sqlText) == "" {
			return nil
		}
		return []string{sqlText}
	}
	out := make([]string, len(split))
	for i, st := range split {
		out[i] = st.Text
	}
	return out
}

// StatementResult is what one statement produced.
type StatementResult struct {
	// Rows is how many rows the result had, written or not (a table shows
	// at most Output.MaxRows), or, under QueryRequest.MaxRows, how many
	// were written.
	Rows int64
	// Truncated says QueryRequest.MaxRows cut the result short.
	Truncated bool
	// Stats is set when QueryRequest.Stats is.
	Stats *engine.ScanStats
}

// Query opens the engine over the window and runs the statements, writing
// each result as it comes. It stops at the first statement that fails.
func Query(ctx context.Context, req QueryRequest) error {
	statements := Statements(req.SQL)
	if len(statements) == 0 {
		return &RequestError{errors.New("no SQL: no statement to run")}
	}
	var allow []string
	if req.OutputFile != "" {
		if len(statements) > 1 {
			return &RequestError{fmt.Errorf("an output file takes one result and the SQL holds %d statements: write them one at a time", len(statements))}
		}
		allow = []string{filepath.Dir(req.OutputFile)}
	}
	eng, err := req.open(ctx, allow)
	if err != nil {
		return err
	}
	defer eng.Close()
	for i, stmt := range statements {
		if err := runStatement(ctx, eng, req, i, stmt); err != nil {
			if len(statements) > 1 {
				return fmt.Errorf("statement %d of %d: %w", i+1, len(statements), err)
			}
			return err
		}
	}
	return nil
}

func runStatement(ctx context.Context, eng *engine.Engine, req QueryRequest, i int, stmt string) error {
	if req.BeforeStatement != nil {
		translated := ""
		if req.ShowSQL {
			var err error
			if translated, err = eng.Translate(stmt); err != nil {
				return err
			}
		}
		req.BeforeStatement(i, translated)
	}
	var res StatementResult
	var err error
	switch {
	case req.OutputFile != "":
		// The file appears only once it is written to its end.
		err = output.WriteFile(req.OutputFile, func(file *os.File) (err error) {
			if req.Output.Format == output.CSV {
				// DuckDB's own COPY writes the CSV.
				res.Rows, err = eng.CopyCSV(ctx, stmt, file.Name(), req.Output.CSVFormulaGuard)
				return err
			}
			opt := req.Output
			opt.Width = 0
			res.Rows, err = write(ctx, eng, stmt, file, opt)
			return err
		})
	default:
		res.Rows, res.Truncated, err = writeCapped(ctx, eng, stmt, req.Out, req.Output, req.MaxRows)
	}
	if err != nil {
		return err
	}
	if req.Stats {
		st, err := eng.Stats(ctx, stmt)
		if err != nil {
			return err
		}
		res.Stats = &st
	}
	if req.AfterStatement != nil {
		req.AfterStatement(i, res)
	}
	return nil
}

func write(ctx context.Context, eng *engine.Engine, stmt string, w io.Writer, opt output.Options) (int64, error) {
	n, _, err := writeCapped(ctx, eng, stmt, w, opt, 0)
	return n, err
}

// writeCapped writes at most max rows of the statement's result (every row
// when max is 0) and tells whether more were left.
func writeCapped(ctx context.Context, eng *engine.Engine, stmt string, w io.Writer, opt output.Options, max int) (int64, bool, error) {
	rows, err := eng.Query(ctx, stmt)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	if max <= 0 {
		n, err := output.Write(ctx, w, rows, opt)
		return n, false, err
	}
	limited, c := result.Capped(rows, max)
	n, err := output.Write(ctx, w, limited, opt)
	return n, c.Truncated(), err
}
