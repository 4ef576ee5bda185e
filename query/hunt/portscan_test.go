package hunt

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/lakehunt/lakehunt/storage/testlake"
)

// The port scans count only the rejected or unanswered flows first, since
// a scan needs at least $min_failed_share of its flows so. With that share
// at 0 every flow counts, and the sources that their goldens keep quiet
// for accepting too much are scans: 198.51.100.62 reached 12 uncommon
// ports of one host with 5 of 12 flows rejected, 10.0.1.30 reached 10 hosts
// on 443 with every flow accepted.
func TestPortScansWithoutFailedShare(t *testing.T) {
	root := goldenRoot(t)
	pack := builtinPack(t)
	f := func(id string, params map[string]string, wantSrc string) {
		t.Helper()
		h, ok := pack.Get(id)
		if !ok {
			t.Fatalf("no hunt %s", id)
		}
		dir := filepath.Join(root, id)
		e := openEngine(t, testlake.Build(t, existing(dir, "fire.log", "quiet.log")...), []*Hunt{h}, goldenWindow)
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Now: goldenWindow.End, Params: params})
		if sum.Err != nil {
			t.Fatal(sum.Err)
		}
		for _, fd := range got {
			if fd.SrcIP == wantSrc {
				return
			}
		}
		t.Errorf("%s with %v: no finding from %s among %d", id, params, wantSrc, len(got))
	}
	f("vpc_port_scan_vertical", map[string]string{"min_failed_share": "0"}, "198.51.100.62")
	f("vpc_port_scan_horizontal", map[string]string{"min_failed_share": "0", "min_hosts": "10"}, "10.0.1.30")
}
