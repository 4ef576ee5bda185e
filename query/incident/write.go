package incident

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/lakehunt/lakehunt/query/output"
)

// Formats are the formats of incidents, for output.ParseFormat: table,
// the default, then json, jsonl and an HTML fragment.
var Formats = []output.Format{output.Table, output.JSON, output.JSONL, output.HTML}

// Write writes incidents in the format.
func Write(w io.Writer, f output.Format, incidents []Incident) error {
	switch f {
	case output.Table:
		return WriteTable(w, incidents)
	case output.JSON:
		return WriteJSON(w, incidents)
	case output.JSONL:
		return WriteJSONL(w, incidents)
	case output.HTML:
		return WritePage(w, incidents)
	}
	return fmt.Errorf("unknown format %q", f)
}

// WritePage writes the incidents as a whole HTML page around WriteHTML's
// fragment: one self-contained file that loads nothing and runs no script.
func WritePage(w io.Writer, incidents []Incident) error {
	if _, err := io.WriteString(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>lakehunt incidents</title>\n</head>\n<body>\n"); err != nil {
		return err
	}
	if err := WriteHTML(w, incidents); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</body>\n</html>\n")
	return err
}

// WriteJSON writes the incidents as one indented JSON array.
func WriteJSON(w io.Writer, incidents []Incident) error {
	if incidents == nil {
		incidents = []Incident{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(incidents)
}

// WriteJSONL writes one incident per line.
func WriteJSONL(w io.Writer, incidents []Incident) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, inc := range incidents {
		if err := enc.Encode(inc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

const tableTime = "2006-01-02T15:04:05Z"

// WriteTable writes each incident as a block for a terminal: its title
// line, summary and entities, then its findings beneath.
func WriteTable(w io.Writer, incidents []Incident) error {
	bw := bufio.NewWriter(w)
	if len(incidents) == 0 {
		fmt.Fprintln(bw, "No incidents.")
		return bw.Flush()
	}
	for i, inc := range incidents {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "%s  %s  %s\n", strings.ToUpper(inc.Severity.String()), inc.ID, printable(inc.Title))
		fmt.Fprintf(bw, "  %s to %s, %d %s\n", inc.FirstTime.UTC().Format(tableTime), inc.LastTime.UTC().Format(tableTime),
			inc.FindingCount, plural(inc.FindingCount, "finding", "findings"))
		fmt.Fprintf(bw, "  %s\n", printable(inc.Summary))
		if inc.SeverityReason != "" {
			fmt.Fprintf(bw, "  severity %s\n", inc.SeverityReason)
		}
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		for _, row := range []struct {
			name   string
			values []string
		}{
			{"tactics", inc.TacticNames}, {"principals", inc.Principals}, {"access keys", inc.AccessKeys},
			{"sessions", inc.Sessions}, {"addresses", inc.SrcIPs}, {"accounts", inc.Accounts}, {"regions", inc.Regions},
			{"instances", inc.Instances}, {"resources", inc.Resources},
		} {
			if len(row.values) > 0 {
				fmt.Fprintf(tw, "  %s\t%s\n", row.name, printable(strings.Join(row.values, ", ")))
			}
		}
		for _, l := range inc.Links {
			fmt.Fprintf(tw, "  linking event\t%s %s by %s: %s (%s)\n", l.Time.UTC().Format(tableTime), l.Operation,
				printable(l.Issuer), printable(l.SessionARN), l.EventUID)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		tw = tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "    SEVERITY\tHUNT\tFIRST\tLAST\tACTOR\tSRC_IP\tEVENTS\tSUMMARY")
		for _, f := range inc.Findings {
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", f.Severity, f.HuntID,
				f.FirstTime.UTC().Format(tableTime), f.LastTime.UTC().Format(tableTime),
				dash(printable(f.Actor)), dash(f.SrcIP), f.EventCount, printable(f.Summary))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printable keeps a table line one line and free of terminal escapes,
// whatever the caller of an API call chose to put in a name.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
