package hunt

import "testing"

// TestRunQueueOneFlowHuntAtATime hands out a pack to two workers the way
// Run's do: every hunt once, flow hunts first and never two at once,
// CloudTrail hunts beside them, and a worker with only flow hunts left
// behind a running one stops.
func TestRunQueueOneFlowHuntAtATime(t *testing.T) {
	hs := []*Hunt{
		{ID: "ct1", Source: SourceCloudTrail},
		{ID: "flow1", Source: SourceVPCFlow},
		{ID: "ct2", Source: SourceCloudTrail},
		{ID: "both1", Source: SourceBoth},
		{ID: "ct3", Source: SourceCloudTrail},
	}
	q := newRunQueue(hs)
	f := func(done int, wantID string) int {
		t.Helper()
		i, ok := q.next(done)
		switch {
		case wantID == "" && ok:
			t.Fatalf("next(%d) = %s, want nothing", done, hs[i].ID)
		case wantID == "":
			return -1
		case !ok:
			t.Fatalf("next(%d) = nothing, want %s", done, wantID)
		case hs[i].ID != wantID:
			t.Fatalf("next(%d) = %s, want %s", done, hs[i].ID, wantID)
		}
		return i
	}
	a := f(-1, "flow1")
	b := f(-1, "ct1")
	b = f(b, "ct2") // flow1 still runs: not both1
	a = f(a, "both1")
	b = f(b, "ct3")
	f(b, "") // only flow hunts left, one running: this worker stops
	f(a, "")
}

// TestReads: a hunt reads its own source, and a hunt of both reads
// either; asked for both, only a hunt of both does.
func TestReads(t *testing.T) {
	f := func(own, asked Source, want bool) {
		t.Helper()
		if got := (&Hunt{Source: own}).Reads(asked); got != want {
			t.Errorf("a hunt of %s Reads(%s) = %v, want %v", own, asked, got, want)
		}
	}
	f(SourceCloudTrail, SourceCloudTrail, true)
	f(SourceCloudTrail, SourceVPCFlow, false)
	f(SourceVPCFlow, SourceCloudTrail, false)
	f(SourceBoth, SourceCloudTrail, true)
	f(SourceBoth, SourceVPCFlow, true)
	f(SourceBoth, SourceBoth, true)
	f(SourceVPCFlow, SourceBoth, false)
}
