package investigate

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lakehunt/lakehunt/query/output"
)

// Cuts that keep text report lines readable.
const (
	textValueWidth   = 72
	textBarWidth     = 40
	textSummaryWidth = 240
)

// How many rows of a long panel a terminal gets; the rest are counted
// ("… and 12 more across 3 services"). JSON and HTML keep every row.
const (
	textRows      = 10 // operations, logins, findings, flow panels
	textListRows  = 5  // each list of related and newly observed values, error codes
	textIncidents = 5
	textSessions  = 5
)

// WriteText writes the report for a terminal, what matters first: the
// incidents the entity is part of, its identity chain and what is new,
// then the detail panels, each cut to its top rows.
func WriteText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	t := &textReport{w: bw, r: r}
	t.header()
	if r.Incidents != nil {
		t.incidents()
	}
	if r.IdentityChain != nil {
		t.identityChain()
	}
	t.newlyObserved()
	t.overview()
	t.apiTimeline()
	t.operations()
	t.errorCodes()
	t.related()
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

// more counts the rows a panel holds beyond those shown; listMore those
// of a list within a panel.
func (t *textReport) more(hidden int64, what string) {
	if hidden > 0 {
		t.printf("  … and %d more%s\n", hidden, what)
	}
}

func (t *textReport) listMore(hidden int64) {
	if hidden > 0 {
		t.printf("    … and %d more\n", hidden)
	}
}

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
	if c := t.r.IdentityChain; c != nil && c.CreatedTotal > 0 {
		t.printf("  via sessions     %d (%d failed) made with the sessions it created (%d), besides its own\n", o.ViaSessionEvents, o.ViaSessionFailed, c.CreatedTotal)
	}
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
		label := fmt.Sprintf("%d ok, %d failed", b.Succeeded, b.Failed)
		if b.ViaSessions > 0 {
			label += fmt.Sprintf(" (%d via sessions)", b.ViaSessions)
		}
		rows[i] = timelineRow{start: b.Start, first: b.Succeeded, second: b.Failed, label: label}
	}
	t.timeline(rows, "#", "x")
}

func (t *textReport) operations() {
	t.section("API calls by service and operation")
	if len(t.r.Operations) == 0 {
		t.none()
		return
	}
	ops := t.r.Operations
	via := slices.ContainsFunc(ops, func(op Operation) bool { return op.Via != "" })
	shown := ops[:min(len(ops), textRows)]
	var rows [][]string
	for _, op := range shown {
		row := []string{safe(op.Service), safe(op.Operation), fmt.Sprint(op.Calls), fmt.Sprint(op.Failed), formatTime(op.FirstSeen), formatTime(op.LastSeen)}
		if via {
			row = append(row, viaText(op.Via))
		}
		rows = append(rows, row)
	}
	header := []string{"SERVICE", "OPERATION", "CALLS", "FAILED", "FIRST SEEN", "LAST SEEN"}
	if via {
		header = append(header, "VIA ROLE")
	}
	t.table(header, rows)
	services := map[string]bool{}
	for _, op := range ops[len(shown):] {
		services[op.Service] = true
	}
	t.more(int64(len(ops)-len(shown)), fmt.Sprintf(" across %d %s", len(services), plural(len(services), "service", "services")))
}

// viaText names the roles a call went through for a terminal ("-" for
// the entity's own calls).
func viaText(via string) string {
	if via == "" {
		return "-"
	}
	return terminalSafe(roleNames(via), textValueWidth)
}

// roleNames shortens the role ARNs of a via to the roles' names: the JSON
// and HTML reports keep the ARNs.
func roleNames(via string) string {
	parts := strings.Split(via, " > ")
	for i, p := range parts {
		if _, name, ok := strings.Cut(p, ":role/"); ok {
			parts[i] = name[strings.LastIndex(name, "/")+1:]
		}
	}
	return strings.Join(parts, " > ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (t *textReport) errorCodes() {
	t.section("Failed API calls by error code")
	if len(t.r.ErrorCodes) == 0 {
		t.none()
		return
	}
	codes := t.r.ErrorCodes
	via := slices.ContainsFunc(codes, func(e ErrorCode) bool { return e.Via != "" })
	shown := codes[:min(len(codes), textListRows)]
	var rows [][]string
	for _, e := range shown {
		row := []string{safe(e.Code), fmt.Sprint(e.Calls), joinOrDash(e.Operations), formatTime(e.FirstSeen), formatTime(e.LastSeen)}
		if via {
			row = append(row, viaText(e.Via))
		}
		rows = append(rows, row)
	}
	header := []string{"CODE", "CALLS", "OPERATIONS", "FIRST SEEN", "LAST SEEN"}
	if via {
		header = append(header, "VIA ROLE")
	}
	t.table(header, rows)
	t.more(int64(len(codes)-len(shown)), "")
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
		t.printf("  %s (%d)\n", l.name, l.list.Distinct)
		via := slices.ContainsFunc(l.list.Values, func(v RelatedEntity) bool { return v.ViaEvents > 0 })
		shown := l.list.Values[:min(len(l.list.Values), textListRows)]
		var rows [][]string
		for _, v := range shown {
			row := []string{"  " + safe(v.Value) + geoSuffix(v.Geo), fmt.Sprint(v.Events), fmt.Sprint(v.Failed), formatTime(v.FirstSeen), formatTime(v.LastSeen)}
			if via {
				row = append(row, relatedViaText(v))
			}
			rows = append(rows, row)
		}
		header := []string{"  VALUE", "EVENTS", "FAILED", "FIRST SEEN", "LAST SEEN"}
		if via {
			header = append(header, "VIA ROLE")
		}
		t.table(header, rows)
		t.listMore(l.list.Distinct - int64(len(shown)))
	}
	if !printed {
		t.none()
	}
}

// relatedViaText says how many of a value's events went through which
// roles: "3 via data-reader".
func relatedViaText(v RelatedEntity) string {
	if v.ViaEvents == 0 {
		return "-"
	}
	roles := make([]string, len(v.Via))
	for i, via := range v.Via {
		roles[i] = viaText(via)
	}
	return fmt.Sprintf("%d via %s", v.ViaEvents, strings.Join(roles, ", "))
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
		shown := l.values[:min(len(l.values), textListRows)]
		var rows [][]string
		for _, v := range shown {
			rows = append(rows, []string{"  " + safe(v.Value) + geoSuffix(v.Geo), fmt.Sprint(v.Events), formatTime(v.FirstSeen), formatTime(v.LastSeen)})
		}
		t.table([]string{"  VALUE", "EVENTS", "FIRST SEEN", "LAST SEEN"}, rows)
		t.listMore(int64(len(l.values) - len(shown)))
	}
}

func (t *textReport) consoleLogins() {
	c := t.r.ConsoleLogins
	t.section(fmt.Sprintf("Console logins (%d: %d succeeded, %d failed, %d with MFA)", c.Total, c.Succeeded, c.Failed, c.WithMFA))
	if len(c.Logins) == 0 {
		t.none()
		return
	}
	shown := c.Logins[:min(len(c.Logins), textRows)]
	var rows [][]string
	for _, l := range shown {
		rows = append(rows, []string{formatTime(l.Time), safe(l.Result), mfaText(l.MFA), safe(l.Principal), safe(l.SourceIP) + geoSuffix(l.Geo), terminalSafe(l.UserAgent, 48)})
	}
	t.table([]string{"TIME", "RESULT", "MFA", "PRINCIPAL", "SOURCE IP", "USER AGENT"}, rows)
	t.more(c.Total-int64(len(shown)), "")
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

	if f.Attachments != nil {
		t.section("Network interfaces and their instances (as the flows name them)")
		if len(f.Attachments) == 0 {
			t.none()
		} else {
			var rows [][]string
			for _, a := range f.Attachments {
				rows = append(rows, []string{dash(safe(a.Instance)), dash(safe(a.Interface)), fmt.Sprint(a.Flows), formatTime(a.FirstSeen), formatTime(a.LastSeen)})
			}
			t.table([]string{"INSTANCE", "INTERFACE", "FLOWS", "FIRST SEEN", "LAST SEEN"}, rows)
		}
	}

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
		shown := f.Peers[:min(len(f.Peers), textRows)]
		var rows [][]string
		for _, p := range shown {
			rows = append(rows, []string{safe(p.IP) + geoSuffix(p.Geo), fmt.Sprint(p.Flows), output.FormatBytes(p.BytesIn), output.FormatBytes(p.BytesOut), fmt.Sprint(p.Rejected), formatTime(p.FirstSeen), formatTime(p.LastSeen)})
		}
		t.table([]string{"PEER", "FLOWS", "BYTES IN", "BYTES OUT", "REJECTED", "FIRST SEEN", "LAST SEEN"}, rows)
		t.more(int64(len(f.Peers)-len(shown)), "")
	}

	t.section("Top destination ports")
	if len(f.Ports) == 0 {
		t.none()
	} else {
		shown := f.Ports[:min(len(f.Ports), textRows)]
		var rows [][]string
		for _, p := range shown {
			rows = append(rows, []string{p.Direction, protocolName(p.Protocol), formatOptInt(p.Port), fmt.Sprint(p.Flows), output.FormatBytes(p.Bytes), fmt.Sprint(p.Rejected), fmt.Sprint(p.Peers)})
		}
		t.table([]string{"DIRECTION", "PROTOCOL", "PORT", "FLOWS", "BYTES", "REJECTED", "PEERS"}, rows)
		t.more(int64(len(f.Ports)-len(shown)), "")
	}

	t.section(fmt.Sprintf("Rejected flows (%d)", f.Rejected.Total))
	if len(f.Rejected.Flows) == 0 {
		t.none()
		return
	}
	shown := f.Rejected.Flows[:min(len(f.Rejected.Flows), textRows)]
	var rj [][]string
	for _, r := range shown {
		rj = append(rj, []string{formatTime(r.Time), r.Direction, safe(r.SrcIP) + ":" + formatOptInt(r.SrcPort), safe(r.DstIP) + ":" + formatOptInt(r.DstPort), protocolName(r.Protocol), fmt.Sprint(r.Packets), output.FormatBytes(r.Bytes)})
	}
	t.table([]string{"TIME", "DIRECTION", "SOURCE", "DESTINATION", "PROTOCOL", "PACKETS", "BYTES"}, rj)
	t.more(f.Rejected.Total-int64(len(shown)), "")
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
	shown := f.Findings[:min(len(f.Findings), textRows)]
	var rows [][]string
	for _, x := range shown {
		rows = append(rows, []string{x.Severity, safe(x.Title), formatTime(x.FirstTime), fmt.Sprint(x.EventCount), x.MatchedBy, safe(x.Summary)})
	}
	t.table([]string{"SEVERITY", "HUNT", "FIRST SEEN", "EVENTS", "MATCHED BY", "SUMMARY"}, rows)
	t.more(int64(len(f.Findings)-len(shown)), "")
}

func (t *textReport) incidents() {
	incs := t.r.Incidents
	t.section(fmt.Sprintf("Incidents involving the entity (%d)", len(incs)))
	if len(incs) == 0 {
		t.none()
		return
	}
	shown := incs[:min(len(incs), textIncidents)]
	for _, inc := range shown {
		t.printf("  %s  %s  %s\n", strings.ToUpper(inc.Severity.String()), inc.ID, safe(inc.Title))
		when := fmt.Sprintf("%s to %s, %d %s", formatTime(inc.FirstTime), formatTime(inc.LastTime), inc.FindingCount, plural(inc.FindingCount, "finding", "findings"))
		if len(inc.TacticNames) > 0 {
			when += ": " + strings.Join(inc.TacticNames, " → ")
		}
		t.printf("    %s\n", when)
		t.printf("    %s\n", terminalSafe(inc.Summary, textSummaryWidth))
	}
	t.more(int64(len(incs)-len(shown)), " (json and html list them all)")
}

func (t *textReport) identityChain() {
	c := t.r.IdentityChain
	t.section("Identity chain")
	if len(c.Behind) == 0 && len(c.Created) == 0 {
		t.printf("  no session of the entity or created by it is alive in the scope\n")
		return
	}
	if len(c.Behind) == 1 {
		// One session (a key's, a role session): its whole chain.
		s := c.Behind[0]
		t.printf("  who is behind it: %s (%s), through %d %s\n", safe(s.Origin), safe(s.OriginType), len(s.Chain), plural(len(s.Chain), "call", "calls"))
		var rows [][]string
		for i := len(s.Chain) - 1; i >= 0; i-- {
			l := s.Chain[i]
			rows = append(rows, []string{"  " + formatTime(l.Time), safe(l.Issuer), safe(l.Operation), safe(l.SessionARN), safe(l.AccessKeyID), dash(safe(l.SrcIP))})
		}
		t.table([]string{"  ISSUED", "BY", "CALL", "SESSION", "KEY", "FROM"}, rows)
		t.printf("  the session made %d %s in the scope (%d failed)\n", s.Events, plural(int(s.Events), "call", "calls"), s.Failed)
	} else if len(c.Behind) > 1 {
		// Many (a role's sessions, a name many sessions take): one line each.
		t.printf("  who is behind it (%d sessions)\n", c.BehindTotal)
		shown := c.Behind[:min(len(c.Behind), textSessions)]
		var rows [][]string
		for _, s := range shown {
			_, session, _ := strings.Cut(s.SessionARN, ":assumed-role/")
			rows = append(rows, []string{"  " + safe(cmp.Or(session, s.SessionARN)), safe(s.AccessKeyID), fmt.Sprint(s.Events), formatTime(s.Created),
				safe(s.Origin) + " (" + safe(s.OriginType) + ")"})
		}
		t.table([]string{"  SESSION", "KEY", "CALLS", "CREATED", "STARTED BY"}, rows)
		t.more(c.BehindTotal-int64(len(shown)), " sessions")
	}
	if len(c.Created) > 0 {
		// A session's CALLS below count every call made with it; the
		// total here leaves out those already among the entity's own (a
		// federated user's or GetSessionToken's calls name the user), as
		// the overview's "via sessions" does.
		n := t.r.Overview.ViaSessionEvents
		t.printf("  sessions it created (%d; %d %s made with them besides its own, marked with their roles below)\n", c.CreatedTotal, n, plural(int(n), "call", "calls"))
		shown := c.Created[:min(len(c.Created), textSessions)]
		var rows [][]string
		for _, s := range shown {
			// The role names the session's ARN; its name and key tell
			// sessions of one role apart.
			name := s.SessionARN[strings.LastIndex(s.SessionARN, "/")+1:]
			rows = append(rows, []string{"  " + viaText(s.Via), safe(name), safe(s.AccessKeyID), formatTime(s.Created), fmt.Sprint(s.Events), fmt.Sprint(s.Failed)})
		}
		t.table([]string{"  VIA ROLE", "SESSION NAME", "KEY", "CREATED", "CALLS", "FAILED"}, rows)
		roles := map[string]bool{}
		for _, s := range c.Created[len(shown):] {
			roles[s.RoleARN] = true
		}
		atLeast := ""
		if c.CreatedTotal > int64(len(c.Created)) {
			atLeast = "at least "
		}
		t.more(c.CreatedTotal-int64(len(shown)), fmt.Sprintf(" sessions through %s%d %s", atLeast, len(roles), plural(len(roles), "role", "roles")))
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
