package watch

import (
	"slices"
	"strconv"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

// findingKey names a finding across runs: its hunt and first evidence.
func findingKey(f hunt.Finding) string {
	first := ""
	if len(f.EvidenceUIDs) > 0 {
		first = f.EvidenceUIDs[0]
	}
	return f.HuntID + "\x00" + f.FirstTime.UTC().Format(time.RFC3339Nano) + "\x00" + first
}

// reconcile records a run's incidents in the state and returns the alerts
// they call for: an incident at or above min that was never alerted, or
// that is now more severe or has more findings than when it was last
// alerted. An incident already known is updated, not raised again. An
// incident that holds findings of other known ones takes them over: under
// a new id when a finding earlier than theirs joined the story, under its
// own when a later finding joined a younger incident to it. They are
// marked merged into it, and it alerts only if it is worse than any of
// them was when alerted. An incident that ended before the state was last
// pruned is passed over.
func reconcile(st *state, incidents []incident.Incident, min hunt.Severity, consoleURL string, now time.Time) []Alert {
	holders := indexFindings(st)
	var alerts []Alert
	for _, inc := range incidents {
		keys := make([]string, len(inc.Findings))
		for i, f := range inc.Findings {
			keys[i] = findingKey(f)
		}
		k := st.Incidents[inc.ID]
		if k == nil && inc.LastTime.Before(st.PrunedBefore) {
			// An incident that ended before the state's horizon: known
			// and pruned, or one a backfill older than the horizon built,
			// which cannot be told apart; raising it could alert twice.
			continue
		}
		sharing := holders.sharing(keys)
		if into := fragmentOf(st, inc, sharing); into != "" {
			// A run over part of a story's events (a late commit's window)
			// built a piece of an incident already known, or built again a
			// piece already merged into it: the piece is not an incident of
			// its own, and a run over the whole story updates the known one.
			if k == nil {
				k = &known{Severity: inc.Severity, FindingCount: inc.FindingCount, FirstTime: inc.FirstTime, LastTime: inc.LastTime, FindingKeys: keys}
				st.Incidents[inc.ID] = k
				holders.add(inc.ID, keys)
			}
			k.MergedInto = into
			continue
		}
		if k == nil {
			k = &known{FirstTime: inc.FirstTime, LastTime: inc.LastTime}
			st.Incidents[inc.ID] = k
		}
		// Every other incident holding one of its findings began no
		// earlier (fragmentOf): the run joined it into this one, whether
		// an earlier finding joined the story (a new id) or a later one
		// bridged a known incident and a younger one (the known id). Left
		// live, the younger would stay an incident of its own that one run
		// over everything never builds.
		var supersedes []string
		for _, id := range sharing {
			other := st.Incidents[id]
			if id == inc.ID || other.MergedInto != "" {
				continue
			}
			supersedes = append(supersedes, id)
			other.MergedInto = inc.ID
			k.Revision = max(k.Revision, other.Revision)
			k.AlertedSeverity = max(k.AlertedSeverity, other.AlertedSeverity)
			k.AlertedFindings = max(k.AlertedFindings, other.AlertedFindings)
		}
		k.MergedInto, k.Retired = "", false
		k.Severity = max(k.Severity, inc.Severity)
		k.FindingCount = max(k.FindingCount, inc.FindingCount)
		if inc.FirstTime.Before(k.FirstTime) {
			k.FirstTime = inc.FirstTime
		}
		if inc.LastTime.After(k.LastTime) {
			k.LastTime = inc.LastTime
		}
		var added []string
		for _, key := range keys {
			if !slices.Contains(k.FindingKeys, key) {
				k.FindingKeys = append(k.FindingKeys, key)
				added = append(added, key)
			}
		}
		holders.add(inc.ID, added)
		if k.Severity < min {
			continue
		}
		status := StatusNew
		if k.Revision > 0 {
			if k.Severity <= k.AlertedSeverity && k.FindingCount <= k.AlertedFindings {
				continue
			}
			status = StatusEscalated
		}
		a := Alert{Status: status, Supersedes: supersedes, Link: IncidentLink(consoleURL, inc.ID), RaisedAt: now, Incident: inc}
		if status == StatusEscalated {
			prev := k.AlertedSeverity
			a.PreviousSeverity, a.PreviousFindings = &prev, k.AlertedFindings
		}
		k.Revision++
		k.AlertedSeverity, k.AlertedFindings = k.Severity, k.FindingCount
		a.Revision = k.Revision
		a.Key = inc.ID + ":" + strconv.Itoa(k.Revision)
		alerts = append(alerts, a)
	}
	return alerts
}

// findingHolders indexes the known incidents by the keys of their
// findings: reconcile looks up the incidents sharing a finding with each
// one a run built instead of comparing it with every incident known.
type findingHolders map[string][]string

func indexFindings(st *state) findingHolders {
	h := findingHolders{}
	for id, k := range st.Incidents {
		h.add(id, k.FindingKeys)
	}
	return h
}

func (h findingHolders) add(id string, keys []string) {
	for _, key := range keys {
		if !slices.Contains(h[key], id) {
			h[key] = append(h[key], id)
		}
	}
}

// sharing returns the ids of the incidents holding any of keys, sorted.
func (h findingHolders) sharing(keys []string) []string {
	var ids []string
	for _, key := range keys {
		ids = append(ids, h[key]...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// fragmentOf returns the live incident that a new incident is a piece of,
// or "": one that shares a finding with it (sharing) and began before it
// (or at the same time with more findings). A new incident that began
// earlier is the reverse, a story that an earlier finding joined: it
// takes the known ones over (reconcile).
func fragmentOf(st *state, inc incident.Incident, sharing []string) string {
	for _, id := range sharing { // sorted: the first earlier one is the least id
		other := st.Incidents[id]
		if id == inc.ID || other.MergedInto != "" || other.Retired {
			continue
		}
		if other.FirstTime.Before(inc.FirstTime) || other.FirstTime.Equal(inc.FirstTime) && other.FindingCount > inc.FindingCount {
			return id
		}
	}
	return ""
}

// retire takes out of the live incidents those that a run over all their
// events, by every hunt (inside cover), did not build again: commits that
// arrived out of order built them from part of their events, and the run
// built the whole story under the id of its earliest finding. It returns
// the ids retired.
func retire(st *state, incidents []incident.Incident, cover hunt.Window) []string {
	built := map[string]bool{}
	for _, inc := range incidents {
		built[inc.ID] = true
	}
	var retired []string
	for id, k := range st.Incidents {
		if k.MergedInto != "" || k.Retired || built[id] || k.FirstTime.Before(cover.Start) || !k.LastTime.Before(cover.End) {
			continue
		}
		k.Retired = true
		retired = append(retired, id)
	}
	slices.Sort(retired)
	return retired
}
