package investigate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lakehunt/lakehunt/query/output"
)

// Cuts that keep text report lines readable.
const (
	textValueWidth = 72
	textBarWidth   = 40
)

// WriteText writes the report for a terminal, panel after panel.
func WriteText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	t := &textReport{w: bw, r: r}
	t.header()
	t.overview()
	t.apiTimeline()
	t.operations()
	t.errorCodes()
	t.related()
	t.newlyObserved()
	t.consoleLogins()
	if r.Flows != nil {
		t.flows()
	}
	if r.Findings != nil {
		t.findings()
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cannot write report: %w", err)
	}
	return nil
}

type textReport struct {
	w *bufio.Writer
	r *Report
}

func (t *textReport) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

func (t *textReport) section(title string) { t.printf("\n== %s\n", title) }

// table writes aligned rows; every cell must already be terminal-safe.
func (t *textReport) table(header []string, rows [][]string) {
	tw := tabwriter.NewWriter(t.w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\n", strings.Join(header, "\t"))
	for _, row := range rows {
		fmt.Fprintf(tw, "  %s\n", strings.Join(row, "\t"))
	}
	tw.Flush()
}

func (t *textReport) none() { t.printf("  none\n") }

func safe(s string) string { return terminalSafe(s, textValueWidth) }

func (t *textReport) header() {
	r := t.r
	t.printf("lakehunt investigation: %s %s\n", r.Kind, safe(r.Value))
	t.printf("scope     %s to %s (%s)\n", formatTime(r.Scope.Start), formatTime(r.Scope.End), formatDuration(r.Scope.End.Sub(r.Scope.Start)))
	t.printf("baseline  %s to %s (%s)\n", formatTime(r.Baseline.Start), formatTime(r.Baseline.End), formatDuration(r.Baseline.End.Sub(r.Baseline.Start)))
	if r.GeoIP != nil {
		t.printf("geoip     %s\n", safe(r.GeoIP.DatabaseType))
	}
}

func (t *textReport) overview() {
	o := t.r.Overview
	t.section("Overview")
	t.printf("  API calls        %d (%d failed, error rate %s)\n", o.APIEvents, o.APIFailed, formatPercent(o.ErrorRate))
	if t.r.Flows != nil {
		t.printf("  flow records     %d\n", o.FlowRecords)
	}
	t.printf("  seen in scope    %s to %s\n", formatTimePtr(o.FirstSeen), formatTimePtr(o.LastSeen))
	t.printf("  seen in lake     %s to %s\n", formatTimePtr(o.LifetimeFirstSeen), formatTimePtr(o.LifetimeLastSeen))
	t.printf("  baseline events  %d\n", o.BaselineEvents)
	t.printf("  accounts         %s\n", joinOrDash(o.Accounts))
	t.printf("  regions          %s\n", joinOrDash(o.Regions))
}

func joinOrDash(values []string) string {
	if len(values) == 0 {
		return "-"
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = safe(v)
	}
	return strings.Join(out, ", ")
}

// timelineRow is one bucket of a text timeline: two stacked amounts.
type timelineRow struct {
	start         time.Time
	first, second int64
	label         string
}

// timeline draws one bar per bucket, folding runs of empty buckets.
func (t *textReport) timeline(rows []timelineRow, firstMark, secondMark string) {
	var peak int64
	for _, row := range rows {
		peak = max(peak, row.first+row.second)
	}
	if peak == 0 {
		t.none()
		return
	}
	for i := 0; i < len(rows); {
		if rows[i].first+rows[i].second == 0 {
			j := i
			for j < len(rows) && rows[j].first+rows[j].second == 0 {
				j++
			}
			if j-i > 1 {
				t.printf("  %s  · %d empty buckets\n", formatTime(rows[i].start), j-i)
				i = j
				continue
			}
		}
		row := rows[i]
		first := barCells(row.first, peak)
		second := barCells(row.second, peak)
		if row.first > 0 && first == 0 {
			first = 1
		}
		if row.second > 0 && second == 0 {
			second = 1
		}
		bar := strings.Repeat(firstMark, first) + strings.Repeat(secondMark, second)
		t.printf("  %s  %-*s %s\n", formatTime(row.start), textBarWidth, bar, row.label)
		i++
	}
}

func barCells(n, peak int64) int {
	return int(n * textBarWidth / peak)
}

func (t *textReport) apiTimeline() {
	width := time.Duration(t.r.BucketSeconds) * time.Second
	t.section(fmt.Sprintf("API calls over time (%s buckets; # succeeded, x failed)", formatDuration(width)))
	rows := make([]timelineRow, len(t.r.APITimeline))
	for i, b := range t.r.APITimeline {
		rows[i] = timelineRow{start: b.Start, first: b.Succeeded, second: b.Failed, label: fmt.Sprintf("%d ok, %d failed", b.Succeeded, b.Failed)}
	}
	t.timeline(rows, "#", "x")
}

func (t *textReport) operations() {
	t.section("API calls by service and operation")
	if len(t.r.Operations) == 0 {
		t.none()
		return
	}
	var rows [][]string
	for _, op := range t.r.Operations {
		rows = append(rows, []string{safe(op.Service), safe(op.Operation), fmt.Sprint(op.Calls), fmt.Sprint(op.Failed), formatTime(op.FirstSeen), formatTime(op.LastSeen)})
	}
	t.table([]string{"SERVICE", "OPERATION", "CALLS", "FAILED", "FIRST SEEN", "LAST SEEN"}, rows)
}

func (t *textReport) errorCodes() {
	t.section("Failed API calls by error code")
	if len(t.r.ErrorCodes) == 0 {
		t.none()
		return
	}
	var rows [][]string
	for _, e := range t.r.ErrorCodes {
		rows = append(rows, []string{safe(e.Code), fmt.Sprint(e.Calls), joinOrDash(e.Operations), formatTime(e.FirstSeen), formatTime(e.LastSeen)})
	}
	t.table([]string{"CODE", "CALLS", "OPERATIONS", "FIRST SEEN", "LAST SEEN"}, rows)
}

func (t *textReport) related() {
	t.section("Related entities")
	rel := t.r.Related
	lists := []struct {
		name string
		list RelatedList
	}{
		{"source IPs", rel.SourceIPs}, {"user agents", rel.UserAgents}, {"principals", rel.Principals},
		{"access keys", rel.AccessKeys}, {"role sessions", rel.RoleSessions}, {"resources", rel.Resources},
		{"regions", rel.Regions}, {"accounts", rel.Accounts},
	}
	printed := false
	for _, l := range lists {
		if len(l.list.Values) == 0 {
			continue
		}
		printed = true
		title := fmt.Sprintf("%s (%d", l.name, l.list.Distinct)
		if shown := int64(len(l.list.Values)); shown < l.list.Distinct {
			title += fmt.Sprintf(", top %d shown", shown)
		}
		t.printf("  %s)\n", title)
		var rows [][]string
		for _, v := range l.list.Values {
			rows = append(rows, []string{"  " + safe(v.Value) + geoSuffix(v.Geo), fmt.Sprint(v.Events), fmt.Sprint(v.Failed), formatTime(v.FirstSeen), formatTime(v.LastSeen)})
		}
		t.table([]string{"  VALUE", "EVENTS", "FAILED", "FIRST SEEN", "LAST SEEN"}, rows)
	}
	if !printed {
		t.none()
	}
}

func geoSuffix(g *Geo) string {
	if g == nil {
		return ""
	}
	var parts []string
	for _, p := range []string{g.City, g.Country} {
		if p != "" {
			parts = append(parts, terminalSafe(p, 40))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, terminalSafe(g.CountryCode, 8))
	}
	return " [" + strings.Join(parts, ", ") + "]"
}

func (t *textReport) newlyObserved() {
	t.section("Newly observed (in the scope, absent from the baseline window)")
	n := t.r.NewlyObserved
	if t.r.Overview.BaselineEvents == 0 {
		t.printf("  note: the entity has no events in the baseline window, so everything it did is new\n")
	}
	lists := []struct {
		name   string
		values []NewValue
	}{
		{"source IPs", n.SourceIPs}, {"user agents", n.UserAgents}, {"operations", n.Operations}, {"regions", n.Regions},
	}
	if t.r.Flows != nil {
		lists = append(lists, struct {
			name   string
			values []NewValue
		}{"flow peers", n.FlowPeers})
	}
	for _, l := range lists {
		if len(l.values) == 0 {
			t.printf("  %s: none\n", l.name)
			continue
		}
		t.printf("  %s\n", l.name)
		var rows [][]string
		for _, v := range l.values {
			rows = append(rows, []string{"  " + safe(v.Value) + geoSuffix(v.Geo), fmt.Sprint(v.Events), formatTime(v.FirstSeen), formatTime(v.LastSeen)})
		}
		t.table([]string{"  VALUE", "EVENTS", "FIRST SEEN", "LAST SEEN"}, rows)
	}
}

func (t *textReport) consoleLogins() {
	c := t.r.ConsoleLogins
	t.section(fmt.Sprintf("Console logins (%d: %d succeeded, %d failed, %d with MFA)", c.Total, c.Succeeded, c.Failed, c.WithMFA))
	if len(c.Logins) == 0 {
		t.none()
		return
	}
	var rows [][]string
	for _, l := range c.Logins {
		rows = append(rows, []string{formatTime(l.Time), safe(l.Result), mfaText(l.MFA), safe(l.Principal), safe(l.SourceIP) + geoSuffix(l.Geo), terminalSafe(l.UserAgent, 48)})
	}
	t.table([]string{"TIME", "RESULT", "MFA", "PRINCIPAL", "SOURCE IP", "USER AGENT"}, rows)
	if shown := int64(len(c.Logins)); shown < c.Total {
		t.printf("  … %d more\n", c.Total-shown)
	}
}

func mfaText(mfa *bool) string {
	switch {
	case mfa == nil:
		return "-"
	case *mfa:
		return "yes"
	}
	return "no"
}

func (t *textReport) flows() {
	f := t.r.Flows
	tot := f.Totals
	width := time.Duration(t.r.BucketSeconds) * time.Second
	t.section("VPC flows (in: received by the entity, out: sent by it)")
	t.printf("  in   %d flows, %s\n  out  %d flows, %s\n  rejected %d\n", tot.FlowsIn, output.FormatBytes(tot.BytesIn), tot.FlowsOut, output.FormatBytes(tot.BytesOut), tot.Rejected)

	t.section(fmt.Sprintf("Flow bytes over time (%s buckets; < in, > out)", formatDuration(width)))
	rows := make([]timelineRow, len(f.Timeline))
	for i, b := range f.Timeline {
		rows[i] = timelineRow{start: b.Start, first: b.BytesIn, second: b.BytesOut,
			label: fmt.Sprintf("in %s, out %s, %d rejected", output.FormatBytes(b.BytesIn), output.FormatBytes(b.BytesOut), b.Rejected)}
	}
	t.timeline(rows, "<", ">")

	t.section("Top flow peers")
	if len(f.Peers) == 0 {
		t.none()
	} else {
		var rows [][]string
		for _, p := range f.Peers {
			rows = append(rows, []string{safe(p.IP) + geoSuffix(p.Geo), fmt.Sprint(p.Flows), output.FormatBytes(p.BytesIn), output.FormatBytes(p.BytesOut), fmt.Sprint(p.Rejected), formatTime(p.FirstSeen), formatTime(p.LastSeen)})
		}
		t.table([]string{"PEER", "FLOWS", "BYTES IN", "BYTES OUT", "REJECTED", "FIRST SEEN", "LAST SEEN"}, rows)
	}

	t.section("Top destination ports")
	if len(f.Ports) == 0 {
		t.none()
	} else {
		var rows [][]string
		for _, p := range f.Ports {
			rows = append(rows, []string{p.Direction, protocolName(p.Protocol), formatOptInt(p.Port), fmt.Sprint(p.Flows), output.FormatBytes(p.Bytes), fmt.Sprint(p.Rejected), fmt.Sprint(p.Peers)})
		}
		t.table([]string{"DIRECTION", "PROTOCOL", "PORT", "FLOWS", "BYTES", "REJECTED", "PEERS"}, rows)
	}

	t.section(fmt.Sprintf("Rejected flows (%d)", f.Rejected.Total))
	if len(f.Rejected.Flows) == 0 {
		t.none()
		return
	}
	var rj [][]string
	for _, r := range f.Rejected.Flows {
		rj = append(rj, []string{formatTime(r.Time), r.Direction, safe(r.SrcIP) + ":" + formatOptInt(r.SrcPort), safe(r.DstIP) + ":" + formatOptInt(r.DstPort), protocolName(r.Protocol), fmt.Sprint(r.Packets), output.FormatBytes(r.Bytes)})
	}
	t.table([]string{"TIME", "DIRECTION", "SOURCE", "DESTINATION", "PROTOCOL", "PACKETS", "BYTES"}, rj)
	if shown := int64(len(f.Rejected.Flows)); shown < f.Rejected.Total {
		t.printf("  … %d more\n", f.Rejected.Total-shown)
	}
}

func (t *textReport) findings() {
	f := t.r.Findings
	t.section(fmt.Sprintf("Findings of the hunting pack that involve the entity (%d hunts run)", f.HuntsRun))
	for _, e := range f.HuntErrors {
		t.printf("  hunt error: %s\n", terminalSafe(e, 200))
	}
	if len(f.Findings) == 0 {
		t.none()
		return
	}
	var rows [][]string
	for _, x := range f.Findings {
		rows = append(rows, []string{x.Severity, safe(x.Title), formatTime(x.FirstTime), fmt.Sprint(x.EventCount), x.MatchedBy, safe(x.Summary)})
	}
	t.table([]string{"SEVERITY", "HUNT", "FIRST SEEN", "EVENTS", "MATCHED BY", "SUMMARY"}, rows)
}
