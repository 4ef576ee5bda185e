package console

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// writeFlowLog writes a VPC flow log of the account and region on the
// day: a few heavy pairs, between private addresses and from private to
// public ones, over a long tail of light ones, with admin ports and
// rejected flows among them.
func writeFlowLog(t *testing.T, dir, account, region string, day time.Time, n int, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	path := filepath.Join(dir, fmt.Sprintf("%s_vpcflowlogs_%s_fl-1_%d.log", account, region, seed))
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	fmt.Fprintln(out, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")
	ports := []int{22, 3389, 443, 80, 5985, 53}
	for i := range n {
		src := fmt.Sprintf("198.51.%d.%d", rng.IntN(8), rng.IntN(250))
		dst := fmt.Sprintf("10.1.%d.%d", rng.IntN(8), rng.IntN(250))
		bytes := rng.IntN(2000)
		if i%3 == 0 {
			src = fmt.Sprintf("10.0.0.%d", rng.IntN(4))
			dst = fmt.Sprintf("10.0.9.%d", rng.IntN(60))
			if rng.IntN(3) > 0 {
				dst = fmt.Sprintf("203.0.113.%d", rng.IntN(120))
			}
			bytes = 1_000_000 + rng.IntN(1_000_000)
		}
		action := "ACCEPT"
		if rng.IntN(5) == 0 {
			action = "REJECT"
		}
		start := day.Unix() + int64(rng.IntN(86000))
		fmt.Fprintf(out, "2 %s eni-0a1b2c3d %s %s %d %d 6 3 %d %d %d %s OK\n", account, src, dst, 1024+rng.IntN(60000), ports[rng.IntN(len(ports))], bytes, start, start+60, action)
	}
	return path
}

// TestSummarizedPanelsMatchTheirStatements: the VPC Flow panels drawn
// from the flow summaries show the rows, in the order, that their own
// statements give over the flows, over the samples and over a lake whose
// files list a part of their groups; a window that cuts through the
// files is not answered from them.
func TestSummarizedPanelsMatchTheirStatements(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	generated := testlake.BuildAt(t, day.AddDate(0, 0, 2),
		writeFlowLog(t, dir, "111122223333", "us-east-1", day, 6000, 1),
		writeFlowLog(t, dir, "444455556666", "eu-west-1", day, 6000, 2))
	d, _ := dashboard("vpc-flow")
	f := func(s *Server, v view, wantSummarized bool) {
		t.Helper()
		eng, err := s.open(ctx, v, engine.DialectDuckDB)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		for i := range d.Panels {
			p := &d.Panels[i]
			if p.Summarized == nil {
				continue
			}
			text, args, ok, err := s.fromSummaries(v, p)
			if err != nil || ok != wantSummarized {
				t.Fatalf("%s %+v: answered from the summaries %v (%v), want %v", p.ID, v, ok, err, wantSummarized)
			}
			if !ok {
				continue
			}
			got := s.drawPanel(ctx, eng, v, d, p, boundStatement{text: text, args: args}, nil)
			want := s.drawPanel(ctx, eng, v, d, p, bound(p.SQL(), v), nil)
			if got.Error != "" || want.Error != "" {
				t.Fatalf("%s: %q, over the flows: %q", p.ID, got.Error, want.Error)
			}
			if len(want.Table.Rows) == 0 {
				t.Errorf("%s %+v: no rows to compare", p.ID, v)
			}
			if !slices.Equal(got.Table.Columns, want.Table.Columns) || !slices.EqualFunc(got.Table.Rows, want.Table.Rows, slices.Equal) {
				t.Errorf("%s %+v: from the summaries\n%v\nover the flows\n%v", p.ID, v, got.Table, want.Table)
			}
		}
	}
	samples, _ := startConsoleWithGeo(t)
	f(samples, view{From: day, To: day.AddDate(0, 0, 1)}, true)
	f(samples, view{From: day.AddDate(0, 0, -29), To: day.AddDate(0, 0, 1), Account: "111122223333"}, true)
	s, _ := startConsole(t, Options{Lake: generated})
	f(s, view{From: day.AddDate(0, 0, -6), To: day.AddDate(0, 0, 1)}, true)
	f(s, view{From: day, To: day.AddDate(0, 0, 1), Account: "444455556666"}, true)
	f(s, view{From: day.Add(time.Hour), To: day.AddDate(0, 0, 1)}, false)
}
