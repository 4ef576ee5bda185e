package console

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/query/output"
)

// table is a result as the pages show it: every value as the CSV writer
// spells it, the text 'lakehunt query --format csv' prints.
type table struct {
	Columns   []string
	Rows      [][]string
	Truncated bool // more rows than the cap
}

// query runs one statement, counting it as running while it does.
func (s *Server) query(ctx context.Context, eng *engine.Engine, sqlText string, args []any, write func(*result.Rows) error) error {
	s.running.Add(1)
	defer s.running.Add(-1)
	rows, err := eng.Query(ctx, sqlText, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return write(rows)
}

// readTable reads at most max rows of a statement.
func (s *Server) readTable(ctx context.Context, eng *engine.Engine, sqlText string, args []any, max int) (*table, error) {
	var buf bytes.Buffer
	t := &table{}
	err := s.query(ctx, eng, sqlText, args, func(rows *result.Rows) error {
		limited, c := result.Capped(rows, max)
		if _, err := output.Write(ctx, &buf, limited, output.Options{Format: output.CSV}); err != nil {
			return err
		}
		t.Truncated = c.Truncated()
		t.Columns = rows.Names()
		return nil
	})
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cannot read the result back: %w", err)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read the result back: %w", err)
		}
		t.Rows = append(t.Rows, rec)
	}
	return t, nil
}
