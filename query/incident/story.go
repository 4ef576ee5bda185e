package incident

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// assemble turns a group of findings, earliest first, into an incident.
func assemble(group []*described) Incident {
	var principals, keys, sessions, ips, accounts, regions, resources, instances, tactics, huntIDs set
	var stepTactics, stepHunts set // of the findings that may raise the severity
	var links []Link
	var uids []string
	inc := Incident{ID: incidentID(group[0].finding), FirstTime: group[0].finding.FirstTime, LastTime: group[0].finding.LastTime}
	for _, d := range group {
		f := d.finding
		f.IncidentID = inc.ID
		inc.Findings = append(inc.Findings, f)
		inc.FirstTime = minTime(inc.FirstTime, f.FirstTime)
		inc.LastTime = later(inc.LastTime, f.LastTime)
		for _, pair := range []struct {
			to   *set
			from set
		}{
			{&principals, d.principals}, {&keys, d.accessKeys}, {&sessions, d.sessions}, {&ips, d.srcIPs},
			{&accounts, d.accounts}, {&regions, d.regions}, {&resources, d.resources}, {&instances, d.instances},
		} {
			for _, v := range pair.from {
				pair.to.add(v)
			}
		}
		huntIDs.add(f.HuntID)
		if d.hunt != nil {
			for _, t := range d.hunt.Tactics {
				if f.Severity > hunt.SeverityInfo {
					// A ranking ("most active users") is context,
					// not a step: its tactic would lead the title.
					tactics.add(t)
				}
				if f.Severity >= escalatingSeverity {
					stepTactics.add(t)
				}
			}
		}
		if f.Severity >= escalatingSeverity {
			stepHunts.add(f.HuntID)
		}
		uids = append(uids, f.EvidenceUIDs...)
		for _, l := range d.links {
			if !slices.ContainsFunc(links, func(x Link) bool { return x.EventUID == l.EventUID }) {
				links = append(links, l)
			}
		}
	}
	slices.SortFunc(links, func(a, b Link) int { return cmp.Or(a.Time.Compare(b.Time), strings.Compare(a.EventUID, b.EventUID)) })
	for _, l := range links {
		uids = append(uids, l.EventUID)
	}
	inc.Links = links
	if inc.Links == nil {
		inc.Links = []Link{}
	}
	inc.Principals, inc.AccessKeys, inc.Sessions, inc.SrcIPs = principals.sorted(), keys.sorted(), sessions.sorted(), ips.sorted()
	inc.Accounts, inc.Regions, inc.Resources, inc.Instances = accounts.sorted(), regions.sorted(), resources.sorted(), instances.sorted()
	inc.HuntIDs, inc.EventUIDs = huntIDs.sorted(), distinctSorted(uids)
	inc.Tactics, inc.TacticNames = orderTactics(tactics)
	inc.FindingCount = len(inc.Findings)
	_, stepNames := orderTactics(stepTactics)
	inc.Severity, inc.SeverityReason = severityOf(inc.Findings, stepHunts.sorted(), stepNames)
	who, whoShort := actorOf(group, inc)
	inc.Title = title(whoShort, inc)
	inc.Summary = summary(who, inc)
	return inc
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// actorOf names who the incident is about, in full and short: the origin
// principals that link it, else any principal (a session the lake cannot
// trace, a service), else its instances, else its addresses.
func actorOf(group []*described, inc Incident) (full, short string) {
	var linking set
	for _, d := range group {
		for _, k := range d.principalKeys {
			linking.add(strings.TrimPrefix(k, "id|"))
		}
	}
	names := linking.sorted()
	switch {
	case len(names) > 0:
	case len(inc.Principals) > 0:
		names = inc.Principals
	case len(inc.Instances) > 0:
		return "instance " + listOf(inc.Instances, "instances"), "instance " + listOf(inc.Instances, "instances")
	case len(inc.SrcIPs) > 0:
		return "address " + listOf(inc.SrcIPs, "addresses"), "address " + listOf(inc.SrcIPs, "addresses")
	default:
		return "an unknown actor", "unknown actor"
	}
	shorts := make([]string, len(names))
	for i, n := range names {
		shorts[i] = shortName(n)
	}
	return listOf(names, "principals"), listOf(shorts, "principals")
}

// listOf writes one to three values in full, more as a count and the
// first three.
func listOf(values []string, plural string) string {
	switch len(values) {
	case 0:
		return ""
	case 1:
		return values[0]
	case 2, 3:
		return strings.Join(values[:len(values)-1], ", ") + " and " + values[len(values)-1]
	}
	return fmt.Sprintf("%d %s (%s, …)", len(values), plural, strings.Join(values[:3], ", "))
}

// shortName is an ARN's resource part: user/alice, assumed-role/R/S.
func shortName(arn string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" {
		return parts[5]
	}
	return arn
}

func title(who string, inc Incident) string {
	if inc.FindingCount == 1 {
		return who + ": " + inc.Findings[0].Title
	}
	if len(inc.TacticNames) == 0 {
		return fmt.Sprintf("%s: %d findings", who, inc.FindingCount)
	}
	return fmt.Sprintf("%s: %s (%d findings)", who, strings.Join(inc.TacticNames, " → "), inc.FindingCount)
}

// summary is the paragraph a responder pastes into a ticket: who, from
// where, when, what they did in order (the sessions they took on
// included), the tactics, and the counts.
func summary(who string, inc Incident) string {
	var b strings.Builder
	b.WriteString(who)
	b.WriteString(whereFrom(inc.SrcIPs))
	fmt.Fprintf(&b, ", %s: ", timeSpan(inc.FirstTime, inc.LastTime))
	b.WriteString(strings.Join(steps(inc), "; then "))
	b.WriteString(".")
	if len(inc.Resources) > 0 && len(inc.Resources) <= 3 {
		fmt.Fprintf(&b, " Resources: %s.", strings.Join(inc.Resources, ", "))
	}
	if len(inc.TacticNames) > 0 {
		fmt.Fprintf(&b, " Tactics: %s.", strings.Join(inc.TacticNames, " → "))
	}
	var events int64
	for _, f := range inc.Findings {
		events += f.EventCount
	}
	fmt.Fprintf(&b, " %d %s from %d %s over %d %s", inc.FindingCount, plural(inc.FindingCount, "finding", "findings"),
		len(inc.HuntIDs), plural(len(inc.HuntIDs), "hunt", "hunts"), events, plural(int(events), "event", "events"))
	if len(inc.Accounts) > 0 {
		fmt.Fprintf(&b, " in %s %s", plural(len(inc.Accounts), "account", "accounts"), strings.Join(inc.Accounts, ", "))
	}
	b.WriteString(".")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// whereFrom names the addresses: one, several in one /24 (/64), or a few.
func whereFrom(ips []string) string {
	switch len(ips) {
	case 0:
		return ""
	case 1:
		return " from " + ips[0]
	}
	var common netip.Prefix
	for i, s := range ips {
		addr, err := netip.ParseAddr(s)
		if err != nil {
			common = netip.Prefix{}
			break
		}
		p := prefixOf(addr)
		if i > 0 && p != common {
			common = netip.Prefix{}
			break
		}
		common = p
	}
	if common.IsValid() {
		return fmt.Sprintf(" from %d addresses in %s", len(ips), common)
	}
	return " from " + listOf(ips, "addresses")
}

const timeLayout = "2006-01-02 15:04:05Z"

func timeSpan(first, last time.Time) string {
	first, last = first.UTC(), last.UTC()
	switch {
	case first.Equal(last):
		return "at " + first.Format(timeLayout)
	case first.YearDay() == last.YearDay() && first.Year() == last.Year():
		return fmt.Sprintf("between %s and %s", first.Format(timeLayout), last.Format("15:04:05Z"))
	}
	return fmt.Sprintf("between %s and %s", first.Format(timeLayout), last.Format(timeLayout))
}

// steps tells the findings and the session-issuing calls in time order, a
// session's creation before what was done with it.
func steps(inc Incident) []string {
	type step struct {
		at   time.Time
		link bool
		text string
	}
	var all []step
	for _, l := range inc.Links {
		all = append(all, step{at: l.Time, link: true, text: linkText(l)})
	}
	onlyInfo := !slices.ContainsFunc(inc.Findings, func(f hunt.Finding) bool { return f.Severity > hunt.SeverityInfo })
	for _, same := range byHunt(inc.Findings) {
		if same[0].Severity == hunt.SeverityInfo && !onlyInfo {
			continue // context, listed with the findings, not told as a step
		}
		all = append(all, step{at: same[0].FirstTime, text: findingsText(same)})
	}
	slices.SortStableFunc(all, func(a, b step) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.link != b.link {
			if a.link {
				return -1
			}
			return 1
		}
		return 0
	})
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = s.text
	}
	return out
}

func linkText(l Link) string {
	switch {
	case strings.HasPrefix(l.Operation, "AssumeRole"):
		text := "assumed role " + shortName(l.RoleARN)
		if l.SessionName != "" {
			text += " as session " + l.SessionName
		}
		return text
	case l.Operation == "GetFederationToken":
		return "got a federation token for " + shortName(l.SessionARN)
	}
	return "got a session token"
}

// byHunt groups findings, ordered by time, by hunt, in the order each
// hunt first fired: a filter hunt fires once per event, and a story tells
// thirty-seven tool user agents once.
func byHunt(findings []hunt.Finding) [][]hunt.Finding {
	var order []string
	groups := map[string][]hunt.Finding{}
	for _, f := range findings {
		if groups[f.HuntID] == nil {
			order = append(order, f.HuntID)
		}
		groups[f.HuntID] = append(groups[f.HuntID], f)
	}
	out := make([][]hunt.Finding, len(order))
	for i, id := range order {
		out[i] = groups[id]
	}
	return out
}

// findingsText tells one hunt's findings: the first one's summary, and
// how many more.
func findingsText(same []hunt.Finding) string {
	f := same[0]
	detail := f.Summary
	if detail == "" {
		detail = fmt.Sprintf("%d %s", f.EventCount, plural(int(f.EventCount), "event", "events"))
	}
	if len(same) == 1 {
		return fmt.Sprintf("%s (%s)", f.Title, detail)
	}
	var events int64
	for _, x := range same {
		events += x.EventCount
	}
	return fmt.Sprintf("%s, %d times over %d %s (first: %s)", f.Title, len(same), events, plural(int(events), "event", "events"), detail)
}
