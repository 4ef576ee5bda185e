package hunt

import (
	"slices"
	"testing"
	"time"
)

// Findings that tie on severity, time, hunt and summary come out in one
// order whatever order the hunt's SQL returned them in.
func TestSortFindingsOrdersTiesWhateverTheInputOrder(t *testing.T) {
	at := time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)
	sweep := func(account, actor string, uid string) Finding {
		return Finding{HuntID: "vpc_port_scan_horizontal", Severity: SeverityHigh, FirstTime: at, LastTime: at.Add(time.Hour),
			Account: account, Region: "eu-west-1", Actor: actor, SrcIP: "10.0.0.1", Summary: "sweep of port 25 across 20 hosts", EvidenceUIDs: []string{uid}}
	}
	want := []Finding{
		{HuntID: "cloudtrail_logging_stopped", Severity: SeverityCritical, FirstTime: at.Add(time.Hour), Summary: "StopLogging"},
		sweep("111122223333", "i-1", "a"),
		sweep("111122223333", "i-1", "b"),
		sweep("111122223333", "i-2", "a"),
		sweep("444455556666", "i-1", "a"),
	}
	f := func(order ...int) {
		t.Helper()
		got := make([]Finding, len(order))
		for i, j := range order {
			got[i] = want[j]
		}
		SortFindings(got)
		if !slices.EqualFunc(got, want, func(a, b Finding) bool {
			return a.Account == b.Account && a.Actor == b.Actor && slices.Equal(a.EvidenceUIDs, b.EvidenceUIDs) && a.HuntID == b.HuntID
		}) {
			t.Fatalf("input order %v: got %+v", order, got)
		}
	}
	f(0, 1, 2, 3, 4)
	f(4, 3, 2, 1, 0)
	f(2, 4, 0, 3, 1)
}
