package lake

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// randomFlows are n flows of the day over a few heavy pairs, each also
// seen lightly in other files, and a long tail of light ones: private
// and public addresses, admin ports, both actions, and flows without
// bytes, an address or an action.
// A file of heavyEvery 100 holds the heavy pairs as light ones, and in
// few flows.
func randomFlows(rng *rand.Rand, part Partition, n, heavyEvery int, heavyScale int64) []Row[ocsf.FlowEvent] {
	addr := func(heavy bool) string {
		switch {
		case heavy && rng.IntN(2) == 0:
			return fmt.Sprintf("10.0.0.%d", rng.IntN(4))
		case heavy:
			return fmt.Sprintf("203.0.113.%d", rng.IntN(4))
		case rng.IntN(40) == 0:
			return ""
		case rng.IntN(2) == 0:
			return fmt.Sprintf("172.16.%d.%d", rng.IntN(4), rng.IntN(250))
		default:
			return fmt.Sprintf("198.51.%d.%d", rng.IntN(4), rng.IntN(250))
		}
	}
	ports := []int32{22, 3389, 443, 80, 5985, 23}
	rows := make([]Row[ocsf.FlowEvent], n)
	for i := range rows {
		ms := testDay.UnixMilli() + rng.Int64N(24*3600*1000)
		heavy := rng.IntN(heavyEvery) == 0
		v := ocsf.FlowEvent{Time: ms, TimeDt: ms,
			SrcEndpoint: ocsf.NetworkEndpoint{IP: addr(heavy)},
			DstEndpoint: ocsf.NetworkEndpoint{IP: addr(heavy), Port: &ports[rng.IntN(len(ports))]}}
		switch rng.IntN(20) {
		case 0:
		case 1, 2, 3:
			v.Action = "Denied"
		default:
			v.Action = "Allowed"
		}
		if rng.IntN(30) != 0 {
			b := rng.Int64N(1000)
			if heavy {
				b *= heavyScale
			}
			v.Traffic.Bytes = &b
		}
		rows[i] = Row[ocsf.FlowEvent]{Part: part, TimeMs: ms, Value: v}
	}
	return rows
}

// TestTopFlowGroups checks the groups TopFlowGroups answers from the
// summaries against every group counted from all the flows: whenever it
// answers, for each ranking.
func TestTopFlowGroups(t *testing.T) {
	defer func(top [flowRankings]int) { flowSummaryTop = top }(flowSummaryTop)
	flowSummaryTop = [flowRankings]int{40, 40, 40}
	root, w := openTestWriter(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var all []Row[ocsf.FlowEvent]
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		part, err := NewPartition(region, "111122223333", testDay)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			rows := randomFlows(rng, part, 3000, 10, 1000)
			if i == 2 {
				rows = randomFlows(rng, part, 3000, 100, 1)
			}
			all = append(all, rows...)
			order, _ := SortByPartitionAndTime(rows)
			st := stageRows(t, w, VPCFlow, part, rows, order, false)
			if st.Entry.Summary == "" {
				t.Fatal("a flow file was staged without its summary")
			}
			if _, err := w.Commit(VPCFlow, nil, []Staged{st}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if problems, err := w.Verify(); err != nil || len(problems) > 0 {
		t.Fatalf("verify: %v %v", problems, err)
	}
	files, ok, err := SummarizedFlowFiles(root, testDay, testDay.AddDate(0, 0, 1), "", "")
	if err != nil || !ok || len(files) != 6 {
		t.Fatalf("SummarizedFlowFiles: %d files, %v, %v", len(files), ok, err)
	}
	f := func(r FlowRanking, n int, wantAnswer bool) {
		t.Helper()
		groups := map[string]*FlowGroup{}
		var buf []string
		for i := range all {
			v := &all[i].Value
			facts := flowFacts{TimeDt: v.TimeDt, Action: v.Action, SrcIP: v.SrcEndpoint.IP, DstIP: v.DstEndpoint.IP}
			if p := v.DstEndpoint.Port; p != nil {
				facts.DstPort, facts.HasPort = *p, true
			}
			if b := v.Traffic.Bytes; b != nil {
				facts.Bytes, facts.HasBytes = *b, true
			}
			key, counted := r.key(&facts, buf)
			buf = key
			if !counted {
				continue
			}
			g := groups[flowKey(key)]
			if g == nil {
				g = &FlowGroup{Key: slices.Clone(key)}
				groups[flowKey(key)] = g
			}
			// Counted here, apart from the code under test.
			g.Flows++
			if facts.HasBytes {
				g.Bytes += facts.Bytes
				g.HasBytes = true
			}
			if r == FlowAdmin && facts.TimeDt > g.Last {
				g.Last = facts.TimeDt
			}
			if r == FlowEgress {
				g.Sources = append(g.Sources, facts.SrcIP)
			}
		}
		var want []FlowGroup
		for _, g := range groups {
			g.finish()
			want = append(want, *g)
		}
		byMeasure := func(a, b FlowGroup) int {
			if c := cmp.Compare(r.measure(&b), r.measure(&a)); c != 0 {
				return c
			}
			return slices.Compare(a.Key, b.Key)
		}
		slices.SortFunc(want, byMeasure)
		last := r.measure(&want[n-1])
		want = slices.DeleteFunc(want, func(g FlowGroup) bool { return r.measure(&g) < last })

		got, answered, err := TopFlowGroups(r, files, n)
		if err != nil {
			t.Fatal(err)
		}
		if answered != wantAnswer {
			t.Fatalf("ranking %d, n %d: answered %v, want %v", r, n, answered, wantAnswer)
		}
		if !answered {
			return
		}
		slices.SortFunc(got, byMeasure)
		if len(got) != len(want) {
			t.Fatalf("ranking %d: %d groups, want %d", r, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if !slices.Equal(g.Key, w.Key) || g.Bytes != w.Bytes || g.HasBytes != w.HasBytes || g.Flows != w.Flows || g.Last != w.Last || !slices.Equal(g.Sources, w.Sources) {
				t.Errorf("ranking %d, group %d: got %+v, want %+v", r, i, g, w)
			}
		}
	}
	resolved := flowResolutions.Load()
	f(FlowTalkers, 10, true)
	f(FlowEgress, 3, true)
	f(FlowAdmin, 10, true)
	if flowResolutions.Load() == resolved {
		t.Error("no group was counted from the flows: the test misses the files that hold a listed group unlisted")
	}
	// More groups than the files list together: the cuts cannot bound
	// the groups left out.
	f(FlowTalkers, 300, false)

	// A window that cuts through a file, a file without its summary.
	if _, ok, _ := SummarizedFlowFiles(root, testDay.Add(time.Hour), testDay.AddDate(0, 0, 1), "", ""); ok {
		t.Error("a window cutting through the files was answered from their summaries")
	}
	if files, ok, _ := SummarizedFlowFiles(root, testDay, testDay.AddDate(0, 0, 1), "", "eu-west-1"); !ok || len(files) != 3 {
		t.Errorf("region filter: %d files, %v; want 3", len(files), ok)
	}
	p, _ := PartitionOf(root, VPCFlow, files[0].Path)
	decoded.byPath = nil // as a process that did not read it before
	if err := os.Remove(flowSummaryPath(root, VPCFlow, p, filepath.Base(files[0].Path))); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := SummarizedFlowFiles(root, testDay, testDay.AddDate(0, 0, 1), "", ""); ok || err != nil {
		t.Errorf("a file without its summary: answered %v (%v), want false", ok, err)
	}
}

// BenchmarkSummarizeFlowFile summarizes a file of 200k flows, most of
// them pairs of their own, as the medium bench's flow files are.
func BenchmarkSummarizeFlowFile(b *testing.B) {
	_, w := openTestWriter(b)
	part, err := NewPartition("us-east-1", "111122223333", testDay)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	rows := randomFlows(rng, part, 200_000, 10, 1000)
	for i := range rows {
		// The tail of the medium data: addresses from a far larger space.
		rows[i].Value.SrcEndpoint.IP = fmt.Sprintf("10.%d.%d.%d", rng.IntN(4), rng.IntN(250), rng.IntN(250))
	}
	order, _ := SortByPartitionAndTime(rows)
	st := stageRows(b, w, VPCFlow, part, rows, order, false)
	b.ResetTimer()
	for b.Loop() {
		if _, err := SummarizeFlowFile(TempName(st.Final)); err != nil {
			b.Fatal(err)
		}
	}
}
