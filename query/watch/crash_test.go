package watch

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/crashchild"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// crashHunts are the few hunts the crash test's watch runs: enough to
// raise several high incidents from a generated day, few enough that a
// run takes a second or two, and none with a baseline, whose findings
// rightly change when a crash splits the day into several commits.
var crashHunts = []string{
	"service_role_assumed_by_principal", "console_brute_force", "console_login_failures", "cloudtrail_logging_stopped",
	"access_key_created", "admin_policy_attached", "iam_policy_changed", "offensive_tool_user_agent", "discovery_burst",
}

// TestWatchCrashChild is the 'watch --once' that TestWatchCrashAlertsEachIncident
// runs in a child process and kills; it does nothing in a normal run.
func TestWatchCrashChild(t *testing.T) {
	lakeDir, input, hookURL := os.Getenv("LAKEHUNT_WATCH_CRASH_LAKE"), os.Getenv("LAKEHUNT_WATCH_CRASH_INPUT"), os.Getenv("LAKEHUNT_WATCH_CRASH_HOOK")
	if lakeDir == "" {
		t.Skip("only runs as the child of the watch crash test")
	}
	hook, err := NewWebhook(hookURL, WebhookGeneric)
	if err != nil {
		t.Fatal(err)
	}
	err = Run(context.Background(), Request{
		Ingest: ingest.Request{Lake: lakeDir, Kind: source.CloudTrail, Workers: 2, BatchRows: 500}, Paths: []string{input}, Once: true,
		IDs: crashHunts, Engine: workflow.EngineSettings{Threads: 1}, MinSeverity: hunt.SeverityHigh, Senders: []Sender{hook}, Backoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWatchCrashAlertsEachIncident kills 'watch --once' over a directory
// of CloudTrail at random instants (while it ingests, hunts or delivers)
// and restarts it until a run completes. Then every event is in the lake
// once, every incident a run without kills alerts reached the webhook,
// and no incident was alerted twice under different keys unless the later
// alert is an escalation: a repeat of the same key (killed between the
// webhook's answer and the state's record of it) is allowed, and counted.
func TestWatchCrashAlertsEachIncident(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	const wantKills, killsPerRound, maxRounds = 12, 4, 8
	raw, _, _ := generatedDay(t, 3000, 1)
	child := func(lakeDir string, recv *receiver) crashchild.Child {
		return crashchild.Child{Test: "TestWatchCrashChild", Name: "watch --once", Env: []string{
			"LAKEHUNT_WATCH_CRASH_LAKE=" + lakeDir, "LAKEHUNT_WATCH_CRASH_INPUT=" + raw, "LAKEHUNT_WATCH_CRASH_HOOK=" + recv.srv.URL + "/hook"}}
	}

	// A run to the end times the whole work and says what to expect; a
	// second one over its finished lake times start-up.
	scratch, scratchRecv := t.TempDir(), newReceiver(t)
	_, whole := child(scratch, scratchRecv).Run(t, 0)
	_, startup := child(scratch, scratchRecv).Run(t, 0)
	if whole <= startup {
		whole = startup + 50*time.Millisecond
	}
	wantEvents := countEventsOnce(t, scratch)
	if calls := len(scratchRecv.received()); calls == 0 || wantEvents == 0 {
		t.Fatalf("a run without kills sent %d alerts over %d events: the test proves nothing", calls, wantEvents)
	}

	rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
	kills, inDelivery, repeats, rounds, incidents := 0, 0, 0, 0, 0
	for ; rounds < maxRounds && kills < wantKills; rounds++ {
		// Each round has its own lake and its own receiver, so that a
		// call a killed child had in flight counts in its round only.
		lakeDir, recv := t.TempDir(), newReceiver(t)
		finished := false
		for k := 0; k < killsPerRound && !finished; k++ {
			delay := startup + time.Duration(rng.Int64N(int64(whole-startup)+1))
			killed, ran := child(lakeDir, recv).Run(t, delay)
			if !killed {
				if k == 0 && ran > startup {
					whole = ran
				}
				finished = true
				break
			}
			kills++
			if st, err := loadState(Dir(lakeDir)); err == nil && len(st.Outbox) > 0 {
				inDelivery++
			}
		}
		if !finished {
			child(lakeDir, recv).Run(t, 0)
		}
		if n := countEventsOnce(t, lakeDir); n != wantEvents {
			t.Fatalf("round %d: the lake holds %d events, want %d", rounds, n, wantEvents)
		}
		st, err := loadState(Dir(lakeDir))
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Outbox) > 0 {
			t.Fatalf("round %d: %d alerts left in the outbox after a run completed", rounds, len(st.Outbox))
		}
		incidents += len(liveAtLeast(st, hunt.SeverityHigh))
		repeats += checkAlertedOnce(t, recv.received(), st)
	}
	t.Logf("%d kills (%d during delivery) in %d rounds, whole run %s, start-up %s; %d high incidents in all, %d repeated sends with the same key",
		kills, inDelivery, rounds, whole.Round(time.Millisecond), startup.Round(time.Millisecond), incidents, repeats)
	if kills < wantKills {
		t.Fatalf("only %d children were killed mid-run in %d rounds, want %d", kills, rounds, wantKills)
	}
}

// checkAlertedOnce checks a round's webhook calls against the state the
// round ended with: every live incident at or above high alerted, itself
// or through an incident it took over (merged incidents alert again only
// when worse than the ones they took over), no incident alerted again
// under a new key unless worse, and each key for one alert. Incidents are
// checked against the round's own state, not against the run without
// kills: a kill during ingest splits the day into commits of whatever
// sources were done, and incidents built commit by commit may group the
// same findings under other ids. It returns the number of repeated sends
// of a key.
func checkAlertedOnce(t *testing.T, calls []received, st *state) (repeats int) {
	t.Helper()
	byKey := map[string]Alert{}
	byIncident := map[string][]Alert{}
	for _, c := range calls {
		if c.Key != c.Alert.Key {
			t.Fatalf("call with Idempotency-Key %q carries alert %q", c.Key, c.Alert.Key)
		}
		if _, seen := byKey[c.Key]; seen {
			repeats++
			continue
		}
		byKey[c.Key] = c.Alert
		byIncident[c.Alert.Incident.ID] = append(byIncident[c.Alert.Incident.ID], c.Alert)
	}
	var alerted func(id string) bool
	alerted = func(id string) bool {
		if len(byIncident[id]) > 0 {
			return true
		}
		for other, k := range st.Incidents {
			if k.MergedInto == id && alerted(other) {
				return true
			}
		}
		return false
	}
	for _, id := range liveAtLeast(st, hunt.SeverityHigh) {
		if !alerted(id) {
			t.Errorf("incident %s (%s) was never alerted", id, st.Incidents[id].Severity)
		}
	}
	for id, alerts := range byIncident {
		slices.SortFunc(alerts, func(a, b Alert) int { return a.Revision - b.Revision })
		for i := 1; i < len(alerts); i++ {
			prev, a := alerts[i-1].Incident, alerts[i].Incident
			if a.Severity <= prev.Severity && a.FindingCount <= prev.FindingCount {
				t.Errorf("incident %s alerted twice, under keys %s and %s, and no worse the second time (%s, %d findings)",
					id, alerts[i-1].Key, alerts[i].Key, a.Severity, a.FindingCount)
			}
		}
	}
	return repeats
}

// liveAtLeast are the ids of the incidents of the state, not merged into
// another, at or above min.
func liveAtLeast(st *state, min hunt.Severity) []string {
	var ids []string
	for id, k := range st.Incidents {
		if k.MergedInto == "" && k.Severity >= min {
			ids = append(ids, id)
		}
	}
	return ids
}

// countEventsOnce counts the events of the lake, failing if any event id
// is there twice.
func countEventsOnce(t *testing.T, lakeDir string) int64 {
	t.Helper()
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{Lake: lakeDir, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	rows, err := e.Query(ctx, "SELECT count(*), count(DISTINCT metadata.uid) FROM cloudtrail_all")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n, distinct int64
	if !rows.Next() {
		t.Fatalf("no count: %v", rows.Err())
	}
	if err := rows.Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != distinct {
		t.Fatalf("the lake holds %d events but %d event ids: %d are there twice", n, distinct, n-distinct)
	}
	return n
}
