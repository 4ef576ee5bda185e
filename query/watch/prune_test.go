package watch

import (
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

// TestPruneForgetsOldIncidentsWithoutRaisingThemAgain prunes the state at
// a horizon and reconciles a run that built an old incident again (a
// window that reached back past the horizon) beside a new one: the old
// one stays out of the state and raises nothing, the new one alerts, and
// a later prune at an earlier horizon changes nothing.
func TestPruneForgetsOldIncidentsWithoutRaisingThemAgain(t *testing.T) {
	day := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	built := func(id string, at time.Time) incident.Incident {
		f := hunt.Finding{HuntID: "h", Severity: hunt.SeverityHigh, FirstTime: at, LastTime: at.Add(time.Minute), EvidenceUIDs: []string{id}}
		return incident.Incident{ID: id, Severity: hunt.SeverityHigh, FirstTime: f.FirstTime, LastTime: f.LastTime, FindingCount: 1, Findings: []hunt.Finding{f}}
	}
	st := &state{Incidents: map[string]*known{}}
	old, recent := built("inc-old", day), built("inc-recent", day.Add(40*time.Hour))
	if got := reconcile(st, []incident.Incident{old, recent}, hunt.SeverityHigh, "", day); len(got) != 2 {
		t.Fatalf("first reconcile raised %d alerts, want 2", len(got))
	}
	horizon := day.Add(24 * time.Hour)
	if n := st.prune(horizon); n != 1 || st.Incidents["inc-old"] != nil || st.Incidents["inc-recent"] == nil {
		t.Fatalf("prune took %d incidents out, left %v", n, st.Incidents)
	}
	if n := st.prune(day.Add(time.Hour)); n != 0 || !st.PrunedBefore.Equal(horizon) {
		t.Errorf("an earlier horizon pruned %d and moved the horizon to %s", n, st.PrunedBefore)
	}
	fresh := built("inc-fresh", day.Add(41*time.Hour))
	got := reconcile(st, []incident.Incident{old, recent, fresh}, hunt.SeverityHigh, "", day)
	if len(got) != 1 || got[0].Incident.ID != "inc-fresh" {
		t.Errorf("after the prune, alerts %v, want only inc-fresh", got)
	}
	if st.Incidents["inc-old"] != nil {
		t.Error("the pruned incident came back into the state")
	}
}
