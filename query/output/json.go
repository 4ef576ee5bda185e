package output

import (
	"bufio"
	"strconv"

	"github.com/lakehunt/lakehunt/engine/result"
)

// jsonEncoder writes either one JSON array of objects, streamed, or JSON
// Lines: one object per line. In the array, too, each object has a line of
// its own, so files grep and diff well. Keys follow the column order;
// repeated column names get a suffix (a, a_2) because JSON readers keep only
// one value per key.
type jsonEncoder struct {
	w       *bufio.Writer
	columns []result.Column
	keys    [][]byte // quoted key and colon, per column
	lines   bool
	written int64
	line    []byte
}

func newJSONEncoder(w *bufio.Writer, columns []result.Column, lines bool) (*jsonEncoder, error) {
	e := &jsonEncoder{w: w, columns: columns, lines: lines}
	for _, name := range uniqueNames(columns) {
		e.keys = append(e.keys, append(appendJSONString(nil, name), ':'))
	}
	if !lines {
		if err := w.WriteByte('['); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *jsonEncoder) writeRow(values []any) error {
	e.line = e.line[:0]
	if !e.lines {
		if e.written > 0 {
			e.line = append(e.line, ',')
		}
		e.line = append(e.line, '\n')
	}
	e.line = append(e.line, '{')
	for i, v := range values {
		if i > 0 {
			e.line = append(e.line, ',')
		}
		e.line = append(e.line, e.keys[i]...)
		e.line = appendJSON(e.line, v, e.columns[i].Type)
	}
	e.line = append(e.line, '}')
	if e.lines {
		e.line = append(e.line, '\n')
	}
	e.written++
	_, err := e.w.Write(e.line)
	return err
}

func (e *jsonEncoder) finish(int64) error {
	if e.lines {
		return nil
	}
	end := "]\n"
	if e.written > 0 {
		end = "\n]\n"
	}
	_, err := e.w.WriteString(end)
	return err
}

// uniqueNames returns the column names with repeats made distinct: the
// second "a" becomes "a_2" (or "a_3" if "a_2" is taken too).
func uniqueNames(columns []result.Column) []string {
	taken := make(map[string]bool, len(columns))
	for _, c := range columns {
		taken[c.Name] = true
	}
	seen := make(map[string]bool, len(columns))
	names := make([]string, len(columns))
	for i, c := range columns {
		name := c.Name
		if seen[name] {
			for n := 2; ; n++ {
				candidate := name + "_" + strconv.Itoa(n)
				if !taken[candidate] {
					name = candidate
					break
				}
			}
			taken[name] = true
		}
		seen[name] = true
		names[i] = name
	}
	return names
}
