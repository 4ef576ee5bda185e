package ingest

import (
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestCrashChild is the ingest that TestKilledIngestLeavesEveryEventOnce
// runs in a child process and kills; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	root, input := os.Getenv("LAKEHUNT_CRASH_LAKE"), os.Getenv("LAKEHUNT_CRASH_INPUT")
	if root == "" {
		t.Skip("only runs as the child of TestKilledIngestLeavesEveryEventOnce")
	}
	w, err := lake.OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	sources, skipped, err := source.Expand(source.CloudTrail, []string{input}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := CloudTrailOptions(time.Now())
	opt.Workers = 2
	opt.BatchRows = 700
	if _, err := Run(context.Background(), w, sources, skipped, opt); err != nil {
		t.Fatal(err)
	}
}

func writeCrashInput(t *testing.T, dir string, files, perFile int) int {
	t.Helper()
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for f := 0; f < files; f++ {
		path := filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_%03d.json.gz", f))
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(out)
		fmt.Fprint(zw, `{"Records":[`)
		for i := 0; i < perFile; i++ {
			if i > 0 {
				fmt.Fprint(zw, ",")
			}
			ts := base.Add(time.Duration(n*37) * time.Second).Format(time.RFC3339)
			region := []string{"us-east-1", "eu-west-1"}[n%2]
			fmt.Fprintf(zw, `{"eventVersion":"1.09","eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":%q,"sourceIPAddress":"198.51.100.%d","eventID":"crash-%08d","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"u%d"},"requestParameters":{"maxResults":%d}}`,
				ts, region, n%250, n, n%17, n)
			n++
		}
		fmt.Fprint(zw, `]}`)
		zw.Close()
		out.Close()
	}
	return n
}

func TestKilledIngestLeavesEveryEventOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	input, root := t.TempDir(), t.TempDir()
	want := writeCrashInput(t, input, 60, 500)
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	kills := 0
	for attempt := 0; attempt < 12; attempt++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "LAKEHUNT_CRASH_LAKE="+root, "LAKEHUNT_CRASH_INPUT="+input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(20+rng.IntN(400)) * time.Millisecond
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			kills++
		case err := <-exited:
			if err != nil {
				t.Fatalf("child failed on its own: %v", err)
			}
		}
	}
	t.Logf("killed %d of 12 child ingests", kills)
	if kills == 0 {
		t.Fatal("no child was killed mid-run: make the input larger")
	}
	ingestCloudTrail(t, root, input)
	events := lakeEvents(t, root)
	seen := make(map[string]bool, len(events))
	for _, e := range events {
		if seen[e.Metadata.UID] {
			t.Fatalf("event %s is in the lake twice", e.Metadata.UID)
		}
		seen[e.Metadata.UID] = true
	}
	if len(seen) != want {
		t.Fatalf("lake holds %d events, want %d", len(seen), want)
	}
	for i := 0; i < want; i++ {
		if !seen["crash-"+fmt.Sprintf("%08d", i)] {
			t.Fatalf("event %d missing", i)
		}
	}
}
