package hunt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/testlake"
)

// TestTopTalkersTies: pairs tied at the bar of vpc_top_talkers are ranked
// by their text whichever of them the largest hashed sums hold, so the
// hunt must read the flows of the others too. Twenty pairs tie for the
// second place; the one whose source sorts first takes it.
func TestTopTalkersTies(t *testing.T) {
	pack := builtinPack(t)
	h, ok := pack.Get("vpc_top_talkers")
	if !ok {
		t.Fatal("no hunt vpc_top_talkers")
	}
	var log strings.Builder
	log.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction traffic-path\n")
	start := goldenWindow.Start.Unix() + 3600
	flow := func(src string, bytes int) {
		fmt.Fprintf(&log, "5 111122223333 eni-0a1b2c3d4e5f60718 %s 192.0.2.55 51515 443 6 10 %d %d %d ACCEPT OK vpc-0fedcba9876543210 subnet-0a1b2c3d4e5f6a7b8 i-0123456789abcdef0 2 IPv4 %s 192.0.2.55 us-east-1 use1-az4 egress 8\n",
			src, bytes, start, start+59, src)
	}
	flow("10.0.9.9", 1000)
	for i := 20; i >= 1; i-- {
		flow(fmt.Sprintf("10.0.2.%d", i), 500)
	}
	path := filepath.Join(t.TempDir(), "ties.log")
	if err := os.WriteFile(path, []byte(log.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	e := openEngine(t, testlake.Build(t, path), []*Hunt{h}, goldenWindow)
	got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Now: goldenWindow.End, Params: map[string]string{"top": "2"}})
	if sum.Err != nil {
		t.Fatal(sum.Err)
	}
	var summaries []string
	for _, f := range got {
		summaries = append(summaries, f.Summary)
	}
	want := []string{"#1: 10.0.9.9 -> 192.0.2.55 0.0 MiB, 10 packets", "#2: 10.0.2.1 -> 192.0.2.55 0.0 MiB, 10 packets"}
	if strings.Join(summaries, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n%s\nwant\n%s", strings.Join(summaries, "\n"), strings.Join(want, "\n"))
	}
}
