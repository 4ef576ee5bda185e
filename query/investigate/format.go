package investigate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/query/output"
)

// Formats are the report formats, for output.ParseFormat: text, the
// default, json and html.
var Formats = []output.Format{output.Text, output.JSON, output.HTML}

// Write renders the report in the format.
func Write(w io.Writer, r *Report, f output.Format) error {
	switch f {
	case output.JSON:
		return WriteJSON(w, r)
	case output.HTML:
		return WriteHTML(w, r)
	case output.Text, "":
		return WriteText(w, r)
	}
	return fmt.Errorf("unknown report format %q", f)
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("cannot write JSON report: %w", err)
	}
	return nil
}

// formatTime is how reports show instants: UTC, to the second.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") }

func formatTimePtr(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return formatTime(*t)
}

// formatDuration writes whole days, hours or minutes as 30d, 6h, 15m.
func formatDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func formatPercent(rate float64) string {
	return fmt.Sprintf("%.1f%%", rate*100)
}

func formatOptInt(n *int64) string {
	if n == nil {
		return "-"
	}
	return fmt.Sprint(*n)
}

// protocolName names the IANA protocols flows mostly carry.
func protocolName(n *int64) string {
	if n == nil {
		return "-"
	}
	switch *n {
	case 1:
		return "ICMP"
	case 6:
		return "TCP"
	case 17:
		return "UDP"
	case 58:
		return "ICMPv6"
	}
	return fmt.Sprint(*n)
}

// terminalSafe makes attacker-chosen text (user agents, names, error
// messages) harmless on a terminal: control characters, including the ESC
// of escape sequences, and invalid UTF-8 are written as Go escapes, and
// the result is cut to max runes (0: no limit).
func terminalSafe(s string, max int) string {
	var b strings.Builder
	runes := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var piece string
		switch {
		case r == utf8.RuneError && size == 1:
			piece = fmt.Sprintf(`\x%02x`, s[i])
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r):
			piece = strings.Trim(fmt.Sprintf("%+q", r), "'")
		default:
			piece = s[i : i+size]
		}
		if max > 0 && runes+utf8.RuneCountInString(piece) > max-1 && i+size < len(s) {
			b.WriteString("…")
			break
		}
		b.WriteString(piece)
		runes += utf8.RuneCountInString(piece)
		i += size
	}
	return b.String()
}
