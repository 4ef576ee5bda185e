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

	"github.com/lakehunt/lakehunt/query/output"
)

// Formats are the formats of findings, for output.ParseFormat: table,
// the default, csv, jsonl and json.
var Formats = []output.Format{output.Table, output.CSV, output.JSONL, output.JSON}

// WriteReport writes the findings of a run in the format. The json format
// also carries the window and the per-hunt summaries, so a script gets
// the whole outcome from one document; the other formats hold findings
// only (see WriteSummaries). width bounds the table's summary column
// (0: no bound).
func WriteReport(w io.Writer, f output.Format, r *Report, width int) error {
	bw := bufio.NewWriter(w)
	var err error
	switch f {
	case output.Table:
		err = writeTable(bw, r.Findings, width)
	case output.CSV:
		err = writeCSV(bw, r.Findings)
	case output.JSONL:
		enc := json.NewEncoder(bw)
		for _, fd := range r.Findings {
			if err = enc.Encode(fd); err != nil {
				break
			}
		}
	case output.JSON:
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
			f.Severity.String(), f.HuntID, output.GuardFormula(f.Title), f.FirstTime.Format(time.RFC3339Nano), f.LastTime.Format(time.RFC3339Nano),
			output.GuardFormula(f.Account), output.GuardFormula(f.Region), output.GuardFormula(f.Actor), output.GuardFormula(f.SrcIP), output.GuardFormula(f.Summary),
			strconv.FormatInt(f.EventCount, 10), output.GuardFormula(strings.Join(f.EvidenceUIDs, " ")), strconv.FormatInt(f.EvidenceTotal, 10),
		})
	}
	cw.Flush()
	return cw.Error()
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
