package investigate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Format is a report format.
type Format string

// The report formats.
const (
	FormatText Format = "text"
	FormatJSON Format = "json"
	FormatHTML Format = "html"
)

// ParseFormat reads --format; an empty name is taken from the output
// file's extension (.json, .html or .htm) and is text otherwise.
func ParseFormat(name, path string) (Format, error) {
	if name == "" {
		switch {
		case strings.HasSuffix(strings.ToLower(path), ".json"):
			return FormatJSON, nil
		case strings.HasSuffix(strings.ToLower(path), ".html"), strings.HasSuffix(strings.ToLower(path), ".htm"):
			return FormatHTML, nil
		}
		return FormatText, nil
	}
	switch f := Format(strings.ToLower(name)); f {
	case FormatText, FormatJSON, FormatHTML:
		return f, nil
	}
	return "", fmt.Errorf("unknown report format %q (want text, json or html)", name)
}

// Write renders the report in the format.
func Write(w io.Writer, r *Report, f Format) error {
	switch f {
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatHTML:
		return WriteHTML(w, r)
	case FormatText, "":
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

// formatBytes writes a byte count with a decimal unit.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
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
