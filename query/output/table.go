package output

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/engine/result"
)

// tableEncoder draws a box table for a terminal. It keeps up to MaxRows
// rows as display text (cut to the terminal width, so memory stays bounded),
// counts the rest, and draws everything in finish, when column widths are
// known.
type tableEncoder struct {
	w       *bufio.Writer
	columns []result.Column
	width   int
	maxRows int
	rows    [][]string
	cell    []byte
}

func newTableEncoder(w *bufio.Writer, columns []result.Column, opt Options) *tableEncoder {
	maxRows := opt.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	return &tableEncoder{w: w, columns: columns, width: max(opt.Width, 0), maxRows: maxRows}
}

// nullText is how a table shows NULL, as DuckDB's shell does.
const nullText = "NULL"

func (e *tableEncoder) writeRow(values []any) error {
	if len(e.rows) >= e.maxRows {
		return nil
	}
	row := make([]string, len(values))
	for i, v := range values {
		if v == nil {
			row[i] = nullText
			continue
		}
		e.cell = appendText(e.cell[:0], v, e.columns[i].Type)
		text := string(appendDisplayText(nil, string(e.cell)))
		if e.width > 0 {
			text = truncateDisplay(text, e.width)
		}
		row[i] = text
	}
	e.rows = append(e.rows, row)
	return nil
}

func (e *tableEncoder) finish(total int64) error {
	headers := make([]string, len(e.columns))
	for i, c := range e.columns {
		headers[i] = string(appendDisplayText(nil, c.Name))
	}
	widths := e.layout(headers)
	var sb strings.Builder
	if len(widths) > 0 {
		e.drawRule(&sb, widths, "┌", "┬", "┐")
		e.drawLine(&sb, widths, headers)
		e.drawRule(&sb, widths, "├", "┼", "┤")
		for _, row := range e.rows {
			e.drawLine(&sb, widths, row)
		}
		e.drawRule(&sb, widths, "└", "┴", "┘")
	}
	sb.WriteString(rowCount(total))
	if shown := int64(len(e.rows)); shown < total {
		fmt.Fprintf(&sb, " (showing %d of %s)", shown, rowCount(total))
	}
	sb.WriteByte('\n')
	if hidden := headers[len(widths):]; len(hidden) > 0 {
		note := fmt.Sprintf("%d of %d columns not shown: %s", len(hidden), len(headers), strings.Join(hidden, ", "))
		if e.width > 0 {
			note = truncateDisplay(note, e.width)
		}
		sb.WriteString(note)
		sb.WriteByte('\n')
	}
	_, err := e.w.WriteString(sb.String())
	return err
}

func rowCount(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// Table geometry: each column takes its width plus "│ " and " ", and the
// last column closes with "│".
const (
	columnOverhead = 3
	tableOverhead  = 1
	// minColumnWidth is how narrow a column may be squeezed before columns
	// are dropped instead: wide enough for a timestamp, an IP address or any
	// 64-bit integer, since a value cut short there misleads more than a
	// column left out.
	minColumnWidth = 24
)

// layout returns the widths of the columns that are shown: all of them at
// their natural width when there is no width limit; otherwise as many
// leading columns as fit at their minimum width, then the spare room shared
// out so that narrow columns get all they need and wide ones split the rest.
func (e *tableEncoder) layout(headers []string) []int {
	natural := make([]int, len(headers))
	for i, h := range headers {
		natural[i] = max(displayWidth(h), 1)
	}
	for _, row := range e.rows {
		for i, cell := range row {
			natural[i] = max(natural[i], displayWidth(cell))
		}
	}
	if e.width == 0 {
		return natural
	}
	minimum := make([]int, len(natural))
	used := tableOverhead
	shown := 0
	for i, w := range natural {
		minimum[i] = min(w, minColumnWidth)
		if used+minimum[i]+columnOverhead > e.width {
			break
		}
		used += minimum[i] + columnOverhead
		shown++
	}
	if shown == 0 && len(natural) > 0 {
		// Not even one column fits at its minimum: show the first one as wide
		// as the terminal allows rather than nothing.
		return []int{max(e.width-tableOverhead-columnOverhead, 1)}
	}
	widths := minimum[:shown]
	spare := e.width - used
	order := make([]int, shown)
	for i := range order {
		order[i] = i
	}
	need := func(i int) int { return natural[i] - minimum[i] }
	// Serve the smallest needs first so the fair share left for the others
	// only grows.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(need(a), need(b)) })
	for k, i := range order {
		give := min(need(i), spare/(shown-k))
		widths[i] += give
		spare -= give
	}
	return widths
}

func (e *tableEncoder) drawRule(sb *strings.Builder, widths []int, left, middle, right string) {
	sb.WriteString(left)
	for i, w := range widths {
		if i > 0 {
			sb.WriteString(middle)
		}
		sb.WriteString(strings.Repeat("─", w+2))
	}
	sb.WriteString(right)
	sb.WriteByte('\n')
}

func (e *tableEncoder) drawLine(sb *strings.Builder, widths []int, cells []string) {
	for i, w := range widths {
		sb.WriteString("│ ")
		padDisplay(sb, truncateDisplay(cells[i], w), w, e.columns[i].Type.Numeric())
		sb.WriteByte(' ')
	}
	sb.WriteString("│\n")
}
