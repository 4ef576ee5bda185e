package hunt

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Format is an output format of findings.
type Format string

const (
	FormatTable Format = "table"
	FormatCSV   Format = "csv"
	FormatJSONL Format = "jsonl"
	FormatJSON  Format = "json"
)

// ParseFormat reads a --format value; "" picks by the output file's
// extension, else table.
func ParseFormat(name, path string) (Format, error) {
	if name == "" {
		switch {
		case strings.HasSuffix(path, ".csv"):
			return FormatCSV, nil
		case strings.HasSuffix(path, ".jsonl"), strings.HasSuffix(path, ".ndjson"):
			return FormatJSONL, nil
		case strings.HasSuffix(path, ".json"):
			return FormatJSON, nil
		}
		return FormatTable, nil
	}
	switch f := Format(strings.ToLower(name)); f {
	case FormatTable, FormatCSV, FormatJSONL, FormatJSON:
		return f, nil
	case "ndjson":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("unknown format %q (want table, csv, jsonl or json)", name)
}

// WriteReport writes the findings of a run in the format. The json format
// also carries the window and the per-hunt summaries, so a script gets
// the whole outcome from one document; the other formats hold findings
// only (see WriteSummaries). width bounds the table's summary column
// (0: no bound).
func WriteReport(w io.Writer, f Format, r *Report, width int) error {
	bw := bufio.NewWriter(w)
	var err error
	switch f {
	case FormatTable:
		err = writeTable(bw, r.Findings, width)
	case FormatCSV:
		err = writeCSV(bw, r.Findings)
	case FormatJSONL:
		enc := json.NewEncoder(bw)
		for _, fd := range r.Findings {
			if err = enc.Encode(fd); err != nil {
				break
			}
		}
	case FormatJSON:
		err = writeJSON(bw, r)
	default:
		err = fmt.Errorf("unknown format %q", f)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

const timeLayout = "2006-01-02T15:04:05Z"

func writeTable(w io.Writer, fs []Finding, width int) error {
	if len(fs) == 0 {
		_, err := fmt.Fprintln(w, "No findings.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tHUNT\tFIRST\tLAST\tACCOUNT\tREGION\tACTOR\tSRC_IP\tEVENTS\tSUMMARY")
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n",
			f.Severity, f.HuntID, f.FirstTime.Format(timeLayout), f.LastTime.Format(timeLayout),
			dash(f.Account), dash(f.Region), dash(clip(oneLine(f.Actor), 64)), dash(f.SrcIP), f.EventCount, clip(oneLine(f.Summary), width))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to n runes, marking the cut; n <= 0 keeps s whole.
func clip(s string, n int) string {
	if n <= 0 {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// oneLine keeps a table row on one line whatever the data holds.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

func writeCSV(w io.Writer, fs []Finding) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"severity", "hunt_id", "title", "first_time", "last_time", "account", "region", "actor", "src_ip",
		"summary", "event_count", "evidence_uids", "evidence_total"})
	for _, f := range fs {
		cw.Write([]string{
			f.Severity.String(), f.HuntID, guardFormula(f.Title), f.FirstTime.Format(time.RFC3339Nano), f.LastTime.Format(time.RFC3339Nano),
			guardFormula(f.Account), guardFormula(f.Region), guardFormula(f.Actor), guardFormula(f.SrcIP), guardFormula(f.Summary),
			strconv.FormatInt(f.EventCount, 10), guardFormula(strings.Join(f.EvidenceUIDs, " ")), strconv.FormatInt(f.EvidenceTotal, 10),
		})
	}
	cw.Flush()
	return cw.Error()
}

// guardFormula stops a spreadsheet from evaluating attacker-chosen text
// (user names, user agents and request fields end up in summaries) as a
// formula, by prefixing the characters that start one with a quote.
func guardFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type jsonSummary struct {
	HuntID     string   `json:"hunt_id"`
	Severity   Severity `json:"severity"`
	Findings   int      `json:"findings"`
	DurationMS int64    `json:"duration_ms"`
	Error      string   `json:"error,omitempty"`
	Skipped    string   `json:"skipped,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	doc := struct {
		From       time.Time     `json:"from"`
		To         time.Time     `json:"to"`
		DurationMS int64         `json:"duration_ms"`
		Findings   []Finding     `json:"findings"`
		Hunts      []jsonSummary `json:"hunts"`
	}{From: r.Window.Start.UTC(), To: r.Window.End.UTC(), DurationMS: r.Duration.Milliseconds(), Findings: r.Findings}
	if doc.Findings == nil {
		doc.Findings = []Finding{}
	}
	for _, s := range r.Summaries {
		js := jsonSummary{HuntID: s.HuntID, Severity: s.Severity, Findings: s.Findings, DurationMS: s.Duration.Milliseconds(), Skipped: s.Skipped}
		if s.Err != nil {
			js.Error = s.Err.Error()
		}
		doc.Hunts = append(doc.Hunts, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// WriteSummaries writes one line per hunt that found something, failed or
// was skipped, then the totals.
func WriteSummaries(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HUNT\tSEVERITY\tFINDINGS\tTIME\tERROR OR NOTE")
	quiet := 0
	for _, s := range r.Summaries {
		if s.Findings == 0 && s.Err == nil && s.Skipped == "" {
			quiet++
			continue
		}
		msg := "-"
		switch {
		case s.Err != nil:
			msg = oneLine(s.Err.Error())
		case s.Skipped != "":
			msg = s.Skipped
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", s.HuntID, s.Severity, s.Findings, s.Duration.Round(time.Millisecond), msg)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d hunts over %s .. %s: %d findings, %d hunts silent, %d skipped, %d failed, in %s\n",
		len(r.Summaries), r.Window.Start.UTC().Format(timeLayout), r.Window.End.UTC().Format(timeLayout),
		len(r.Findings), quiet, r.Skipped(), r.Failed(), r.Duration.Round(time.Millisecond))
	return err
}
