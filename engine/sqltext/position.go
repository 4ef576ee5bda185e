package sqltext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Position is a place in SQL text as an editor shows it.
type Position struct {
	Line   int // from 1
	Column int // from 1, in characters
}

func (p Position) String() string { return fmt.Sprintf("line %d, column %d", p.Line, p.Column) }

// PositionOf returns the position of byte offset off in text; an offset
// past the end is the end.
func PositionOf(text string, off int) Position {
	off = min(max(off, 0), len(text))
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	return Position{
		Line:   strings.Count(text[:lineStart], "\n") + 1,
		Column: utf8.RuneCountInString(text[lineStart:off]) + 1,
	}
}

// LineStart returns the byte offset at which line n (from 1) of text
// begins; ok is false when text has fewer lines.
func LineStart(text string, n int) (off int, ok bool) {
	if n < 1 {
		return 0, false
	}
	for line := 1; line < n; line++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	return off, true
}
