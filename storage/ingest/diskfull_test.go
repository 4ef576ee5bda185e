package ingest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// The lake lives on a 1 MiB tmpfs: the ingest must stop with a clear
// message, leave no partial file visible, and, once space returns, a rerun
// must complete with every event once. Mounting needs root, as in CI.
func TestDiskFullFailsCleanlyAndRerunCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a tmpfs")
	}
	root := filepath.Join(t.TempDir(), "lake")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", root).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot mount a tmpfs in CI: %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", root).Run() })

	input := t.TempDir()
	want := writeCrashInput(t, input, 60, 500)
	run := func() (*Summary, error) {
		w, err := lake.OpenWriter(root)
		if err != nil {
			return nil, err
		}
		defer w.Close()
		sources, skipped, err := source.Expand(source.CloudTrail, []string{input}, nil)
		if err != nil {
			t.Fatal(err)
		}
		opt := CloudTrailOptions(time.Now())
		opt.BatchRows = 2000
		return Run(context.Background(), w, sources, skipped, opt)
	}
	_, err := run()
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("ingest on a full disk: %v, want a 'no space left on device' error", err)
	}
	t.Logf("full disk: %v", err)
	// What was committed before the disk filled is intact and readable.
	if problems, err := lake.Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("verify after disk full: %v %v", problems, err)
	}
	partial := len(lakeEvents(t, root))
	if partial >= want {
		t.Fatalf("the disk never filled: %d events", partial)
	}
	if out, err := exec.Command("mount", "-o", "remount,size=64m", root).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
	if _, err := run(); err != nil {
		t.Fatalf("rerun after space returned: %v", err)
	}
	checkEveryEventOnce(t, root, want)
	t.Logf("%d events committed before the disk filled, all %d after the rerun", partial, want)
}
