package output

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// appendDisplayText appends s as one line that is safe to print on a
// terminal: line breaks and tabs become \n \r \t, other control characters,
// invisible format characters (bidirectional overrides, zero-width marks)
// and invalid bytes become \x.. or \u.... Logged data is attacker-supplied,
// and a raw escape sequence or a right-to-left override in a user agent
// could otherwise repaint the screen or disguise what the analyst reads.
func appendDisplayText(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			buf = append(buf, '\\', 'n')
		case r == '\r':
			buf = append(buf, '\\', 'r')
		case r == '\t':
			buf = append(buf, '\\', 't')
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
			buf = append(buf, '\\', 'x', hex[c>>4], hex[c&0xf])
		case r < 0xa0, unicode.Is(unicode.Cf, r), r == '\u2028', r == '\u2029':
			buf = append(buf, '\\', 'u')
			if r > 0xffff {
				buf = append(buf, hex[r>>20&0xf], hex[r>>16&0xf])
			}
			buf = append(buf, hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return buf
}

// runeWidth is how many terminal cells r takes: 0 for combining marks, 2
// for East Asian wide and fullwidth characters and emoji, 1 otherwise. It
// approximates Unicode's East Asian Width property with its main blocks,
// which is enough to keep table borders aligned for common text.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	case r >= 0x1100 && r <= 0x115f, // Hangul Jamo
		r >= 0x2e80 && r <= 0x303e, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33ff, // kana, CJK compatibility
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // fullwidth forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // pictographs, emoticons
		r >= 0x1f900 && r <= 0x1f9ff, // supplemental pictographs
		r >= 0x20000 && r <= 0x3fffd: // CJK extensions B and later
		return 2
	}
	return 1
}

func displayWidth(s string) int {
	w := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				w += runeWidth(r)
			}
			return w
		}
		w++
	}
	return w
}

// truncateDisplay shortens s to at most width cells, marking the cut with
// an ellipsis.
func truncateDisplay(s string, width int) string {
	if displayWidth(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	var sb strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > width-1 {
			break
		}
		sb.WriteRune(r)
		used += rw
	}
	sb.WriteString("…")
	return sb.String()
}

// padDisplay fills s with spaces to width cells, on the left when
// rightAlign is set.
func padDisplay(sb *strings.Builder, s string, width int, rightAlign bool) {
	pad := max(width-displayWidth(s), 0)
	if rightAlign {
		sb.WriteString(strings.Repeat(" ", pad))
	}
	sb.WriteString(s)
	if !rightAlign {
		sb.WriteString(strings.Repeat(" ", pad))
	}
}
