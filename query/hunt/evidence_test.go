package hunt

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// CloudTrail times have a second's precision, so a burst puts many events
// in one second. Evidence is the first events by time, then by uid: the same
// on every run and with every thread count, where ordering by time alone let
// DuckDB pick any of the tied events.
func TestEvidenceOfTiedEventsIsTheSameOnEveryRun(t *testing.T) {
	const files, perFile = 6, 10
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var uids []string
	var paths []string
	for f := range files {
		var records []map[string]any
		for range perFile {
			uid := fmt.Sprintf("%08x-0000-4000-8000-%012x", rng.Uint32(), rng.Uint64()&0xffffffffffff)
			uids = append(uids, uid)
			records = append(records, map[string]any{
				"eventVersion": "1.09", "eventTime": "2024-03-05T10:03:00Z",
				"userIdentity": map[string]any{"type": "IAMUser", "accountId": "111122223333", "userName": "mallory", "arn": "arn:aws:iam::111122223333:user/mallory"},
				"eventSource":  "cloudtrail.amazonaws.com", "eventName": "StopLogging", "awsRegion": "us-east-1",
				"sourceIPAddress": "203.0.113.9", "eventID": uid, "recipientAccountId": "111122223333",
				"requestParameters": map[string]any{"name": "org-trail"},
			})
		}
		data, err := json.Marshal(map[string]any{"Records": records})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_20240305T10%02dZ_%d.json", f, f))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	slices.Sort(uids)
	want := uids[:result.MaxEvidence]

	h, ok := builtinPack(t).Get("cloudtrail_logging_stopped")
	if !ok {
		t.Fatal("no cloudtrail_logging_stopped hunt")
	}
	lakeDir := testlake.Build(t, paths...)
	for _, threads := range []int{1, 4, 4} {
		e, err := engine.Open(context.Background(), engine.Options{Lake: lakeDir, Now: goldenWindow.End, Dialect: engine.DialectDuckDB, Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Now: goldenWindow.End})
		e.Close()
		if sum.Err != nil {
			t.Fatal(sum.Err)
		}
		if len(got) != 1 || got[0].EventCount != files*perFile {
			t.Fatalf("threads %d: want one finding of %d events, got %+v", threads, files*perFile, got)
		}
		if !slices.Equal(got[0].EvidenceUIDs, want) {
			t.Fatalf("threads %d: evidence %v, want the %d smallest uids %v", threads, got[0].EvidenceUIDs, result.MaxEvidence, want)
		}
	}
}
